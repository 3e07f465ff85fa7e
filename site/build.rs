//! The route table, the stylesheet and the embedded assets (hyperox-build),
//! and the guide's table of pages from `guide/*.md`, checked: a link to a
//! guide page that does not exist (`](guide:name)`), an example that is
//! not there (`{{example name}}`) or a source file the workspace does not
//! have (`{{source path}}`) fails the build, naming the page and line.
//! The guide shows code only through those two: code that is compiled
//! (and tested) with the workspace.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    hyperox_build::Build::new()
        .state("crate::Site")
        .run_or_exit();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = root.join("guide");
    println!("cargo::rerun-if-changed={}", guide.display());
    let mut files: Vec<_> = std::fs::read_dir(&guide)
        .expect("the guide folder")
        .map(|e| e.expect("a readable guide folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    // `01-getting-started.md`: its place, then its slug.
    let slugs: Vec<String> = files
        .iter()
        .map(|p| {
            let stem = p.file_stem().unwrap().to_str().expect("UTF-8 names");
            stem.split_once('-').map_or(stem, |(_, s)| s).to_owned()
        })
        .collect();
    let mut errors = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let workspace = root.parent().expect("the site is in the workspace");
    let mut table = String::from("&[\n");
    for (path, slug) in files.iter().zip(&slugs) {
        println!("cargo::rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(path).expect("a readable guide page");
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .unwrap_or_else(|| panic!("{} has no `# title` line", path.display()));
        for (i, line) in text.lines().enumerate() {
            for target in line.split("](guide:").skip(1) {
                let target = target.split([')', '#']).next().unwrap_or("");
                if !slugs.iter().any(|s| s == target) {
                    errors.push(format!(
                        "{}:{}: no guide page `{target}`",
                        path.display(),
                        i + 1
                    ));
                }
            }
            if let Some(rel) = line
                .trim()
                .strip_prefix("{{source ")
                .and_then(|r| r.strip_suffix("}}"))
            {
                if workspace.join(rel).is_file() {
                    if !sources.iter().any(|s| s == rel) {
                        sources.push(rel.to_owned());
                    }
                } else {
                    errors.push(format!(
                        "{}:{}: no file `{rel}` in the workspace",
                        path.display(),
                        i + 1
                    ));
                }
            }
            if let Some(name) = line
                .trim()
                .strip_prefix("{{example ")
                .and_then(|r| r.strip_suffix("}}"))
            {
                let file = root
                    .join("src/partials/examples")
                    .join(format!("{name}.rs"));
                if !file.exists() {
                    errors.push(format!(
                        "{}:{}: no example `{name}` ({})",
                        path.display(),
                        i + 1,
                        file.display()
                    ));
                }
            }
        }
        writeln!(
            table,
            "    GuidePage {{ slug: {slug:?}, title: {title:?}, markdown: include_str!({:?}) }},",
            path.display().to_string()
        )
        .unwrap();
    }
    table.push_str("]\n");
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo::error={e}");
        }
        std::process::exit(1);
    }
    let mut shown = String::from("&[\n");
    for rel in &sources {
        let file = workspace.join(rel);
        println!("cargo::rerun-if-changed={}", file.display());
        writeln!(
            shown,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    shown.push_str("]\n");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("guide_pages.rs"), table).expect("OUT_DIR is writable");
    std::fs::write(out.join("guide_sources.rs"), shown).expect("OUT_DIR is writable");
}
