//! Lists the starter template's files for `hyperox new` (`$OUT_DIR/template.rs`):
//! every file under `template/`, so that a file added there is in the
//! next app without a list kept by hand.

use std::path::{Path, PathBuf};

/// Where a template file goes in the new app: the names that cannot be
/// stored as they are (a manifest would make the template a package of
/// its own; dot files are left out of packages) are renamed.
fn target(rel: &str) -> String {
    match rel {
        "Cargo.toml.tmpl" => "Cargo.toml".to_owned(),
        "gitignore" => ".gitignore".to_owned(),
        "dockerignore" => ".dockerignore".to_owned(),
        "deploy/app.socket" => "deploy/{{name}}.socket".to_owned(),
        "deploy/app.service" => "deploy/{{name}}.service".to_owned(),
        other => other.to_owned(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable template folder").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("template");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut code = String::from("&[\n");
    for file in &files {
        println!("cargo::rerun-if-changed={}", file.display());
        let rel = file
            .strip_prefix(&root)
            .expect("under the template")
            .to_str()
            .expect("template paths are UTF-8")
            .replace('\\', "/");
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            target(&rel),
            file.display().to_string()
        ));
    }
    code.push_str("]\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("template.rs"), code).expect("OUT_DIR is writable");
}
