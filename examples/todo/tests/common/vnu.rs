//! The W3C Nu HTML checker (npm `vnu-jar`, pinned in the workspace's `browser/`,
//! run with Java) over a set of documents: every error but the ones it
//! gives for htmx's `hx-*` attributes, which HTML does not define, and
//! the warnings a screen-reader user meets: an `<html>` without `lang`
//! (WCAG 3.1.1), a section or article without a heading.
//!
//! Shared by the examples' validity tests (`#[path]`).

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The checker's jar, after checking that it and Java are there
/// (`scripts/test.sh` installs both).
fn jar() -> PathBuf {
    hyperox_testkit::browser::package_file("vnu-jar/build/dist/vnu.jar")
}

/// The workspace's `target` folder.
fn target() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists())
        .expect("a workspace")
        .join("target")
}

/// A partial as the document it lands in: a leading `<title>` (which
/// htmx takes for the page's) in `head`, each top-level `<li>` in a list
/// and `<tr>` in a table, the rest in `body`.
pub(crate) fn in_document(partial: &str) -> String {
    let mut rest = partial.trim_start();
    let mut title = "<title>partial</title>";
    if rest.starts_with("<title>")
        && let Some(end) = rest.find("</title>")
    {
        title = &rest[..end + "</title>".len()];
        rest = &rest[title.len()..];
    }
    let mut body = String::new();
    while !rest.is_empty() {
        // One top-level element (or the text up to the next one).
        let Some(tag) = rest
            .strip_prefix('<')
            .and_then(|r| r.split([' ', '>', '/']).next())
            .filter(|t| !t.is_empty())
        else {
            let next = rest[1..].find('<').map_or(rest.len(), |i| i + 1);
            body.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        };
        let void = ["input", "br", "img", "meta", "link", "hr"].contains(&tag);
        let end = if void {
            rest.find('>').map_or(rest.len(), |i| i + 1)
        } else {
            element_end(rest, tag)
        };
        match [("li", "ul"), ("tr", "table")]
            .iter()
            .find(|(t, _)| *t == tag)
        {
            Some((_, parent)) => {
                let _ = write!(body, "<{parent}>{}</{parent}>", &rest[..end]);
            }
            None => body.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{title}</head>\
         <body>{body}</body></html>"
    )
}

/// Where the element `tag` that `html` starts with ends (its nested
/// elements of the same name counted).
fn element_end(html: &str, tag: &str) -> usize {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 0usize;
    let mut at = 0;
    while at < html.len() {
        if html[at..].starts_with(&close) {
            depth -= 1;
            at += close.len();
            if depth == 0 {
                return at;
            }
        } else if html[at..].starts_with(&open) && html[at + open.len()..].starts_with([' ', '>']) {
            depth += 1;
            at += open.len();
        } else {
            at += html[at..].chars().next().map_or(1, char::len_utf8);
        }
    }
    html.len()
}

/// Checks `docs` (name, HTML) in one run of the checker, after writing
/// them to `target/html-check/<set>/<name>.html` (open them there); the
/// problems, one a line, `name:line: message`.
pub(crate) fn problems(set: &str, docs: &[(String, String)]) -> Vec<String> {
    let dir = target().join("html-check").join(set);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for (name, html) in docs {
        let file = dir.join(format!("{name}.html"));
        std::fs::write(&file, html).unwrap();
        files.push(file);
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(jar())
        .args(["--format", "json", "--exit-zero-always"])
        .args(&files)
        .output()
        .expect("java runs (default-jre-headless)");
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "the checker's report is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut found = Vec::new();
    for m in report["messages"].as_array().into_iter().flatten() {
        let text = m["message"].as_str().unwrap_or_default();
        let kind = m["type"].as_str().unwrap_or_default();
        let sub = m["subType"].as_str().unwrap_or_default();
        // Errors, and the warnings a screen-reader user meets: a
        // document without its language, a section or article without a
        // heading to name it.
        let heard = text.contains("“lang” attribute")
            || text.starts_with("Section lacks heading")
            || text.starts_with("Article lacks heading");
        if !(kind == "error" || (sub == "warning" && heard)) {
            continue;
        }
        // htmx's attributes are not HTML's.
        if text.starts_with("Attribute \u{201c}hx-") {
            continue;
        }
        let url = m["url"].as_str().unwrap_or_default();
        let name = url.rsplit('/').next().unwrap_or(url);
        let mut line = format!("{name}:{}: {text}", m["lastLine"]);
        if let Some(extract) = m["extract"].as_str() {
            let _ = write!(line, " in `{}`", extract.replace('\n', " "));
        }
        found.push(line);
    }
    found
}

/// Fails with every problem in `docs`, or says how many were checked.
pub(crate) fn assert_valid(set: &str, docs: &[(String, String)]) {
    let found = problems(set, docs);
    assert!(
        found.is_empty(),
        "the Nu HTML checker found {} problem(s) in {set}:\n{}",
        found.len(),
        found.join("\n")
    );
    eprintln!("{set}: {} documents valid", docs.len());
}
