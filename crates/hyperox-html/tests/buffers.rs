//! Rendering into every kind of buffer gives the same HTML as rendering
//! into a `String`: `Vec<u8>`, `bytes::BytesMut`, any `fmt::Write`
//! (written through as it comes, so loops cannot take back what they
//! wrote), and nodes behind a pointer.

use hyperox_html::prelude::*;
use hyperox_html::{Buffer, FmtBuffer, boxed};
use std::fmt;

/// A page with loops (of elements with and without attributes, empty and
/// not), void and raw-text elements, escaping, numbers, boxed nodes and
/// literal markup from `html!`.
fn page(rows: &[Vec<u32>], names: &[&str]) -> impl Node {
    html((
        head((title(("Report ", rows.len())), script("if (a </b) {}"))),
        body((
            class("p-4"),
            h1("Tom & \"Jerry\""),
            table(each(rows, |r| tr(each(r, |c| td(*c))))),
            ul(each(names.iter().enumerate(), |(i, n)| {
                li((class_if(i == 0, "first"), b(*n), ": ", i, br(())))
            })),
            ol(each(Vec::<u8>::new(), li)),
            div(vec![boxed(b("boxed")), boxed(each(0..3, i)), boxed(2.5)]),
            hyperox_html::html!(p((class("lit"), "literal ", em("markup")))),
            input((name("q"), value("<x>"))),
        )),
    ))
}

fn rows() -> Vec<Vec<u32>> {
    (0..12)
        .map(|r| (0..12).map(|c| r * 1000 + c * 7).collect())
        .collect()
}

const NAMES: [&str; 4] = ["ada", "<grace>", "linus & co", ""];

/// Shows a node through `Display`, by `render_fmt` into the formatter.
struct Shown<N>(N);

impl<N: Node> fmt::Display for Shown<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.render_fmt(f)
    }
}

#[test]
fn every_buffer_gets_the_same_html() {
    let rows = rows();
    let page = page(&rows, &NAMES);
    let want = page.render();
    assert!(want.contains("<td>11077</td></tr></table>"), "{want}");
    assert!(want.contains("<ol></ol>"), "{want}");

    let mut vec = Vec::new();
    page.render_into(&mut vec);
    assert_eq!(String::from_utf8(vec).unwrap(), want);

    let mut bytes = bytes::BytesMut::new();
    page.render_into(&mut bytes);
    assert_eq!(&bytes[..], want.as_bytes());

    let mut through = String::new();
    page.render_fmt(&mut through).unwrap();
    assert_eq!(through, want);

    assert_eq!(Shown(&page).to_string(), want);
    assert_eq!(format!("[{:}]", Shown(&page)), format!("[{want}]"));
}

#[test]
fn appends_after_what_is_there() {
    let mut out = String::from("before|");
    ul(each(1..=2, li)).render_into(&mut out);
    assert_eq!(out, "before|<ul><li>1</li><li>2</li></ul>");

    let mut vec = b"before|".to_vec();
    let hint = SizeHint::new();
    hint.render_into(&ul(each(1..=2, li)), &mut vec);
    hint.render_into(&ul(each(3..=3, li)), &mut vec);
    assert_eq!(
        vec,
        b"before|<ul><li>1</li><li>2</li></ul><ul><li>3</li></ul>"
    );
}

#[test]
fn a_failing_writer_stops_with_its_error() {
    /// Accepts `room` bytes, then fails.
    struct Full {
        got: String,
        room: usize,
    }
    impl fmt::Write for Full {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            if self.got.len() + s.len() > self.room {
                return Err(fmt::Error);
            }
            self.got.push_str(s);
            Ok(())
        }
    }
    let rows = rows();
    let page = page(&rows, &NAMES);
    let want = page.render();
    let mut full = Full {
        got: String::new(),
        room: 100,
    };
    assert_eq!(page.render_fmt(&mut full), Err(fmt::Error));
    assert!(full.got.len() <= 100);
    assert!(want.starts_with(&full.got));

    let mut roomy = Full {
        got: String::new(),
        room: want.len(),
    };
    assert_eq!(page.render_fmt(&mut roomy), Ok(()));
    assert_eq!(roomy.got, want);
}

#[test]
fn a_buffer_of_your_own() {
    /// Counts what is written, keeping nothing.
    #[derive(Default)]
    struct Count(usize);
    impl Buffer for Count {
        fn push_str(&mut self, s: &str) {
            self.0 += s.len();
        }
        fn as_dyn(&mut self) -> &mut dyn Buffer {
            self
        }
    }
    let rows = rows();
    let page = page(&rows, &NAMES);
    let mut count = Count::default();
    page.render_into(&mut count);
    assert_eq!(count.0, page.render().len());

    let mut target = String::new();
    let mut buf = FmtBuffer::new(&mut target);
    buf.push_str("x");
    buf.push('é');
    assert_eq!(buf.finish(), Ok(()));
    assert_eq!(target, "xé");
}
