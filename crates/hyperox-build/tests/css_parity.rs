//! hyperox's utility CSS against real Tailwind 4: every line of
//! `tests/css-parity/corpus.txt` is rendered in Chromium under the
//! stylesheet this crate makes and under the one `@tailwindcss/cli`
//! (npm, pinned in browser/package.json) makes from
//! the same classes, and the computed styles are compared
//! (`css-parity.mjs` beside the other browser scripts). A difference not
//! listed with its reason in `tests/css-parity/allowed.txt` fails, and so
//! does a listed one that no longer differs.
//!
//! Needs node, Chromium and the npm packages (`scripts/test.sh` installs
//! them). The report is left in `target/css-parity/report.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| l.split(" #").next().unwrap_or("").trim().to_owned())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn utilities_compute_as_with_real_tailwind() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let browser = hyperox_testkit::browser::dir();
    let tailwind = hyperox_testkit::browser::package_file(".bin/tailwindcss");
    let corpus = lines(&here.join("tests/css-parity/corpus.txt"));
    assert!(corpus.len() >= 600, "a corpus of {} lines", corpus.len());
    let out = here.join("../../target/css-parity");
    std::fs::create_dir_all(&out).unwrap();
    let classes = out.join("classes.txt");
    std::fs::write(&classes, corpus.join("\n") + "\n").unwrap();

    // hyperox's stylesheet, from a source that names every class.
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("classes.rs"),
        format!("const CLASSES: &str = r#\"\n{}\n\"#;\n", corpus.join("\n")),
    )
    .unwrap();
    let config = hyperox_build::css::load_config(&src.path().join("hyperox.toml")).unwrap();
    let ours = hyperox_build::css::generate(src.path(), &config).unwrap();
    let ours_path = out.join("hyperox.css");
    std::fs::write(&ours_path, ours).unwrap();

    // Tailwind's, from the same classes and nothing else.
    let index = browser.join("node_modules/tailwindcss/index.css");
    let input = out.join("input.css");
    std::fs::write(
        &input,
        format!(
            "@import {:?} source(none);\n@source \"./classes.txt\";\n",
            index.canonicalize().unwrap().display().to_string()
        ),
    )
    .unwrap();
    let theirs_path = out.join("tailwind.css");
    let status = Command::new(&tailwind)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&theirs_path)
        .current_dir(&browser)
        .status()
        .expect("the Tailwind CLI runs");
    assert!(status.success(), "the Tailwind CLI failed");

    let report_path = out.join("report.json");
    hyperox_testkit::browser::run(
        "css-parity.mjs",
        [&classes, &ours_path, &theirs_path, &report_path],
    );

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    let differing: BTreeMap<String, Vec<String>> = report["report"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(class, diffs)| {
            let diffs: Vec<String> = diffs
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_owned())
                .collect();
            (!diffs.is_empty()).then(|| (class.clone(), diffs))
        })
        .collect();
    let allowed: BTreeSet<String> = lines(&here.join("tests/css-parity/allowed.txt"))
        .into_iter()
        .collect();
    let fixed: Vec<&String> = allowed
        .iter()
        .filter(|a| !differing.contains_key(*a))
        .collect();
    let new: Vec<String> = differing
        .iter()
        .filter(|(class, _)| !allowed.contains(*class))
        .map(|(class, diffs)| format!("{class}:\n    {}", diffs.join("\n    ")))
        .collect();
    println!(
        "corpus {}, equal {}, allowed with a reason {}",
        corpus.len(),
        corpus.len() - differing.len(),
        differing.len()
    );
    assert!(
        new.is_empty(),
        "utilities that differ from Tailwind 4 (fix them, or list them with a reason in allowed.txt):\n{}",
        new.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "listed in allowed.txt but equal now (remove them): {fixed:?}"
    );
}

#[test]
fn the_allow_list_names_only_corpus_lines() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus: BTreeSet<String> = lines(&here.join("tests/css-parity/corpus.txt"))
        .into_iter()
        .collect();
    let stray: Vec<String> = lines(&PathBuf::from(here).join("tests/css-parity/allowed.txt"))
        .into_iter()
        .filter(|a| !corpus.contains(a))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}
