//! No two modules of a crate of the workspace need each other: the
//! modules (one a source file) and the `crate::`/`super::` paths between
//! them form no cycle. A module and the modules inside it are one unit
//! here (a folder's `mod.rs` and its files may use each other); tests
//! (`#[cfg(test)]` to the end of a file) are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a source file: `src/live/ws/mod.rs` is
/// `["live", "ws"]`, `src/lib.rs` is `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The code of a file without comments, string contents and tests.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            c => out.push(c),
        }
    }
    out
}

/// The paths that follow each `crate::` and `super::` of `code`, as
/// absolute module paths (`from` is the file's module; groups such as
/// `crate::{a::B, c}` give one path each).
fn paths(code: &str, from: &[String], is_mod_rs: bool) -> Vec<Vec<String>> {
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..bytes.len().min(i + 7)].iter().collect();
        let boundary = i == 0
            || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if boundary && rest.starts_with("crate::") {
            let (found, end) = group(&bytes, i + 7);
            out.extend(found);
            i = end;
        } else if boundary && rest.starts_with("super::") {
            // `super` of a file module is its parent; of a `mod.rs`, the
            // folder's parent.
            let mut base: Vec<String> = from.to_vec();
            let mut j = i;
            loop {
                let r: String = bytes[j..bytes.len().min(j + 7)].iter().collect();
                if !r.starts_with("super::") {
                    break;
                }
                base.pop();
                j += 7;
            }
            let _ = is_mod_rs;
            let (found, end) = group(&bytes, j);
            out.extend(found.into_iter().map(|p| {
                let mut full = base.clone();
                full.extend(p);
                full
            }));
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The paths of one `a::b::{c, d::e}` starting at `at`, and where it ends.
fn group(s: &[char], mut at: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        while at < s.len() && s[at].is_whitespace() {
            at += 1;
        }
        if at < s.len() && s[at] == '{' {
            let mut out = Vec::new();
            at += 1;
            loop {
                while at < s.len() && (s[at].is_whitespace() || s[at] == ',') {
                    at += 1;
                }
                if at >= s.len() || s[at] == '}' {
                    return (out, at + 1);
                }
                let (inner, end) = group(s, at);
                out.extend(inner.into_iter().map(|p| {
                    let mut full: Vec<String> = prefix.clone();
                    full.extend(p);
                    full
                }));
                at = end;
            }
        }
        let start = at;
        while at < s.len() && (s[at].is_alphanumeric() || s[at] == '_') {
            at += 1;
        }
        if at == start {
            return (vec![prefix], at);
        }
        prefix.push(s[start..at].iter().collect());
        if at + 1 < s.len() && s[at] == ':' && s[at + 1] == ':' {
            at += 2;
        } else {
            return (vec![prefix], at);
        }
    }
}

/// The cycles among the modules of the crate whose sources are `src`.
fn cycles(src: &Path) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeMap<Vec<String>, PathBuf> =
        all.iter().map(|f| (module_of(src, f), f.clone())).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let is_mod_rs = file.ends_with("mod.rs");
        for path in paths(&code(&text), from, is_mod_rs) {
            // The longest prefix that is a module of this crate.
            let Some(to) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| modules.contains_key(p))
            else {
                continue;
            };
            let related = to.starts_with(from) || from.starts_with(&to);
            if !related {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit(v: &Vec<String>, st: &mut State<'_>) {
        st.index.insert(v.clone(), st.next);
        st.low.insert(v.clone(), st.next);
        st.next += 1;
        st.stack.push(v.clone());
        st.on.insert(v.clone());
        let targets: Vec<Vec<String>> = st
            .edges
            .get(v)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for w in targets {
            if !st.index.contains_key(&w) {
                visit(&w, st);
                let low = st.low[v].min(st.low[&w]);
                st.low.insert(v.clone(), low);
            } else if st.on.contains(&w) {
                let low = st.low[v].min(st.index[&w]);
                st.low.insert(v.clone(), low);
            }
        }
        if st.low[v] == st.index[v] {
            let mut component = Vec::new();
            while let Some(w) = st.stack.pop() {
                st.on.remove(&w);
                let done = &w == v;
                component.push(if w.is_empty() {
                    "crate".to_owned()
                } else {
                    w.join("::")
                });
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                st.out.push(component);
            }
        }
    }
    let mut st = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in modules.keys() {
        if !st.index.contains_key(v) {
            visit(v, &mut st);
        }
    }
    st.out
}

#[test]
fn no_two_modules_need_each_other() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    for group in ["crates", "examples"] {
        for entry in std::fs::read_dir(root.join(group)).unwrap().flatten() {
            let src = entry.path().join("src");
            if src.is_dir() {
                for cycle in cycles(&src) {
                    found.push(format!(
                        "{}: {}",
                        entry.file_name().to_string_lossy(),
                        cycle.join(" <-> ")
                    ));
                }
            }
        }
    }
    for line in &found {
        println!("{line}");
    }
    assert!(
        found.is_empty(),
        "modules that need each other:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_cycle_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(src.join("b.rs"), "use crate::{c::C, a};\npub struct B;\n").unwrap();
    std::fs::write(
        src.join("c.rs"),
        "pub struct C;\n// crate::a::A in a comment\n",
    )
    .unwrap();
    assert_eq!(cycles(src), [vec!["a".to_owned(), "b".to_owned()]]);
    std::fs::write(src.join("b.rs"), "use crate::c::C;\npub struct B;\n").unwrap();
    assert!(cycles(src).is_empty());
}
