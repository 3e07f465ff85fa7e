//! The API reference, read from the sources of `hyperox` and the crates
//! it re-exports: every public module reachable from `hyperox`, its
//! items (signature, first paragraph of the doc, the cargo feature that
//! gates it) and the methods of its types. The items hyperox-html makes
//! from its element and attribute table are made here the same way (the
//! table's generator is compiled into this build script), and the
//! `hx_attrs!` table of htmx attributes is read as the macro reads it.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use syn::{Attribute, Item, UseTree, Visibility};

/// An item a module defines.
#[derive(Debug, Clone)]
struct Def {
    name: String,
    kind: &'static str,
    sig: String,
    doc: String,
    feature: Option<String>,
    public: bool,
    methods: Vec<Def>,
}

/// A `use` in a module: `path` (its last segment the name imported,
/// unless a glob) and the name it is known by.
#[derive(Debug, Clone)]
struct Use {
    path: Vec<String>,
    /// `None` for a glob.
    name: Option<String>,
    public: bool,
}

#[derive(Debug, Default)]
struct Module {
    krate: String,
    doc: String,
    feature: Option<String>,
    defs: Vec<Def>,
    uses: Vec<Use>,
    /// Child modules: name and whether it is public.
    mods: Vec<(String, bool)>,
}

/// What a name in a module stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Item(String, usize),
    Module(String),
    External(String),
}

/// Every module of the crates, by key (`krate::a::b`), and the inherent
/// methods met, to join to their types.
#[derive(Default)]
struct World {
    modules: BTreeMap<String, Module>,
    crates: Vec<String>,
    /// (crate, module key, type name, methods).
    impls: Vec<(String, String, String, Vec<Def>)>,
}

/// Reads the crates (each by its name in paths and its `lib.rs`) and
/// writes the reference of `root` as Rust (a `&[ApiModule]`).
pub(crate) fn reference(crates: &[(&str, PathBuf)], root: &str) -> String {
    let mut world = World {
        crates: crates.iter().map(|(n, _)| (*n).to_owned()).collect(),
        ..World::default()
    };
    for (name, lib) in crates {
        world.load_file(name, lib, (*name).to_owned(), None);
    }
    world.join_methods();
    world.write(root)
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// `#[doc(hidden)]`, `#[cfg(test)]`: not part of the API.
fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) => {
            let args = list.tokens.to_string();
            (list.path.is_ident("doc") && args == "hidden")
                || (list.path.is_ident("cfg") && args == "test")
        }
        _ => false,
    })
}

/// The features a `#[cfg(..)]` names (`live`, `live or live-ws`).
fn feature(attrs: &[Attribute]) -> Option<String> {
    let mut names = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("cfg")) {
        let text = a.meta.to_token_stream().to_string();
        for part in text.split("feature = \"").skip(1) {
            names.push(part.split('"').next().unwrap_or("").to_owned());
        }
    }
    (!names.is_empty()).then(|| names.join(" or "))
}

/// The doc comment's text; `#[doc = include_str!("f")]` is read from
/// `dir`.
fn doc(attrs: &[Attribute], dir: &Path) -> String {
    let mut lines = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &a.meta else {
            continue;
        };
        match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => {
                let v = s.value();
                lines.push(v.strip_prefix(' ').unwrap_or(&v).to_owned());
            }
            syn::Expr::Macro(m) if m.mac.path.is_ident("include_str") => {
                if let Ok(rel) = m.mac.parse_body::<syn::LitStr>() {
                    let file = dir.join(rel.value());
                    println!("cargo::rerun-if-changed={}", file.display());
                    lines.push(std::fs::read_to_string(&file).unwrap_or_default());
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// The first paragraph of `doc`, its headings and intra-doc links made
/// plain code.
fn summary(doc: &str) -> String {
    let mut out = String::new();
    for line in doc.trim_start().lines() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("```") {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    // `[`name`]` and `[text](path::To)`: intra-doc links, which the
    // site does not resolve; the code spans they hold are linked later.
    let mut plain = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find('[') {
        plain.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(']') else {
            plain.push_str(&rest[at..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        let tail = &after[end + 1..];
        match tail
            .strip_prefix('(')
            .and_then(|t| t.find(')').map(|c| (&t[..c], &t[c + 1..])))
        {
            // A web link stays a link.
            Some((target, next)) if target.contains("://") => {
                let _ = write!(plain, "[{inner}]({target})");
                rest = next;
            }
            Some((_, next)) => {
                plain.push_str(inner);
                rest = next;
            }
            None => {
                plain.push_str(inner);
                rest = tail;
            }
        }
    }
    plain.push_str(rest);
    plain
}

/// Tokens as a Rust programmer writes them: `&'a str`, `Vec<T>`,
/// `fn f(x: u8) -> u8`.
fn pretty(tokens: TokenStream) -> String {
    fn push(out: &mut String, tok: &str, glued: &mut bool) {
        let last = out.chars().last();
        let wordish = last.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let tight_after = out.is_empty()
            || *glued
            || out.ends_with("::")
            || (matches!(
                last,
                Some('(' | '[' | '<' | '&' | '\'' | '*' | '#' | '.' | '?')
            ) && !out.ends_with("->"));
        let tight_before = matches!(tok, "," | ";" | ")" | "]" | ">" | "." | ":")
            || ((tok == "(" || tok == "<")
                && (wordish || (last == Some('>') && !out.ends_with("->"))));
        if !(tight_after || tight_before) {
            out.push(' ');
        }
        // rustfmt's trailing comma of a long list: not on one line.
        if matches!(tok, ")" | "]" | ">") && out.ends_with(',') {
            out.pop();
        }
        out.push_str(tok);
        *glued = false;
    }
    fn walk(tokens: TokenStream, out: &mut String, glued: &mut bool) {
        for tt in tokens {
            match tt {
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::None => ("", ""),
                    };
                    if !open.is_empty() {
                        push(out, open, glued);
                    }
                    walk(g.stream(), out, glued);
                    if !close.is_empty() {
                        push(out, close, glued);
                    }
                }
                TokenTree::Punct(p) => {
                    let joint = p.spacing() == Spacing::Joint;
                    push(out, &p.as_char().to_string(), glued);
                    *glued = joint;
                }
                other => push(out, &other.to_string(), glued),
            }
        }
    }
    let mut out = String::new();
    walk(tokens, &mut out, &mut false);
    // A where clause's trailing comma.
    if out.ends_with(',') {
        out.pop();
    }
    out
}

impl World {
    fn load_file(&mut self, krate: &str, file: &Path, key: String, feature: Option<String>) {
        println!("cargo::rerun-if-changed={}", file.display());
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let parsed = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let dir = file.parent().expect("a file in a folder");
        let children = match file.file_name().and_then(|n| n.to_str()) {
            Some("lib.rs" | "mod.rs") => dir.to_path_buf(),
            _ => file.with_extension(""),
        };
        let doc = doc(&parsed.attrs, dir);
        self.load_items(krate, &key, doc, feature, &parsed.items, dir, &children);
    }

    #[allow(clippy::too_many_arguments)]
    fn load_items(
        &mut self,
        krate: &str,
        key: &str,
        doc: String,
        feature: Option<String>,
        items: &[Item],
        dir: &Path,
        children: &Path,
    ) {
        self.modules.insert(
            key.to_owned(),
            Module {
                krate: krate.to_owned(),
                doc,
                feature,
                ..Module::default()
            },
        );
        for item in items {
            self.load_item(krate, key, item, dir, children);
        }
    }

    fn module(&mut self, key: &str) -> &mut Module {
        self.modules.get_mut(key).expect("a loaded module")
    }

    fn load_item(&mut self, krate: &str, key: &str, item: &Item, dir: &Path, children: &Path) {
        let def = |name: &syn::Ident,
                   kind: &'static str,
                   sig: TokenStream,
                   attrs: &[Attribute],
                   vis: &Visibility| Def {
            name: name.to_string(),
            kind,
            sig: pretty(sig),
            doc: summary(&doc(attrs, dir)),
            feature: feature(attrs),
            public: is_public(vis),
            methods: Vec::new(),
        };
        let d = match item {
            Item::Fn(f) if !hidden(&f.attrs) => {
                let (vis, sig) = (&f.vis, &f.sig);
                let is = |n: &str| f.attrs.iter().any(|a| a.path().is_ident(n));
                let name = &sig.ident;
                if is("proc_macro_attribute") {
                    def(name, "attribute macro", quote!(#[#name]), &f.attrs, vis)
                } else if is("proc_macro") {
                    Def {
                        sig: format!("{name}!(…)"),
                        ..def(name, "macro", TokenStream::new(), &f.attrs, vis)
                    }
                } else {
                    def(name, "fn", quote!(#vis #sig), &f.attrs, vis)
                }
            }
            Item::Struct(s) if !hidden(&s.attrs) => {
                let (vis, name, g) = (&s.vis, &s.ident, &s.generics);
                def(name, "struct", quote!(#vis struct #name #g), &s.attrs, vis)
            }
            Item::Enum(e) if !hidden(&e.attrs) => {
                let (vis, name, g) = (&e.vis, &e.ident, &e.generics);
                def(name, "enum", quote!(#vis enum #name #g), &e.attrs, vis)
            }
            Item::Trait(t) if !hidden(&t.attrs) => {
                let (vis, name, g) = (&t.vis, &t.ident, &t.generics);
                let (colon, supers) = (&t.colon_token, &t.supertraits);
                let mut d = def(
                    name,
                    "trait",
                    quote!(#vis trait #name #g #colon #supers),
                    &t.attrs,
                    vis,
                );
                for ti in &t.items {
                    if let syn::TraitItem::Fn(m) = ti
                        && !hidden(&m.attrs)
                    {
                        let sig = &m.sig;
                        d.methods
                            .push(def(&sig.ident, "method", quote!(#sig), &m.attrs, vis));
                    }
                }
                d
            }
            Item::Type(t) if !hidden(&t.attrs) => {
                let (vis, name, g, ty) = (&t.vis, &t.ident, &t.generics, &t.ty);
                def(
                    name,
                    "type",
                    quote!(#vis type #name #g = #ty),
                    &t.attrs,
                    vis,
                )
            }
            Item::Const(c) if !hidden(&c.attrs) => {
                let (vis, name, ty) = (&c.vis, &c.ident, &c.ty);
                def(name, "const", quote!(#vis const #name: #ty), &c.attrs, vis)
            }
            Item::Static(s) if !hidden(&s.attrs) => {
                let (vis, name, ty) = (&s.vis, &s.ident, &s.ty);
                def(
                    name,
                    "static",
                    quote!(#vis static #name: #ty),
                    &s.attrs,
                    vis,
                )
            }
            Item::Macro(m) if !hidden(&m.attrs) => {
                if let Some(name) = &m.ident {
                    let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                    if exported {
                        // Exported at the crate's root, whatever module
                        // defines it.
                        let d = Def {
                            public: true,
                            sig: format!("{name}!(…)"),
                            ..def(
                                name,
                                "macro",
                                TokenStream::new(),
                                &m.attrs,
                                &Visibility::Inherited,
                            )
                        };
                        self.module(krate).defs.push(d);
                    }
                    return;
                }
                let path = m.mac.path.to_token_stream().to_string().replace(' ', "");
                let generated: Option<TokenStream> = match path.as_str() {
                    "hyperox_macros::__element_items" => Some(crate::items::elements()),
                    "hyperox_macros::__attr_items" => Some(crate::items::attrs()),
                    "hx_attrs" => Some(hx_attrs(m.mac.tokens.clone())),
                    _ => None,
                };
                if let Some(tokens) = generated {
                    let file: syn::File = syn::parse2(tokens).expect("generated items parse");
                    for item in &file.items {
                        self.load_item(krate, key, item, dir, children);
                    }
                }
                return;
            }
            Item::Mod(m) if !hidden(&m.attrs) => {
                let name = m.ident.to_string();
                let child = format!("{key}::{name}");
                let feat = feature(&m.attrs);
                self.module(key)
                    .mods
                    .push((name.clone(), is_public(&m.vis)));
                match &m.content {
                    Some((_, items)) => {
                        let doc = doc(&m.attrs, dir);
                        let sub = children.join(&name);
                        self.load_items(krate, &child, doc, feat, items, dir, &sub);
                    }
                    None => {
                        let flat = children.join(format!("{name}.rs"));
                        let file = if flat.is_file() {
                            flat
                        } else {
                            children.join(&name).join("mod.rs")
                        };
                        self.load_file(krate, &file, child.clone(), feat);
                        // Outer docs (`/// ..` on `mod x;`) come first.
                        let outer = doc(&m.attrs, dir);
                        if !outer.is_empty() {
                            let module = self.module(&child);
                            module.doc = format!("{outer}\n{}", module.doc);
                        }
                    }
                }
                return;
            }
            Item::Use(u) if !hidden(&u.attrs) => {
                let mut out = Vec::new();
                flatten(&u.tree, &mut Vec::new(), &mut out);
                let public = is_public(&u.vis);
                for (path, name) in out {
                    self.module(key).uses.push(Use { path, name, public });
                }
                return;
            }
            Item::Impl(i) if i.trait_.is_none() && !hidden(&i.attrs) => {
                let syn::Type::Path(tp) = &*i.self_ty else {
                    return;
                };
                let Some(last) = tp.path.segments.last() else {
                    return;
                };
                let mut methods = Vec::new();
                for ii in &i.items {
                    if let syn::ImplItem::Fn(f) = ii
                        && is_public(&f.vis)
                        && !hidden(&f.attrs)
                    {
                        let (vis, sig) = (&f.vis, &f.sig);
                        methods.push(def(&sig.ident, "method", quote!(#vis #sig), &f.attrs, vis));
                    }
                }
                if !methods.is_empty() {
                    self.impls.push((
                        krate.to_owned(),
                        key.to_owned(),
                        last.ident.to_string(),
                        methods,
                    ));
                }
                return;
            }
            _ => return,
        };
        self.module(key).defs.push(d);
    }

    /// Each inherent method joins its type: the one of that name in the
    /// impl's module, or else the crate's only one.
    fn join_methods(&mut self) {
        for (krate, key, ty, methods) in std::mem::take(&mut self.impls) {
            let is_type = |d: &Def| d.name == ty && matches!(d.kind, "struct" | "enum" | "type");
            let home = if self.modules[&key].defs.iter().any(is_type) {
                Some(key)
            } else {
                let homes: Vec<&String> = self
                    .modules
                    .iter()
                    .filter(|(_, m)| m.krate == krate && m.defs.iter().any(is_type))
                    .map(|(k, _)| k)
                    .collect();
                (homes.len() == 1).then(|| homes[0].clone())
            };
            if let Some(home) = home {
                let module = self.module(&home);
                let d = module
                    .defs
                    .iter_mut()
                    .find(|d| is_type(d))
                    .expect("found above");
                d.methods.extend(methods);
            }
        }
    }

    fn parent(key: &str) -> &str {
        key.rsplit_once("::").map_or(key, |(p, _)| p)
    }

    /// Where `path`, written in module `from`, leads.
    fn resolve(&self, from: &str, path: &[String], depth: u32) -> Option<Target> {
        if depth > 16 || path.is_empty() {
            return None;
        }
        let (first, rest) = (&path[0], &path[1..]);
        let mut at = match first.as_str() {
            "crate" => self.modules[from].krate.clone(),
            "self" => from.to_owned(),
            "super" => Self::parent(from).to_owned(),
            name if self.crates.iter().any(|c| c == name) => name.to_owned(),
            name => match self.lookup(from, name, !rest.is_empty(), depth + 1) {
                Some(Target::Module(m)) => m,
                Some(target) if rest.is_empty() => return Some(target),
                _ => return Some(Target::External(path.join("::"))),
            },
        };
        let Some((last, middle)) = rest.split_last() else {
            return Some(Target::Module(at));
        };
        for seg in middle {
            at = match seg.as_str() {
                "super" => Self::parent(&at).to_owned(),
                seg => match self.lookup(&at, seg, true, depth + 1)? {
                    Target::Module(m) => m,
                    Target::External(e) => {
                        return Some(Target::External(format!("{e}::{}", rest.join("::"))));
                    }
                    Target::Item(..) => return None,
                },
            };
        }
        self.lookup(&at, last, false, depth + 1)
    }

    /// What `name` is in module `at`: a child module, an item, a use.
    /// Modules and items have names of their own (`page` can be a
    /// private module and a public macro): `module` says which is
    /// wanted first.
    fn lookup(&self, at: &str, name: &str, module: bool, depth: u32) -> Option<Target> {
        let m = self.modules.get(at)?;
        let child = m
            .mods
            .iter()
            .any(|(n, _)| n == name)
            .then(|| Target::Module(format!("{at}::{name}")));
        if module && child.is_some() {
            return child;
        }
        if let Some(i) = m.defs.iter().position(|d| d.name == name) {
            return Some(Target::Item(at.to_owned(), i));
        }
        for u in &m.uses {
            if u.name.as_deref() == Some(name) {
                return self.resolve(at, &u.path, depth + 1);
            }
        }
        if child.is_some() {
            return child;
        }
        for u in m.uses.iter().filter(|u| u.name.is_none()) {
            if let Some(Target::Module(g)) = self.resolve(at, &u.path, depth + 1)
                && let Some(t) = self.lookup(&g, name, module, depth + 1)
            {
                return Some(t);
            }
        }
        None
    }

    /// The reference: each public module from `root`, breadth first.
    fn write(&self, root: &str) -> String {
        // The public path of each module reached: by its declarations
        // (`pub mod`) and crate re-exports first, so that a module
        // re-exported elsewhere (`prelude::htmx`) is shown where it is
        // declared (`html::htmx`).
        let mut path_of: BTreeMap<String, String> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut declared = VecDeque::from([(root.to_owned(), root.to_owned())]);
        let mut aliased = VecDeque::new();
        while let Some((key, path)) = declared.pop_front().or_else(|| aliased.pop_front()) {
            if path_of.contains_key(&key) {
                continue;
            }
            path_of.insert(key.clone(), path.clone());
            order.push(key.clone());
            for (name, target) in self.exports(&key) {
                if let Target::Module(m) = target {
                    let sub = format!("{path}::{name}");
                    if m == format!("{key}::{name}") || !m.contains("::") {
                        declared.push_back((m, sub));
                    } else {
                        aliased.push_back((m, sub));
                    }
                }
            }
        }
        // Where each item is shown: its own module when that is public,
        // or else the first module (in that order) that re-exports it.
        let mut home: BTreeMap<(String, usize), String> = BTreeMap::new();
        for key in &order {
            for (i, d) in self.modules[key].defs.iter().enumerate() {
                if d.public {
                    home.insert((key.clone(), i), path_of[key].clone());
                }
            }
        }
        for key in &order {
            for (_, target) in self.exports(key) {
                if let Target::Item(m, i) = target {
                    home.entry((m, i)).or_insert_with(|| path_of[key].clone());
                }
            }
            for glob in self.globs(key) {
                if let Some(m) = self.modules.get(&glob) {
                    for (i, d) in m.defs.iter().enumerate() {
                        if d.public {
                            home.entry((glob.clone(), i))
                                .or_insert_with(|| path_of[key].clone());
                        }
                    }
                }
            }
        }
        let mut out = String::from("&[\n");
        let mut seen = HashSet::new();
        for key in &order {
            let module = &self.modules[key];
            let path = &path_of[key];
            let _ = writeln!(
                out,
                "ApiModule {{ path: {path:?}, doc: {:?}, feature: {:?}, items: &[",
                summary(&module.doc),
                module.feature
            );
            let mut entries: Vec<(String, String)> = Vec::new();
            let mut reexports: Vec<(String, String, String)> = Vec::new();
            for (name, target) in self.exports(key) {
                match target {
                    Target::Item(m, i) => {
                        let d = &self.modules[&m].defs[i];
                        let shown = &home[&(m.clone(), i)];
                        if shown == path && d.name == name && seen.insert((m.clone(), i)) {
                            entries.push((sort_key(d.kind, &d.name), item(d)));
                        } else {
                            reexports.push((
                                name,
                                d.kind.to_owned(),
                                format!("{shown}::{}", d.name),
                            ));
                        }
                    }
                    Target::Module(m) => {
                        let sub = &path_of[&m];
                        if *sub == format!("{path}::{name}") {
                            let doc = summary(&self.modules[&m].doc);
                            let feat = self.modules[&m].feature.clone();
                            entries.push((
                                sort_key("mod", &name),
                                format!(
                                    "ApiItem {{ name: {name:?}, kind: \"mod\", sig: {:?}, doc: {doc:?}, feature: {feat:?}, methods: &[] }},",
                                    format!("pub mod {name}")
                                ),
                            ));
                        } else {
                            reexports.push((name, "mod".to_owned(), sub.clone()));
                        }
                    }
                    Target::External(e) => {
                        reexports.push((name, "crate".to_owned(), e));
                    }
                }
            }
            entries.sort();
            for (_, e) in entries {
                out.push_str(&e);
                out.push('\n');
            }
            out.push_str("], reexports: &[");
            reexports.sort();
            reexports.dedup();
            for (name, kind, to) in reexports {
                let _ = write!(out, "({name:?}, {kind:?}, {to:?}), ");
            }
            out.push_str("], globs: &[");
            for glob in self.globs(key) {
                if let Some(p) = path_of.get(&glob) {
                    let _ = write!(out, "{p:?}, ");
                }
            }
            out.push_str("] },\n");
        }
        out.push_str("]\n");
        out
    }

    /// The public names of `key` and what each stands for (globs apart).
    fn exports(&self, key: &str) -> Vec<(String, Target)> {
        let module = &self.modules[key];
        let mut out = Vec::new();
        for (name, public) in &module.mods {
            if *public {
                out.push((name.clone(), Target::Module(format!("{key}::{name}"))));
            }
        }
        for (i, d) in module.defs.iter().enumerate() {
            if d.public {
                out.push((d.name.clone(), Target::Item(key.to_owned(), i)));
            }
        }
        for u in module.uses.iter().filter(|u| u.public) {
            if let Some(name) = &u.name
                && let Some(t) = self.resolve(key, &u.path, 0)
            {
                out.push((name.clone(), t));
            }
        }
        out
    }

    /// The modules `key` re-exports whole (`pub use x::*`).
    fn globs(&self, key: &str) -> Vec<String> {
        self.modules[key]
            .uses
            .iter()
            .filter(|u| u.public && u.name.is_none())
            .filter_map(|u| match self.resolve(key, &u.path, 0) {
                Some(Target::Module(m)) => Some(m),
                _ => None,
            })
            .collect()
    }
}

/// Modules first, then macros, types, functions, the rest.
fn sort_key(kind: &str, name: &str) -> String {
    let rank = match kind {
        "mod" => 0,
        "macro" | "attribute macro" => 1,
        "struct" | "enum" | "trait" | "type" => 2,
        "fn" => 3,
        _ => 4,
    };
    format!("{rank}{}", name.to_lowercase())
}

fn item(d: &Def) -> String {
    let mut methods = String::new();
    for m in &d.methods {
        let _ = write!(
            methods,
            "ApiItem {{ name: {:?}, kind: {:?}, sig: {:?}, doc: {:?}, feature: {:?}, methods: &[] }}, ",
            m.name, m.kind, m.sig, m.doc, m.feature
        );
    }
    format!(
        "ApiItem {{ name: {:?}, kind: {:?}, sig: {:?}, doc: {:?}, feature: {:?}, methods: &[{methods}] }},",
        d.name, d.kind, d.sig, d.doc, d.feature
    )
}

/// A use tree as (path, name) pairs; `self` in a group is the group's
/// path, `_` imports are left out.
fn flatten(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<(Vec<String>, Option<String>)>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                let last = prefix.last().cloned();
                out.push((prefix.clone(), last));
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push((path, Some(name)));
            }
        }
        UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.to_string());
            }
            let alias = r.rename.to_string();
            if alias != "_" {
                out.push((path, Some(alias)));
            }
        }
        UseTree::Glob(_) => out.push((prefix.clone(), None)),
        UseTree::Group(g) => {
            for t in &g.items {
                flatten(t, prefix, out);
            }
        }
    }
}

/// The functions `hx_attrs! { /// doc  name => "hx-name", "example"; .. }`
/// defines, as items (the macro writes `hx-name`'s doc first).
fn hx_attrs(tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut docs: Vec<String> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(g)) = iter.next()
                    && let Ok(syn::Meta::NameValue(nv)) = syn::parse2::<syn::Meta>(g.stream())
                    && let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) = nv.value
                {
                    docs.push(s.value());
                }
            }
            TokenTree::Ident(f) => {
                // `=> "hx-name", "example";`
                let mut attr = String::new();
                for tt in iter.by_ref() {
                    match tt {
                        TokenTree::Literal(l) if attr.is_empty() => {
                            attr = l.to_string().trim_matches('"').to_owned();
                        }
                        TokenTree::Punct(p) if p.as_char() == ';' => break,
                        _ => {}
                    }
                }
                let doc = format!("`{attr}`:{}", docs.concat());
                docs.clear();
                out.extend(quote! {
                    #[doc = #doc]
                    pub fn #f<V: AttrValue>(value: V) -> HxAttr<V> {}
                });
            }
            _ => {}
        }
    }
    out
}
