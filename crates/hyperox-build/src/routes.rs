//! File-path routing: `src/pages/**` and `src/partials/**` to a route table
//! and the Rust code that registers it.

use crate::scan::{self, PartialFn};
use crate::{BuildError, io_err};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where partials are served: `/_partials/<file path>/<function>`.
pub const PARTIALS_PREFIX: &str = "/_partials";

/// A page: one file, answering GET (and HEAD) at its route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRoute {
    /// The source file.
    pub file: PathBuf,
    /// The router pattern, such as `/users/:id`.
    pub pattern: String,
    /// The module path under `pages`, such as `["users", "by_id"]`.
    pub module: Vec<String>,
}

/// A partial: one function of a file under `src/partials`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialRoute {
    /// The source file.
    pub file: PathBuf,
    /// The router pattern, such as `/_partials/todos/toggle`.
    pub pattern: String,
    /// The module path under `partials`.
    pub module: Vec<String>,
    /// The function's name.
    pub function: String,
    /// The methods it answers, upper case.
    pub methods: Vec<String>,
}

/// Every page and partial of an app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteTable {
    /// Pages, sorted by file.
    pub pages: Vec<PageRoute>,
    /// Partials, sorted by file then position in the file.
    pub partials: Vec<PartialRoute>,
}

/// Scans `src/pages` and `src/partials` under `src`.
pub fn scan(src: &Path) -> Result<RouteTable, BuildError> {
    let mut table = RouteTable::default();
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut claim = |pattern: &str, file: &Path| -> Result<(), BuildError> {
        let key = shape(pattern);
        if let Some(first) = seen.get(&key) {
            if first != file {
                return Err(BuildError::Conflict {
                    route: pattern.to_owned(),
                    first: first.clone(),
                    second: file.to_owned(),
                });
            }
            return Err(BuildError::Malformed {
                file: file.to_owned(),
                reason: format!("`{pattern}` is declared twice"),
            });
        }
        seen.insert(key, file.to_owned());
        Ok(())
    };

    for file in rust_files(&src.join("pages"))? {
        let rel = file.strip_prefix(src.join("pages")).unwrap_or(&file);
        let (segments, module) = route_of(rel, &file)?;
        let text = std::fs::read_to_string(&file).map_err(io_err(&file))?;
        if !scan::has_page_fn(&text) {
            return Err(BuildError::Malformed {
                file: file.clone(),
                reason: "a page file needs `pub async fn page(cx: hyperox::Cx<'_, State>)`"
                    .to_owned(),
            });
        }
        let pattern = join(&segments);
        claim(&pattern, &file)?;
        table.pages.push(PageRoute {
            file,
            pattern,
            module,
        });
    }

    for file in rust_files(&src.join("partials"))? {
        let rel = file.strip_prefix(src.join("partials")).unwrap_or(&file);
        let (segments, module) = route_of(rel, &file)?;
        if segments.last().is_some_and(|s| s == ":*") {
            return Err(BuildError::Malformed {
                file,
                reason: "a partial file cannot be a catch-all: its functions are served below it"
                    .to_owned(),
            });
        }
        let text = std::fs::read_to_string(&file).map_err(io_err(&file))?;
        let fns = scan::partial_fns(&text).map_err(|reason| BuildError::Malformed {
            file: file.clone(),
            reason,
        })?;
        for PartialFn { name, methods, .. } in fns {
            let mut segs = vec![PARTIALS_PREFIX.trim_start_matches('/').to_owned()];
            segs.extend(segments.iter().cloned());
            segs.push(name.clone());
            let pattern = join(&segs);
            claim(&pattern, &file)?;
            table.partials.push(PartialRoute {
                file: file.clone(),
                pattern,
                module: module.clone(),
                function: name,
                methods,
            });
        }
    }
    Ok(table)
}

/// The route with param names blanked: two routes of one shape collide.
fn shape(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| if s.starts_with(':') { ":" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

fn join(segments: &[String]) -> String {
    format!("/{}", segments.join("/"))
}

/// Every `.rs` file under `dir`, sorted; none when `dir` is missing.
pub(crate) fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut out = Vec::new();
    walk(dir, &mut |p| {
        if p.extension().is_some_and(|e| e == "rs") {
            out.push(p.to_owned());
        }
    })?;
    out.sort();
    Ok(out)
}

/// Calls `f` on every file under `dir` (following no symlinked folders).
pub(crate) fn walk(dir: &Path, f: &mut dyn FnMut(&Path)) -> Result<(), BuildError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(dir)(e)),
    };
    let mut paths: Vec<_> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io_err(dir))?;
    paths.sort();
    for path in paths {
        let meta = std::fs::symlink_metadata(&path).map_err(io_err(&path))?;
        if meta.is_dir() {
            walk(&path, f)?;
        } else {
            f(&path);
        }
    }
    Ok(())
}

/// The route segments and module path of a file, relative to its root.
fn route_of(rel: &Path, file: &Path) -> Result<(Vec<String>, Vec<String>), BuildError> {
    let malformed = |reason: String| BuildError::Malformed {
        file: file.to_owned(),
        reason,
    };
    let parts: Vec<String> = rel
        .iter()
        .map(|c| {
            c.to_str()
                .map(str::to_owned)
                .ok_or_else(|| malformed("the path is not valid UTF-8".to_owned()))
        })
        .collect::<Result<_, _>>()?;
    let (last, dirs) = parts.split_last().expect("a file has a name");
    let stem = last
        .strip_suffix(".rs")
        .expect("only .rs files are scanned");

    let mut segments = Vec::new();
    let mut module = Vec::new();
    for dir in dirs {
        let (seg, name) = segment(dir).map_err(&malformed)?;
        segments.push(seg);
        module.push(name);
    }
    if stem == "index" {
        module.push("index".to_owned());
    } else {
        let (seg, name) = segment(stem).map_err(&malformed)?;
        segments.push(seg);
        module.push(name);
    }
    if let Some(pos) = segments.iter().position(|s| s == ":*")
        && pos + 1 != segments.len()
    {
        return Err(malformed(
            "a catch-all `[...name]` must be the last part of the path".to_owned(),
        ));
    }
    Ok((segments, module))
}

/// One file or folder name as a route segment and a module name.
fn segment(name: &str) -> Result<(String, String), String> {
    if let Some(inner) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        if let Some(rest) = inner.strip_prefix("...") {
            check_ident(rest, name)?;
            return Ok((":*".to_owned(), format!("all_{rest}")));
        }
        check_ident(inner, name)?;
        return Ok((format!(":{inner}"), format!("by_{inner}")));
    }
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'));
    if !valid {
        return Err(format!(
            "`{name}` is not a route segment: use letters, digits, `-`, `_`, `.`, `~`, or `[param]` / `[...rest]`"
        ));
    }
    Ok((name.to_owned(), module_name(name)))
}

fn check_ident(ident: &str, name: &str) -> Result<(), String> {
    let mut bytes = ident.bytes();
    let ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{name}`: a param name is a Rust identifier, as in `[id]` or `[...path]`"
        ))
    }
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

fn module_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// A module tree: folders hold modules, files are `#[path]` modules.
#[derive(Default)]
struct Tree {
    children: BTreeMap<String, Tree>,
    file: Option<PathBuf>,
}

impl Tree {
    fn insert(&mut self, module: &[String], file: &Path) {
        let (last, dirs) = module.split_last().expect("a module has a name");
        let mut node = self;
        for d in dirs {
            node = node.children.entry(d.clone()).or_default();
        }
        // A file named like a sibling folder (`users.rs` beside `users/`)
        // gets its own module name.
        let mut name = last.clone();
        while node
            .children
            .get(&name)
            .is_some_and(|n| n.file.as_deref() != Some(file))
        {
            name.push_str("_rs");
        }
        node.children.entry(name).or_default().file = Some(file.to_owned());
    }

    fn emit(&self, out: &mut String, depth: usize) {
        let pad = "    ".repeat(depth);
        for (name, node) in &self.children {
            if let Some(file) = &node.file {
                let _ = writeln!(out, "{pad}#[path = {:?}]", file.display().to_string());
                let _ = writeln!(out, "{pad}pub mod {name};");
            } else {
                let _ = writeln!(out, "{pad}pub mod {name} {{");
                node.emit(out, depth + 1);
                let _ = writeln!(out, "{pad}}}");
            }
        }
    }

    /// The module path actually given to `file` (after renames).
    fn path_of(&self, file: &Path) -> Option<Vec<String>> {
        for (name, node) in &self.children {
            if node.file.as_deref() == Some(file) {
                return Some(vec![name.clone()]);
            }
            if let Some(mut rest) = node.path_of(file) {
                rest.insert(0, name.clone());
                return Some(rest);
            }
        }
        None
    }
}

/// Rust code declaring the page and partial modules, the `urls` constants
/// and `fn routes(app)`.
pub fn generate(table: &RouteTable, state: &str) -> String {
    // Deeper modules first, so that folders exist before a file of the
    // same name is given its own module name.
    let mut pages = Tree::default();
    let mut by_depth: Vec<_> = table.pages.iter().map(|p| (&p.module, &p.file)).collect();
    by_depth.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
    for (module, file) in by_depth {
        pages.insert(module, file);
    }
    let mut partials = Tree::default();
    let mut by_depth: Vec<_> = table
        .partials
        .iter()
        .map(|p| (&p.module, &p.file))
        .collect();
    by_depth.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
    for (module, file) in by_depth {
        partials.insert(module, file);
    }

    let mut out = String::new();
    out.push_str("/// Page modules, one per file under `src/pages`.\n#[allow(missing_docs)]\npub mod pages {\n");
    pages.emit(&mut out, 1);
    out.push_str("}\n\n/// Partial modules, one per file under `src/partials`.\n#[allow(missing_docs)]\npub mod partials {\n");
    partials.emit(&mut out, 1);
    out.push_str("}\n\n");

    // urls: constants grouped by module path.
    let mut consts: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut calls = Vec::new();
    for p in &table.pages {
        let module = pages.path_of(&p.file).expect("inserted above");
        let (_, parent) = module.split_last().expect("non-empty");
        let mut key = vec!["pages".to_owned()];
        key.extend(parent.iter().cloned());
        // Named after the file even when its module was renamed: constants
        // and modules do not clash.
        let konst = p.module.last().expect("non-empty").to_ascii_uppercase();
        consts.entry(key.clone()).or_default().push(format!(
            "    /// `GET {}` from `{}`.\n    pub const {konst}: ::hyperox::RouteRef = ::hyperox::RouteRef::new(\"GET\", {:?});\n",
            p.pattern,
            p.file.display(),
            p.pattern
        ));
        calls.push(format!(
            "    app.page(self::urls::{}::{konst}, self::pages::{}::page)?;\n",
            key.join("::"),
            module.join("::")
        ));
    }
    for p in &table.partials {
        let module = partials.path_of(&p.file).expect("inserted above");
        let mut key = vec!["partials".to_owned()];
        key.extend(module.iter().cloned());
        let konst = p.function.to_ascii_uppercase();
        let methods = p.methods.join(",");
        consts.entry(key.clone()).or_default().push(format!(
            "    /// `{methods} {}`: `{}` in `{}`.\n    pub const {konst}: ::hyperox::RouteRef = ::hyperox::RouteRef::new({methods:?}, {:?});\n",
            p.pattern,
            p.function,
            p.file.display(),
            p.pattern
        ));
        calls.push(format!(
            "    app.partial(self::urls::{}::{konst}, self::partials::{}::{})?;\n",
            key.join("::"),
            module.join("::"),
            p.function
        ));
    }
    out.push_str(
        "/// Typed references to every page and partial.\n#[allow(missing_docs)]\npub mod urls {\n",
    );
    emit_consts(&mut out, &consts);
    out.push_str("}\n\n");

    let _ = writeln!(
        out,
        "/// Registers every page and partial found under `src/pages` and `src/partials`.\npub fn routes(app: &mut ::hyperox::App<{state}>) -> ::std::result::Result<(), ::hyperox::router::RouteError> {{"
    );
    for c in calls {
        out.push_str(&c);
    }
    out.push_str("    ::std::result::Result::Ok(())\n}\n\n");
    out
}

fn emit_consts(out: &mut String, consts: &BTreeMap<Vec<String>, Vec<String>>) {
    // Nest modules by walking sorted paths and opening/closing as needed.
    let mut open: Vec<String> = Vec::new();
    for (path, items) in consts {
        let common = open.iter().zip(path).take_while(|(a, b)| a == b).count();
        while open.len() > common {
            open.pop();
            let _ = writeln!(out, "{}}}", "    ".repeat(open.len() + 1));
        }
        for name in &path[common..] {
            let _ = writeln!(out, "{}pub mod {name} {{", "    ".repeat(open.len() + 1));
            open.push(name.clone());
        }
        let pad = "    ".repeat(open.len());
        for item in items {
            for line in item.lines() {
                let _ = writeln!(out, "{pad}{line}");
            }
        }
    }
    while !open.is_empty() {
        open.pop();
        let _ = writeln!(out, "{}}}", "    ".repeat(open.len() + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_follow_the_conventions() {
        assert_eq!(segment("users").unwrap(), ("users".into(), "users".into()));
        assert_eq!(segment("[id]").unwrap(), (":id".into(), "by_id".into()));
        assert_eq!(
            segment("[...path]").unwrap(),
            (":*".into(), "all_path".into())
        );
        assert_eq!(
            segment("sign-in").unwrap(),
            ("sign-in".into(), "sign_in".into())
        );
        assert_eq!(segment("type").unwrap(), ("type".into(), "type_".into()));
        assert_eq!(segment("404").unwrap(), ("404".into(), "_404".into()));
        assert!(segment("a b").is_err());
        assert!(segment("[1d]").is_err());
        assert!(segment("[]").is_err());
    }

    #[test]
    fn shapes_blank_param_names() {
        assert_eq!(shape("/users/:id/edit"), shape("/users/:name/edit"));
        assert_ne!(shape("/users/:id"), shape("/users/:id/edit"));
    }
}
