//! File-path routing: `src/pages/**` and `src/partials/**` to a route table
//! and the Rust code that registers it.

use crate::scan::{self, ParamArg, RouteFn};
use crate::{BuildError, io_err};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where partials are served: `/_partials/<file path>/<function>`.
///
/// # Example
///
/// ```
/// assert_eq!(hyperox_build::routes::PARTIALS_PREFIX, "/_partials");
/// ```
pub const PARTIALS_PREFIX: &str = "/_partials";

/// A page: one file, answering GET (and HEAD) at its route.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// let table = hyperox_build::routes::scan(&root.join("src")).unwrap();
/// let user = &table.pages[1];
/// assert_eq!((user.pattern.as_str(), user.module.clone()), ("/users/:id", vec!["users".into(), "by_id".into()]));
/// assert_eq!(user.typed, [("id".to_owned(), "u32".to_owned())]);
/// ```
pub struct PageRoute {
    /// The source file.
    pub file: PathBuf,
    /// The router pattern, such as `/users/:id`.
    pub pattern: String,
    /// The module path under `pages`, such as `["users", "by_id"]`.
    pub module: Vec<String>,
    /// The path params of the pattern, in order (a catch-all by the
    /// name of its `[...name]`).
    pub params: Vec<String>,
    /// The params `page` takes as arguments: name and type as written.
    pub typed: Vec<(String, String)>,
}

/// A partial: one function of a file under `src/partials`.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// let table = hyperox_build::routes::scan(&root.join("src")).unwrap();
/// let add = &table.partials[0];
/// assert_eq!((add.pattern.as_str(), add.function.as_str()), ("/_partials/todos/add", "add"));
/// assert_eq!(add.methods, ["POST"]);
/// ```
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
    /// The path params of the pattern, in order.
    pub params: Vec<String>,
    /// The params the function takes as arguments: name and type as
    /// written.
    pub typed: Vec<(String, String)>,
}

/// Every page and partial of an app.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// let table = hyperox_build::routes::scan(&root.join("src")).unwrap();
/// assert_eq!((table.pages.len(), table.partials.len()), (2, 1));
/// ```
pub struct RouteTable {
    /// Pages, sorted by file.
    pub pages: Vec<PageRoute>,
    /// Partials, sorted by file then position in the file.
    pub partials: Vec<PartialRoute>,
}

/// Scans `src/pages` and `src/partials` under `src`.
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// let table = hyperox_build::routes::scan(&root.join("src")).unwrap();
/// let patterns: Vec<&str> = table.pages.iter().map(|p| p.pattern.as_str()).collect();
/// assert_eq!(patterns, ["/", "/users/:id"]);
/// ```
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
        let (fns, unmarked) = read_fns(&file)?;
        let page = fns.iter().find(|f| f.name == "page" && f.kind == "page");
        let Some(page) = page else {
            let reason = if unmarked.iter().any(|n| n == "page") {
                "`pub async fn page` needs `#[page]` above it".to_owned()
            } else {
                "a page file needs `#[page] pub async fn page(cx: Cx<'_>)`".to_owned()
            };
            return Err(BuildError::Malformed { file, reason });
        };
        if let Some(f) = fns.iter().find(|f| f.kind == "partial" || f.name != "page") {
            return Err(BuildError::Malformed {
                file: file.clone(),
                reason: format!(
                    "line {}: `{}` is marked `#[{}]`, but a page file has one `#[page] pub async fn page`; partials go under `src/partials`",
                    f.line, f.name, f.kind
                ),
            });
        }
        let pattern = join(&segments);
        let params = param_names(&segments, &module);
        let typed = typed_params(&file, page, &params, &pattern)?;
        claim(&pattern, &file)?;
        table.pages.push(PageRoute {
            file,
            pattern,
            module,
            params,
            typed,
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
        let (fns, _) = read_fns(&file)?;
        let params = param_names(&segments, &module);
        for f in &fns {
            if f.kind == "page" {
                return Err(BuildError::Malformed {
                    file: file.clone(),
                    reason: format!(
                        "line {}: `{}` is marked `#[page]`, but pages go under `src/pages`",
                        f.line, f.name
                    ),
                });
            }
            let mut segs = vec![PARTIALS_PREFIX.trim_start_matches('/').to_owned()];
            segs.extend(segments.iter().cloned());
            segs.push(f.name.clone());
            let pattern = join(&segs);
            let typed = typed_params(&file, f, &params, &pattern)?;
            claim(&pattern, &file)?;
            table.partials.push(PartialRoute {
                file: file.clone(),
                pattern,
                module: module.clone(),
                function: f.name.clone(),
                methods: f.methods.clone(),
                params: params.clone(),
                typed,
            });
        }
    }
    Ok(table)
}

fn read_fns(file: &Path) -> Result<(Vec<RouteFn>, Vec<String>), BuildError> {
    let text = std::fs::read_to_string(file).map_err(io_err(file))?;
    scan::route_fns(&text).map_err(|reason| BuildError::Malformed {
        file: file.to_owned(),
        reason,
    })
}

/// The param names of a route: `:id` is `id`, a catch-all is named by
/// its file (`all_path` for `[...path]`).
fn param_names(segments: &[String], module: &[String]) -> Vec<String> {
    segments
        .iter()
        .zip(module)
        .filter_map(|(seg, m)| match seg.strip_prefix(':') {
            Some("*") => Some(m.strip_prefix("all_").unwrap_or(m).to_owned()),
            Some(name) => Some(name.to_owned()),
            None => None,
        })
        .collect()
}

/// The function's path-param arguments, each checked against the route.
fn typed_params(
    file: &Path,
    f: &RouteFn,
    params: &[String],
    pattern: &str,
) -> Result<Vec<(String, String)>, BuildError> {
    for ParamArg { name, .. } in &f.params {
        if !params.contains(name) {
            let has = if params.is_empty() {
                "has no params".to_owned()
            } else {
                format!(
                    "has only {}",
                    params
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(BuildError::Malformed {
                file: file.to_owned(),
                reason: format!(
                    "line {}: `{}` takes the path param `{name}`, but its route `{pattern}` {has} (a param comes from a `[{name}]` in the file path; the form and query are `Form<T>` and `Query<T>`)",
                    f.line, f.name
                ),
            });
        }
    }
    Ok(f.params
        .iter()
        .map(|p| (p.name.clone(), p.ty.clone()))
        .collect())
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
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// use hyperox_build::routes::{generate, scan};
/// let code = generate(&scan(&root.join("src")).unwrap(), "()");
/// assert!(code.contains("pub fn routes("));
/// ```
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

    // urls: link functions grouped by module path.
    let mut links: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut calls = String::new();
    for p in &table.pages {
        let module = pages.path_of(&p.file).expect("inserted above");
        let (_, parent) = module.split_last().expect("non-empty");
        let mut key = vec!["pages".to_owned()];
        key.extend(parent.iter().cloned());
        // Named after the file even when its module was renamed: functions
        // and modules do not clash.
        let name = p.module.last().expect("non-empty");
        let owner = format!("crate::pages::{}", module.join("::"));
        links.entry(key).or_default().push(link_fn(
            name, "GET", &p.pattern, &p.file, &p.params, &p.typed, &owner, "page",
        ));
        let _ = writeln!(
            calls,
            "    app.page({:?}, {owner}::__hyperox_route_page)?;",
            p.pattern
        );
    }
    for p in &table.partials {
        let module = partials.path_of(&p.file).expect("inserted above");
        let mut key = vec!["partials".to_owned()];
        key.extend(module.iter().cloned());
        let owner = format!("crate::partials::{}", module.join("::"));
        links.entry(key).or_default().push(link_fn(
            &p.function,
            &p.methods[0],
            &p.pattern,
            &p.file,
            &p.params,
            &p.typed,
            &owner,
            &p.function,
        ));
        for m in &p.methods {
            let _ = writeln!(
                calls,
                "    app.route(::hyperox::http::Method::{m}, {:?}, {owner}::__hyperox_route_{})?;",
                p.pattern, p.function
            );
        }
    }
    out.push_str(
        "/// Typed links to every page and partial: a function per route, taking its path params.\n#[allow(missing_docs)]\npub mod urls {\n",
    );
    emit_consts(&mut out, &links);
    out.push_str("}\n\n");

    let _ = writeln!(
        out,
        "/// The request context of this app's pages, partials and middleware.\npub type Cx<'a> = ::hyperox::Cx<'a, {state}>;\n\n/// The rest of the chain, in this app's middleware.\npub type Next<'a> = ::hyperox::Next<'a, {state}>;\n"
    );
    out.push_str(
        "/// What the app's page and partial files need: `use crate::prelude::*;`.\npub mod prelude {\n    pub use ::hyperox::prelude::*;\n    pub use super::{Cx, Next, urls};\n}\n\n",
    );
    let _ = writeln!(
        out,
        "/// Registers every page and partial found under `src/pages` and `src/partials`.\n///\n/// # Errors\n///\n/// A route the router refuses.\npub fn routes(app: &mut ::hyperox::App<{state}>) -> ::std::result::Result<(), ::hyperox::router::RouteError> {{"
    );
    out.push_str(&calls);
    out.push_str("    ::std::result::Result::Ok(())\n}\n\n");
    out
}

/// A link function: its params in route order, typed as the handler
/// takes them (`&str` for `String`, any `Display` for a param the
/// handler reads by hand).
#[allow(clippy::too_many_arguments)]
fn link_fn(
    name: &str,
    method: &str,
    pattern: &str,
    file: &Path,
    params: &[String],
    typed: &[(String, String)],
    owner: &str,
    function: &str,
) -> String {
    let mut args = Vec::new();
    for p in params {
        let ty = match typed.iter().find(|(n, _)| n == p) {
            Some((_, ty)) if ty == "String" => "&str".to_owned(),
            Some(_) => format!("{owner}::__hyperox_{function}_{p}"),
            None => "impl ::std::fmt::Display".to_owned(),
        };
        args.push(format!("{}: {ty}", ident(p)));
    }
    let mut body = format!(
        "::hyperox::__private::UrlBuilder::new({})",
        pattern.len() + 8 * params.len()
    );
    let mut text = String::new();
    let mut names = params.iter();
    for seg in pattern.split('/').skip(1) {
        text.push('/');
        if let Some(kind) = seg.strip_prefix(':') {
            let p = names.next().expect("a name per param");
            let _ = write!(body, ".text({text:?})");
            text.clear();
            let call = if kind == "*" { "rest" } else { "segment" };
            let _ = write!(body, ".{call}(&{})", ident(p));
        } else {
            text.push_str(seg);
        }
    }
    if !text.is_empty() {
        let _ = write!(body, ".text({text:?})");
    }
    format!(
        "    /// `{method} {pattern}`: `{function}` in `{}`.\n    #[must_use]\n    pub fn {}({}) -> ::hyperox::Link {{\n        {body}.finish(::hyperox::http::Method::{method})\n    }}\n",
        file.display(),
        ident(name),
        args.join(", ")
    )
}

/// `name` as an identifier (`r#type` for a keyword).
fn ident(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
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
