//! Embeds the framework's client files (htmx and the hyperox extension)
//! with content-hash URLs and precompressed copies.

use hyperox_build::assets::{SourceFile, generate};
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let files = [
        ("htmx.min.js", "assets/vendor/htmx/htmx.min.js"),
        ("hx-ptag.min.js", "assets/vendor/htmx/hx-ptag.min.js"),
        ("hx-sse.min.js", "assets/vendor/htmx/hx-sse.min.js"),
        ("hx-ws.min.js", "assets/vendor/htmx/hx-ws.min.js"),
        ("hyperox.js", "assets/hyperox.js"),
    ]
    .map(|(name, path)| {
        let path = root.join(path);
        println!("cargo::rerun-if-changed={}", path.display());
        SourceFile {
            name: name.to_owned(),
            path,
            dev_path: None,
        }
    });
    let code = generate(&files, &out.join("builtin"), "builtin", "crate::assets")
        .unwrap_or_else(|e| panic!("embedding the client files: {e}"));
    std::fs::write(out.join("builtin.rs"), code).expect("writing builtin.rs");
}
