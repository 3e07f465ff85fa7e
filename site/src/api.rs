//! The API reference of `hyperox`, read from its sources by `build.rs`
//! (`build/api.rs`): each public module, its items and their methods,
//! and the links the guide makes from the names it mentions.

use std::collections::HashMap;
use std::sync::LazyLock;

/// A public module of `hyperox` (or of a crate it re-exports).
#[derive(Debug)]
pub struct ApiModule {
    /// Its path from `hyperox` (`hyperox::html::element`).
    pub path: &'static str,
    /// The first paragraph of its doc.
    pub doc: &'static str,
    /// The cargo feature it needs, if any.
    pub feature: Option<&'static str>,
    /// The items it defines (or re-exports from a private module).
    pub items: &'static [ApiItem],
    /// Names re-exported from elsewhere: (name, kind, path shown at).
    pub reexports: &'static [(&'static str, &'static str, &'static str)],
    /// Modules re-exported whole (`pub use module::*`).
    pub globs: &'static [&'static str],
}

/// An item: a module, macro, type, function, constant or method.
#[derive(Debug)]
pub struct ApiItem {
    /// Its name.
    pub name: &'static str,
    /// `mod`, `macro`, `struct`, `fn`, `method`, ...
    pub kind: &'static str,
    /// Its signature (`pub fn div<P: Node>(parts: P) -> ..`).
    pub sig: &'static str,
    /// The first paragraph of its doc (Markdown).
    pub doc: &'static str,
    /// The cargo feature it needs, if any.
    pub feature: Option<&'static str>,
    /// A type's inherent methods, a trait's methods.
    pub methods: &'static [ApiItem],
}

/// Every public module, `hyperox` first.
pub const MODULES: &[ApiModule] = include!(concat!(env!("OUT_DIR"), "/api.rs"));

/// The module at `path` (`hyperox::html`).
pub fn module(path: &str) -> Option<&'static ApiModule> {
    MODULES.iter().find(|m| m.path == path)
}

impl ApiModule {
    /// Its page: `/reference/api/hyperox/html`.
    pub fn url(&self) -> String {
        page_of(self.path)
    }
}

impl ApiItem {
    /// Its anchor on its module's page: `fn.div`, `struct.App`,
    /// `method.App.new` (for a method, `owner` is its type).
    pub fn anchor(&self, owner: Option<&str>) -> String {
        let kind = self.kind.replace(' ', "-");
        match owner {
            Some(t) => format!("{kind}.{t}.{}", self.name),
            None => format!("{kind}.{}", self.name),
        }
    }
}

/// The page of the module at `path` (`hyperox::html`).
pub fn page_of(path: &str) -> String {
    crate::urls::pages::reference::api::all_path(&path.replace("::", "/")).into_url()
}

/// Every path an item is known by (`hyperox::html::element::div`,
/// `hyperox::html::div`, `hyperox::App::new`), to the address of its
/// entry.
static INDEX: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for m in MODULES {
        for item in m.items {
            let url = if item.kind == "mod" {
                page_of(&format!("{}::{}", m.path, item.name))
            } else {
                format!("{}#{}", m.url(), item.anchor(None))
            };
            index.insert(format!("{}::{}", m.path, item.name), url);
            for method in item.methods {
                index.insert(
                    format!("{}::{}::{}", m.path, item.name, method.name),
                    format!("{}#{}", m.url(), method.anchor(Some(item.name))),
                );
            }
        }
    }
    // Re-exports lead to the entry they name.
    for m in MODULES {
        for (name, kind, to) in m.reexports {
            let url = if *kind == "crate" {
                // Another crate, whole: its line on this page.
                Some(format!("{}#crate.{name}", m.url()))
            } else {
                index.get(*to).cloned()
            };
            if let Some(url) = url {
                index.insert(format!("{}::{name}", m.path), url);
            }
        }
        for glob in m.globs {
            let Some(g) = module(glob) else { continue };
            for item in g.items {
                if let Some(url) = index.get(&format!("{glob}::{}", item.name)).cloned() {
                    index
                        .entry(format!("{}::{}", m.path, item.name))
                        .or_insert(url);
                }
            }
        }
    }
    index
});

/// [`INDEX`] by each path's last name (`new`: every `…::new`), for the
/// names written without their whole path.
static BY_NAME: LazyLock<HashMap<&'static str, Vec<(&'static String, &'static String)>>> =
    LazyLock::new(|| {
        let mut by_name: HashMap<&'static str, Vec<_>> = HashMap::new();
        for (full, url) in INDEX.iter() {
            let last = full.rsplit("::").next().unwrap_or(full);
            by_name.entry(last).or_default().push((full, url));
        }
        by_name
    });

/// The address of the entry `code` names, when it names one item: a
/// full path (`hyperox::App`), or the end of one (`App`, `htmx::get`,
/// `App::new`), written alone, called or applied (`div(..)`, `html!`,
/// `#[page]`). A name that ends several paths of different items links
/// to none.
pub fn link(code: &str) -> Option<&'static str> {
    // `#[page]`: an attribute macro.
    let code = code
        .strip_prefix("#[")
        .and_then(|c| c.strip_suffix(']'))
        .unwrap_or(code);
    let end = code
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(code.len());
    let (path, rest) = code.split_at(end);
    let path = path.trim_end_matches(':');
    if path.is_empty()
        || path.starts_with(|c: char| c.is_ascii_digit())
        || !(rest.is_empty() || rest.starts_with(['(', '!', '<']))
    {
        return None;
    }
    if let Some(url) = INDEX.get(path) {
        return Some(url.as_str());
    }
    let tail = format!("::{path}");
    let last = path.rsplit("::").next().unwrap_or(path);
    let mut found: Option<(usize, &String)> = None;
    let mut ambiguous = false;
    for (full, url) in BY_NAME.get(last).into_iter().flatten() {
        if full.ends_with(&tail) {
            let depth = full.matches("::").count();
            match found {
                Some((d, u)) if d == depth && u != *url => ambiguous = true,
                Some((d, _)) if d <= depth => {}
                _ => {
                    found = Some((depth, *url));
                    ambiguous = false;
                }
            }
        }
    }
    match found {
        Some((_, url)) if !ambiguous => Some(url.as_str()),
        _ => None,
    }
}

/// Markdown as HTML, each code span that names an item linked to its
/// entry (not inside a link already).
pub fn markdown(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut in_link = 0u32;
    let events = Parser::new_ext(md, Options::ENABLE_TABLES).map(|event| match event {
        Event::Start(Tag::Link { .. }) => {
            in_link += 1;
            event
        }
        Event::End(TagEnd::Link) => {
            in_link -= 1;
            event
        }
        Event::Code(code) if in_link == 0 => match link(&code) {
            Some(url) => {
                let mut html = format!("<a href=\"{url}\"><code>");
                pulldown_cmark::html::push_html(&mut html, std::iter::once(Event::Text(code)));
                html.push_str("</code></a>");
                Event::InlineHtml(html.into())
            }
            None => Event::Code(code),
        },
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
