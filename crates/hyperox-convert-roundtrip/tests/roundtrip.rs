//! Every document of the corpus, converted to Rust, compiled (this
//! crate), rendered and parsed again, is the same tree as the document:
//! the same elements, attributes, text and comments in the same order
//! (layout whitespace aside, as the converter leaves it out).

use hyperox_convert::tree;
use hyperox_convert_roundtrip::DOCS;

#[test]
fn every_document_comes_back_the_same() {
    assert!(DOCS.len() >= 200, "a corpus of {} documents", DOCS.len());
    let mut failed = Vec::new();
    let mut builders = 0;
    for doc in DOCS {
        let want = tree(doc.html);
        let got = (doc.from_macro)();
        if tree(&got) != want {
            failed.push(format!("{} (html!):\n{got}", doc.name));
        }
        if let Some(builder) = doc.from_builder {
            builders += 1;
            let got = builder();
            if tree(&got) != want {
                failed.push(format!("{} (builder):\n{got}", doc.name));
            }
        }
    }
    println!(
        "{} documents, {} of them also in the builder form: {} differ",
        DOCS.len(),
        builders,
        failed.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// The comparison sees what a broken conversion would lose.
#[test]
fn a_difference_is_seen() {
    let base = tree("<p class=\"a\">x <b>y</b><!--c--></p>");
    for other in [
        "<p class=\"b\">x <b>y</b><!--c--></p>",
        "<p class=\"a\">x <i>y</i><!--c--></p>",
        "<p class=\"a\"><b>y</b>x <!--c--></p>",
        "<p class=\"a\">x <b>y</b></p>",
        "<p>x <b>y</b><!--c--></p>",
    ] {
        assert_ne!(tree(other), base, "{other}");
    }
}
