//! Converts every document of `corpus/` into Rust (the `html!` form, and
//! the builder form for every fifth) in `$OUT_DIR/corpus.rs`, so that the
//! crate compiles what the converter wrote.

use hyperox_convert::{Form, convert, is_document};
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    println!("cargo::rerun-if-changed={}", corpus.display());
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|e| e.expect("a readable corpus").path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    files.sort();
    let mut code = String::new();
    let mut table = String::from(
        "/// Every document: its name, its HTML, and its code's rendering(s).\npub const DOCS: &[Doc] = &[\n",
    );
    for (i, path) in files.iter().enumerate() {
        let html = std::fs::read_to_string(path).expect("a readable document");
        let name = path.file_stem().unwrap().to_str().unwrap();
        let render = if is_document(&html) {
            "render_page"
        } else {
            "render"
        };
        let _ = writeln!(
            code,
            "fn macro_{i}() -> String {{\n    {}.{render}()\n}}\n",
            convert(&html, Form::Macro)
        );
        let builder = if i % 5 == 0 {
            let _ = writeln!(
                code,
                "fn builder_{i}() -> String {{\n    {}.{render}()\n}}\n",
                convert(&html, Form::Builder)
            );
            format!("Some(builder_{i})")
        } else {
            "None".to_owned()
        };
        let _ = writeln!(
            table,
            "    Doc {{ name: {name:?}, html: include_str!({:?}), from_macro: macro_{i}, from_builder: {builder} }},",
            path.display().to_string()
        );
    }
    table.push_str("];\n");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("corpus.rs"), format!("{code}\n{table}")).expect("OUT_DIR is writable");
}
