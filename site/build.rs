//! The route table, the stylesheet and the embedded assets (hyperox-build),
//! and the guide's table of pages from `guide/*.md`, checked: a link to a
//! guide page that does not exist (`](guide:name)`), an example that is
//! not there (`{{example name}}`) or a source file the workspace does not
//! have (`{{source path}}`, `{{tests path}}`), or a tutorial step that is not there
//! (`{{step N}}`: the crate `tutorial/stepN`) fails the build, naming the
//! page and line. The guide shows code only through these directives: code
//! that is compiled (and tested) with the workspace. A step is shown as
//! what changed since the step before: its new files whole, its changed
//! files as a diff, its moved and removed files named.

use std::fmt::Write as _;
use std::path::Path;

#[path = "build/api.rs"]
mod api;
// hyperox-html's element and attribute items are generated from this
// table by this generator (in hyperox-macros); the reference makes them
// the same way.
#[allow(dead_code)]
#[path = "../crates/hyperox-macros/src/items.rs"]
mod items;
#[allow(dead_code)]
#[path = "../crates/hyperox-macros/src/table.rs"]
mod table;

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
    let mut steps: Vec<u32> = Vec::new();
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
                .or_else(|| line.trim().strip_prefix("{{tests "))
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
            if let Some(n) = line
                .trim()
                .strip_prefix("{{step ")
                .and_then(|r| r.strip_suffix("}}"))
            {
                match n.parse::<u32>() {
                    Ok(n) if root.join(format!("tutorial/step{n}")).is_dir() => steps.push(n),
                    _ => errors.push(format!(
                        "{}:{}: no tutorial step `{n}` (a folder tutorial/stepN)",
                        path.display(),
                        i + 1
                    )),
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
    let tutorial = root.join("tutorial");
    println!("cargo::rerun-if-changed={}", tutorial.display());
    let mut table = String::from("&[\n");
    for n in steps {
        writeln!(table, "    ({n}, &[").unwrap();
        for change in step_changes(&tutorial, n) {
            let (kind, text) = match change.kind {
                Kind::New(text) => ("new", text),
                Kind::Changed(diff) => ("changed", diff),
                Kind::Moved(from) => ("moved", from),
                Kind::Removed => ("removed", String::new()),
            };
            writeln!(
                table,
                "        StepFile {{ path: {:?}, change: {kind:?}, text: {text:?} }},",
                change.path
            )
            .unwrap();
        }
        table.push_str("    ]),\n");
    }
    table.push_str("]\n");
    std::fs::write(out.join("tutorial_steps.rs"), table).expect("OUT_DIR is writable");
    let crates: Vec<(&str, std::path::PathBuf)> = [
        ("hyperox", "hyperox"),
        ("hyperox_html", "hyperox-html"),
        ("hyperox_router", "hyperox-router"),
        ("hyperox_cache", "hyperox-cache"),
        ("hyperox_macros", "hyperox-macros"),
    ]
    .into_iter()
    .map(|(name, dir)| (name, workspace.join("crates").join(dir).join("src/lib.rs")))
    .collect();
    std::fs::write(out.join("api.rs"), api::reference(&crates, "hyperox"))
        .expect("OUT_DIR is writable");
}

/// What a step did to one file.
enum Kind {
    /// A file the step before did not have: its text.
    New(String),
    /// A file the step changed: the diff.
    Changed(String),
    /// A file moved from this path, unchanged.
    Moved(String),
    /// A file the step removed.
    Removed,
}

struct Change {
    path: String,
    kind: Kind,
}

/// The files of `dir` (their paths relative to it, and their text), in
/// order; links are read through.
fn files(dir: &Path) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("a readable tutorial folder")
            .map(|e| e.expect("a readable entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                println!("cargo::rerun-if-changed={}", path.display());
                let rel = path.strip_prefix(base).expect("under its base");
                let text = std::fs::read_to_string(&path).expect("a UTF-8 tutorial file");
                out.push((rel.display().to_string(), text));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    // The manifest first, then the build script, then the sources.
    out.sort_by_key(|(p, _)| (p != "Cargo.toml", p != "build.rs", p.clone()));
    out
}

/// What step `n` changed since the one before (step 1: every file new).
fn step_changes(tutorial: &Path, n: u32) -> Vec<Change> {
    let now = files(&tutorial.join(format!("step{n}")));
    let before = if n > 1 {
        files(&tutorial.join(format!("step{}", n - 1)))
    } else {
        Vec::new()
    };
    let mut changes = Vec::new();
    for (path, text) in &now {
        let kind = match before.iter().find(|(p, _)| p == path) {
            Some((_, old)) if old == text => continue,
            Some((_, old)) => Kind::Changed(diff(old, text)),
            None => match before
                .iter()
                .find(|(p, t)| t == text && !now.iter().any(|(q, _)| q == p))
            {
                Some((from, _)) => Kind::Moved(from.clone()),
                None => Kind::New(text.clone()),
            },
        };
        changes.push(Change {
            path: path.clone(),
            kind,
        });
    }
    for (path, text) in &before {
        let moved = now
            .iter()
            .any(|(p, t)| t == text && !before.iter().any(|(q, _)| q == p));
        if !moved && !now.iter().any(|(p, _)| p == path) {
            changes.push(Change {
                path: path.clone(),
                kind: Kind::Removed,
            });
        }
    }
    changes
}

/// A line diff of `old` and `new`: each line marked `+` (added), `-`
/// (removed) or ` ` (kept), with three kept lines around each change
/// and `…` where kept lines are left out.
fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // The longest common subsequence, by table (tutorial files are short).
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut lines: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            lines.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // A removed line before the lines added in its place.
            lines.push(('-', a[i]));
            i += 1;
        } else {
            lines.push(('+', b[j]));
            j += 1;
        }
    }
    const AROUND: usize = 3;
    let near = |k: usize| {
        lines[k.saturating_sub(AROUND)..(k + AROUND + 1).min(lines.len())]
            .iter()
            .any(|(m, _)| *m != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (mark, line)) in lines.iter().enumerate() {
        if *mark == ' ' && !near(k) {
            skipped = true;
            continue;
        }
        if skipped {
            out.push_str("…\n");
            skipped = false;
        }
        writeln!(out, "{mark} {line}").unwrap();
    }
    if skipped {
        out.push_str("…\n");
    }
    out
}
