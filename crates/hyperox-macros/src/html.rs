//! `html!`: a builder expression with its literal parts rendered at
//! compile time.
//!
//! The macro parses the same calls the builder takes (`div((class("x"),
//! p("text")))`) as a Rust expression. Every part it can evaluate without
//! running code (string and integer literals, elements of the builder
//! whose parts are all literal, and the literal forms of `class`, `attr`,
//! `data_attr`, `aria`, `bool_attr`, `text`, `unsafe_raw` and the typed
//! and boolean attribute helpers) is rendered here exactly as the builder
//! would render it, and consecutive rendered children become one string.
//! Everything else is left as written, so the result renders the same
//! HTML as the plain expression.

use crate::table;
use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use std::cell::RefCell;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprCall, Ident, Lit, Token};

/// A part whose rendering is known at compile time.
enum Part {
    /// ` name="value"` (or ` name` for a boolean attribute, or nothing).
    Attr(String),
    /// An escaped class value.
    Class(String),
    /// Text, not yet escaped (its escaping depends on the parent).
    Text(String),
    /// Rendered HTML.
    Html(String),
}

impl Part {
    fn is_child(&self) -> bool {
        matches!(self, Part::Text(_) | Part::Html(_))
    }
}

/// `($crate) expr`: the wrapper passes the builder crate's path first.
struct Input {
    krate: TokenStream,
    expr: Expr,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let krate;
        syn::parenthesized!(krate in input);
        let krate: TokenStream = krate.parse()?;
        if input.is_empty() {
            return Err(
                input.error("html! takes one builder expression, such as `html!(div(\"hi\"))`")
            );
        }
        let expr = input.parse()?;
        if !input.is_empty() {
            return Err(input.error("html! takes one expression; wrap several in a tuple"));
        }
        Ok(Self { krate, expr })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let Input { krate, expr } = match syn::parse2(input) {
        Ok(input) => input,
        Err(e) => return e.to_compile_error(),
    };
    let cx = Cx {
        krate,
        checks: RefCell::new(Vec::new()),
        errors: RefCell::new(Vec::new()),
    };
    let out = cx.transform(&expr, false);
    let errors = std::mem::take(&mut *cx.errors.borrow_mut());
    if !errors.is_empty() {
        return errors.into_iter().map(|e| e.to_compile_error()).collect();
    }
    let checks = cx.checks.into_inner();
    if checks.is_empty() {
        return out;
    }
    // `{ let _ = krate::__check::KIND(&name); ... expr }`: a compile-time
    // proof, at the name's own span, that each name html! rendered is the
    // builder's function where it stands. `$crate` keeps its own span (it
    // resolves through it); the rest takes the name's, so that an error
    // points at the name.
    let krate = &cx.krate;
    let proofs = checks.iter().map(|(kind, name)| {
        let kind = Ident::new(kind, name.span());
        let rest = quote_spanned!(name.span()=> ::__check::#kind(&#name););
        quote!(let _ = #krate #rest)
    });
    quote!({ #(#proofs)* #out })
}

struct Cx {
    krate: TokenStream,
    /// The names this expansion rendered at compile time, with the kind
    /// of builder function each must be.
    checks: RefCell<Vec<(&'static str, Ident)>>,
    /// What cannot be rendered: an element given a literal attribute
    /// twice.
    errors: RefCell<Vec<syn::Error>>,
}

impl Cx {
    /// Refuses an element whose literal attributes name one twice.
    fn no_duplicates(&self, at: &dyn quote::ToTokens, tag: &str, parts: &[Part]) {
        if let Some(name) = duplicate_attribute(parts) {
            self.errors.borrow_mut().push(syn::Error::new_spanned(
                at,
                format!(
                    "<{tag}> is given the attribute `{name}` twice, which is invalid HTML \
                     (the browser keeps the first): give it once (only `class` is merged)"
                ),
            ));
        }
    }

    /// Notes that `name` was rendered as the builder's `kind` of function.
    fn checked(&self, kind: &'static str, name: &Ident) {
        let mut checks = self.checks.borrow_mut();
        if !checks.iter().any(|(k, n)| *k == kind && n == name) {
            checks.push((kind, name.clone()));
        }
    }

    /// `{ struct __HyperoxHtml; impl krate::StaticHtml for __HyperoxHtml {
    /// const HTML: &'static str = "html"; } krate::__static::<__HyperoxHtml>() }`:
    /// rendered markup as a constant, which the builder joins with the
    /// literal markup around it.
    fn raw(&self, html: &str) -> TokenStream {
        let krate = &self.krate;
        quote!({
            struct __HyperoxHtml;
            impl #krate::StaticHtml for __HyperoxHtml {
                const HTML: &'static str = #html;
            }
            #krate::__static::<__HyperoxHtml>()
        })
    }

    /// The expression, with what can be rendered now rendered.
    fn transform(&self, expr: &Expr, raw_text: bool) -> TokenStream {
        if let Some(parts) = self.eval(expr)
            && parts.iter().all(Part::is_child)
        {
            return self.raw(&children_html(&parts, raw_text));
        }
        match expr {
            Expr::Call(call) => {
                let Some(name) = plain_name(&call.func) else {
                    return expr.to_token_stream();
                };
                if let Some(table::Element { tag, void, raw }) = table::element(&name.to_string())
                    && call.args.len() == 1
                {
                    self.checked("element", name);
                    let arg = &call.args[0];
                    if let Some(pre) = self.pre_element(arg, tag, void, raw) {
                        return pre;
                    }
                    let arg = self.transform(arg, raw);
                    let args = quote_spanned!(call.paren_token.span.join()=> (#arg));
                    return quote!(#name #args);
                }
                if name == "each" {
                    return self.each_call(call, raw_text);
                }
                expr.to_token_stream()
            }
            Expr::Tuple(_) | Expr::Paren(_) => self.transform_items(&flatten(expr), raw_text),
            Expr::Group(g) => self.transform(&g.expr, raw_text),
            _ => expr.to_token_stream(),
        }
    }

    /// An element with dynamic parts but a literal start tag:
    /// `__pre::<T, _>((parts,))` where `T`'s constants hold the rendered
    /// start tag (with the literal attributes) and the leading and
    /// trailing literal children. It writes the rendered start tag unless
    /// a dynamic part turns out to add attributes. `None` when a part is
    /// plainly a dynamic attribute (the builder's element is as good then).
    fn pre_element(&self, arg: &Expr, tag: &str, void: bool, raw: bool) -> Option<TokenStream> {
        enum Out {
            Raw(String),
            Code(TokenStream),
        }
        let krate = &self.krate;
        let mut attrs: Vec<Part> = Vec::new();
        let mut out: Vec<Out> = Vec::new();
        for item in flatten(arg) {
            if let Some(parts) = self.eval(item) {
                if parts.iter().all(Part::is_child) {
                    let html = children_html(&parts, raw);
                    match out.last_mut() {
                        Some(Out::Raw(run)) => run.push_str(&html),
                        _ => out.push(Out::Raw(html)),
                    }
                    continue;
                }
                attrs.extend(parts.into_iter().filter(|p| !p.is_child()));
                out.push(Out::Code(quote!(#krate::__lit(#item))));
                continue;
            }
            if is_attr_call(item) {
                return None;
            }
            out.push(Out::Code(self.transform(item, raw)));
        }
        // Literal children right after the start tag and right before the
        // end tag are written with them.
        let mut head = String::new();
        let mut tail = String::new();
        if !void {
            if let Some(Out::Raw(h)) = out.first_mut() {
                head = std::mem::take(h);
                out.remove(0);
            }
            if let Some(Out::Raw(t)) = out.last_mut() {
                tail = std::mem::take(t);
                out.pop();
            }
        }
        let parts: Vec<TokenStream> = out
            .into_iter()
            .map(|o| match o {
                Out::Raw(html) => self.raw(&html),
                Out::Code(ts) => ts,
            })
            .collect();
        self.no_duplicates(arg, tag, &attrs);
        let open = format!("<{tag}");
        let start = format!("{}{head}", open_tag(tag, &attrs));
        let end = if void {
            String::new()
        } else {
            format!("{tail}</{tag}>")
        };
        let parts = tuple_of(parts);
        Some(quote!({
            struct __HyperoxPre;
            impl #krate::PreTag for __HyperoxPre {
                const OPEN: &'static str = #open;
                const START: &'static str = #start;
                const HEAD: &'static str = #head;
                const END: &'static str = #end;
                const VOID: bool = #void;
                const RAW: bool = #raw;
            }
            #krate::__pre::<__HyperoxPre, _>(#parts)
        }))
    }

    /// `each(iter, |item| body)` with the closure's body transformed (a
    /// body in braces, or any other form, is left as written).
    fn each_call(&self, call: &ExprCall, raw_text: bool) -> TokenStream {
        let (Some(iter), Some(Expr::Closure(closure)), 2) =
            (call.args.first(), call.args.get(1), call.args.len())
        else {
            return call.to_token_stream();
        };
        if matches!(&*closure.body, Expr::Block(_)) {
            return call.to_token_stream();
        }
        let mut closure = closure.clone();
        *closure.body = Expr::Verbatim(self.transform(&closure.body, raw_text));
        let func = &call.func;
        let args = quote_spanned!(call.paren_token.span.join()=> (#iter, #closure));
        quote!(#func #args)
    }

    /// The items of a tuple, consecutive rendered children merged; always
    /// a tuple again (a trailing comma keeps one item a tuple).
    fn transform_items(&self, items: &[&Expr], raw_text: bool) -> TokenStream {
        let mut out: Vec<TokenStream> = Vec::new();
        let mut run = String::new();
        let mut in_run = false;
        for item in items {
            if let Some(parts) = self.eval(item)
                && parts.iter().all(Part::is_child)
            {
                run.push_str(&children_html(&parts, raw_text));
                in_run = true;
                continue;
            }
            if in_run {
                out.push(self.raw(&run));
                run.clear();
                in_run = false;
            }
            out.push(self.transform(item, raw_text));
        }
        if in_run {
            out.push(self.raw(&run));
        }
        tuple_of(out)
    }

    /// The parts of an expression, when all are known now.
    fn eval(&self, expr: &Expr) -> Option<Vec<Part>> {
        match expr {
            Expr::Lit(lit) => Some(vec![Part::Text(literal_text(&lit.lit)?)]),
            Expr::Tuple(_) | Expr::Paren(_) => {
                let mut parts = Vec::new();
                for item in flatten(expr) {
                    parts.extend(self.eval(item)?);
                }
                Some(parts)
            }
            Expr::Group(g) => self.eval(&g.expr),
            Expr::Call(call) => self.eval_call(call),
            _ => None,
        }
    }

    /// The parts of a call of the builder with literal arguments.
    fn eval_call(&self, call: &ExprCall) -> Option<Vec<Part>> {
        let f = plain_name(&call.func)?;
        let name = f.to_string();
        let args: Vec<&Expr> = call.args.iter().collect();
        if let Some(table::Element { tag, void, raw }) = table::element(&name) {
            let [arg] = args.as_slice() else {
                return None;
            };
            let parts = self.eval(arg)?;
            self.no_duplicates(call, tag, &parts);
            self.checked("element", f);
            return Some(vec![Part::Html(element_html(tag, void, raw, &parts))]);
        }
        let lit = |i: usize| -> Option<String> {
            match args.get(i) {
                Some(Expr::Lit(syn::ExprLit {
                    lit: Lit::Str(s), ..
                })) => Some(s.value()),
                _ => None,
            }
        };
        let flag = |i: usize| -> Option<bool> {
            match args.get(i) {
                Some(Expr::Lit(syn::ExprLit {
                    lit: Lit::Bool(b), ..
                })) => Some(b.value),
                _ => None,
            }
        };
        let attr = |n: &str, v: &str| format!(" {n}=\"{}\"", escape(v));
        let bool_attr = |n: &str, on: bool| {
            if on { format!(" {n}") } else { String::new() }
        };
        let (kind, part) = match (name.as_str(), args.len()) {
            ("class", 1) => ("class", Part::Class(escape(&lit(0)?))),
            ("text", 1) => ("text", Part::Text(lit(0)?)),
            ("unsafe_raw", 1) => ("unsafe_raw", Part::Html(lit(0)?)),
            ("attr", 2) => (
                "named_attr",
                Part::Attr(attr(&clean_name(&lit(0)?), &lit(1)?)),
            ),
            ("data_attr", 2) => (
                "named_attr",
                Part::Attr(attr(&clean_name(&format!("data-{}", lit(0)?)), &lit(1)?)),
            ),
            ("aria", 2) => (
                "named_attr",
                Part::Attr(attr(&clean_name(&format!("aria-{}", lit(0)?)), &lit(1)?)),
            ),
            ("bool_attr", 2) => (
                "bool_attr",
                Part::Attr(bool_attr(&clean_name(&lit(0)?), flag(1)?)),
            ),
            (_, 1) => {
                if let Some(a) = table::bool_attr(&name) {
                    ("bool_helper", Part::Attr(bool_attr(a, flag(0)?)))
                } else {
                    ("attr", Part::Attr(attr(table::attr(&name)?, &lit(0)?)))
                }
            }
            _ => return None,
        };
        self.checked(kind, f);
        Some(vec![part])
    }
}

/// The name of a function called by a plain name (`div`, not `x::div`
/// or `div::<T>`).
fn plain_name(func: &Expr) -> Option<&Ident> {
    match func {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident(),
        _ => None,
    }
}

/// The text of a string or integer literal, as the builder writes it.
fn literal_text(lit: &Lit) -> Option<String> {
    const SUFFIXES: &[&str] = &[
        "", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    match lit {
        Lit::Str(s) if s.suffix().is_empty() => Some(s.value()),
        Lit::Int(i) if SUFFIXES.contains(&i.suffix()) => {
            Some(i.base10_parse::<u128>().ok()?.to_string())
        }
        _ => None,
    }
}

/// The items of a part list with nested tuples and parentheses spliced in
/// (a nested tuple is only grouping: its parts belong to the same
/// element).
fn flatten(expr: &Expr) -> Vec<&Expr> {
    fn walk<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
        match expr {
            Expr::Tuple(t) => t.elems.iter().for_each(|e| walk(e, out)),
            Expr::Paren(p) => walk(&p.expr, out),
            _ => out.push(expr),
        }
    }
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

/// A tuple of the items, nested in tuples of at most 16 (the most the
/// builder takes in one).
fn tuple_of(mut items: Vec<TokenStream>) -> TokenStream {
    while items.len() > 16 {
        items = items.chunks(16).map(|c| tuple_of(c.to_vec())).collect();
    }
    let items: Punctuated<TokenStream, Token![,]> = items.into_iter().collect();
    if items.len() == 1 {
        quote!((#items,))
    } else {
        quote!((#items))
    }
}

/// Whether an item is a call of an attribute helper with arguments that
/// are not literals (`id(format!(..))`, `class_if(..)`,
/// `htmx::target(..)`, `htmx::post(url).target(..)`).
fn is_attr_call(item: &Expr) -> bool {
    const DYNAMIC: &[&str] = &[
        "class",
        "class_if",
        "attr",
        "attr_if",
        "data_attr",
        "aria",
        "bool_attr",
        "meta_name",
        "meta_property",
    ];
    let mut base = item;
    while let Expr::MethodCall(m) = base {
        base = &m.receiver;
    }
    let Expr::Call(call) = base else {
        return false;
    };
    let Expr::Path(p) = &*call.func else {
        return false;
    };
    let segments: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segments.as_slice() {
        [f] => {
            DYNAMIC.contains(&f.as_str())
                || table::attr(f).is_some()
                || table::bool_attr(f).is_some()
                || f.starts_with("on_")
        }
        [first, ..] => first == "htmx" || first == "js",
        [] => false,
    }
}

/// Renders an element as the builder does.
fn element_html(tag: &str, void: bool, raw: bool, parts: &[Part]) -> String {
    let mut out = open_tag(tag, parts);
    if !void {
        out.push_str(&children_html(parts, raw));
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    out
}

/// The name of a literal attribute given twice in `parts` (compared
/// without case, as HTML does), if one is.
fn duplicate_attribute(parts: &[Part]) -> Option<String> {
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        let Part::Attr(a) = p else { continue };
        let name = a
            .trim_start()
            .split('=')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        if seen.contains(&name) {
            return Some(name);
        }
        seen.push(name);
    }
    None
}

/// The start tag with the literal attributes, classes merged where the
/// first class stands.
fn open_tag(tag: &str, parts: &[Part]) -> String {
    let mut out = format!("<{tag}");
    let mut class_done = false;
    for p in parts {
        match p {
            Part::Attr(a) => out.push_str(a),
            Part::Class(_) if !class_done => {
                class_done = true;
                let classes: Vec<&str> = parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Class(c) => Some(c.as_str()),
                        _ => None,
                    })
                    .collect();
                out.push_str(" class=\"");
                out.push_str(&classes.join(" "));
                out.push('"');
            }
            _ => {}
        }
    }
    out.push('>');
    out
}

fn children_html(parts: &[Part], raw_text: bool) -> String {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) if raw_text => out.push_str(&t.replace("</", "<\\/")),
            Part::Text(t) => out.push_str(&escape(t)),
            Part::Html(h) => out.push_str(h),
            Part::Attr(_) | Part::Class(_) => {}
        }
    }
    out
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn clean_name(name: &str) -> String {
    name.chars()
        .filter(|&c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '@'))
        .collect()
}
