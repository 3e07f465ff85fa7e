//! `html!`: a builder expression with its literal parts rendered at
//! compile time.
//!
//! The macro reads the same calls the builder takes (`div((class("x"),
//! p("text")))`). Every part it can evaluate without running code (string
//! and integer literals, elements of the builder whose parts are all
//! literal, and the literal forms of `class`, `attr`, `data_attr`,
//! `aria`, `bool_attr`, `text`, `unsafe_raw` and the typed attribute
//! helpers) is rendered here exactly as the builder would render it, and
//! consecutive rendered children become one string. Everything else is
//! left as written, so the result renders the same HTML as the plain
//! expression.

use crate::table;
use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

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

thread_local! {
    /// The names this expansion rendered at compile time, with the check
    /// that proves each is the builder's where it stands.
    static CHECKS: std::cell::RefCell<Vec<(&'static str, Ident)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Notes that `name` was rendered as the builder's `kind` of function.
fn checked(kind: &'static str, name: &Ident) {
    CHECKS.with(|c| {
        let mut c = c.borrow_mut();
        let text = name.to_string();
        if !c.iter().any(|(k, n)| *k == kind && n.to_string() == text) {
            c.push((kind, name.clone()));
        }
    });
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let mut toks: Vec<TokenTree> = input.into_iter().collect();
    // The wrapper passes the builder crate's path first, in parentheses.
    let krate = match toks.first() {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => g.stream(),
        _ => {
            return error(
                "html!: internal error, the crate path is missing",
                Span::call_site(),
            );
        }
    };
    toks.remove(0);
    if toks.is_empty() {
        return error(
            "html! takes one builder expression, such as `html!(div(\"hi\"))`",
            Span::call_site(),
        );
    }
    CHECKS.with(|c| c.borrow_mut().clear());
    let out = Cx {
        krate: krate.clone(),
    }
    .transform(&toks, false);
    let checks = CHECKS.with(|c| std::mem::take(&mut *c.borrow_mut()));
    if checks.is_empty() {
        return out;
    }
    // `{ let _ = krate::__check::KIND(&name); ... expr }`: a compile-time
    // proof, at the name's own span, that each name html! rendered is
    // the builder's function where it stands.
    let mut body = TokenStream::new();
    for (kind, name) in checks {
        let span = name.span();
        body.extend("let _ =".parse::<TokenStream>().expect("`let _ =` parses"));
        // `$crate` keeps its own span (it resolves through it); the rest
        // takes the name's, so that an error points at the name.
        body.extend(krate.clone());
        let mut proof: TokenStream = format!("::__check::{kind}").parse().expect("a path parses");
        let mut arg: TokenStream = "&".parse().expect("`&` parses");
        arg.extend([TokenTree::Ident(name)]);
        proof.extend([
            TokenTree::Group(Group::new(Delimiter::Parenthesis, arg)),
            TokenTree::Punct(proc_macro::Punct::new(';', proc_macro::Spacing::Alone)),
        ]);
        body.extend(respan(proof, span));
    }
    body.extend(out);
    TokenStream::from(TokenTree::Group(Group::new(Delimiter::Brace, body)))
}

/// `tokens` with every span set to `span` (groups included).
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            if let TokenTree::Group(g) = &t {
                let mut inner = Group::new(g.delimiter(), respan(g.stream(), span));
                inner.set_span(span);
                t = TokenTree::Group(inner);
            } else {
                t.set_span(span);
            }
            t
        })
        .collect()
}

struct Cx {
    krate: TokenStream,
}

impl Cx {
    /// `{ struct NAME; impl krate::TRAIT for NAME { CONSTS } krate::CALL }`:
    /// constants on a type defined where the node stands, and the call
    /// making the node (`call` names the type, `args` go in parentheses).
    fn const_node(
        &self,
        name: &str,
        trait_: &str,
        consts: &str,
        call: &str,
        args: TokenStream,
    ) -> TokenStream {
        let parse = |code: &str| code.parse::<TokenStream>().expect("generated code parses");
        let mut body = parse(&format!("struct {name}; impl"));
        body.extend(self.krate.clone());
        body.extend(parse(&format!("::{trait_} for {name}")));
        body.extend([TokenTree::Group(Group::new(
            Delimiter::Brace,
            parse(consts),
        ))]);
        body.extend(self.krate.clone());
        body.extend(parse(&format!("::{call}")));
        body.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, args))]);
        TokenStream::from(TokenTree::Group(Group::new(Delimiter::Brace, body)))
    }

    /// `{ struct __HyperoxHtml; impl krate::StaticHtml for __HyperoxHtml {
    /// const HTML: &'static str = "html"; } krate::__static::<__HyperoxHtml>() }`:
    /// rendered markup as a constant, which the builder joins with the
    /// literal markup around it.
    fn raw(&self, html: &str) -> TokenStream {
        self.const_node(
            "__HyperoxHtml",
            "StaticHtml",
            &format!("const HTML: &'static str = {};", Literal::string(html)),
            "__static::<__HyperoxHtml>",
            TokenStream::new(),
        )
    }

    /// The expression, with what can be rendered now rendered.
    fn transform(&self, toks: &[TokenTree], raw_text: bool) -> TokenStream {
        if let Some(parts) = eval(toks)
            && parts.iter().all(Part::is_child)
        {
            return self.raw(&children_html(&parts, raw_text));
        }
        match toks {
            [TokenTree::Ident(f), TokenTree::Group(g)]
                if g.delimiter() == Delimiter::Parenthesis =>
            {
                let name = f.to_string();
                match table::element(&name) {
                    Some(table::Element { tag, void, raw }) => {
                        checked("element", f);
                        let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                        if let Some(pre) = self.pre_element(&inner, tag, void, raw) {
                            return pre;
                        }
                        let arg = self.transform(&inner, raw);
                        let mut group = Group::new(Delimiter::Parenthesis, arg);
                        group.set_span(g.span());
                        [TokenTree::Ident(f.clone()), TokenTree::Group(group)]
                            .into_iter()
                            .collect()
                    }
                    None if name == "each" => self.each_call(f, g, raw_text),
                    None => toks.iter().cloned().collect(),
                }
            }
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                let items = flatten(split(&g.stream().into_iter().collect::<Vec<_>>()));
                self.transform_items(&items, raw_text)
            }
            _ => toks.iter().cloned().collect(),
        }
    }

    /// An element with dynamic parts but a literal start tag:
    /// `__pre("<tag", "<tag a=\"b\">head", "head", "tail</tag>", void, raw,
    /// (parts,))`, where head and tail are its leading and trailing literal
    /// children. It writes the rendered start tag unless a dynamic part
    /// turns out to add attributes. `None` when a part is plainly a dynamic
    /// attribute (the builder's element is as good then).
    fn pre_element(
        &self,
        inner: &[TokenTree],
        tag: &str,
        void: bool,
        raw: bool,
    ) -> Option<TokenStream> {
        enum Out {
            Raw(String),
            Code(TokenStream),
        }
        let items = match inner {
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                flatten(split(&g.stream().into_iter().collect::<Vec<_>>()))
            }
            _ => vec![inner.to_vec()],
        };
        let mut attrs: Vec<Part> = Vec::new();
        let mut out: Vec<Out> = Vec::new();
        for item in &items {
            if let Some(parts) = eval(item) {
                if parts.iter().all(Part::is_child) {
                    let html = children_html(&parts, raw);
                    match out.last_mut() {
                        Some(Out::Raw(run)) => run.push_str(&html),
                        _ => out.push(Out::Raw(html)),
                    }
                    continue;
                }
                attrs.extend(parts.into_iter().filter(|p| !p.is_child()));
                out.push(Out::Code(
                    self.path_call("__lit", item.iter().cloned().collect()),
                ));
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
        let start = format!("{}{head}", open_tag(tag, &attrs));
        let end = if void {
            String::new()
        } else {
            format!("{tail}</{tag}>")
        };
        // `{ struct __HyperoxPre; impl krate::PreTag for __HyperoxPre { .. }
        // krate::__pre::<__HyperoxPre, _>((parts,)) }`: the pieces are
        // constants, so the node holds nothing but its parts.
        let lit = |s: &str| Literal::string(s).to_string();
        let consts = format!(
            "const OPEN: &'static str = {}; const START: &'static str = {}; \
             const HEAD: &'static str = {}; const END: &'static str = {}; \
             const VOID: bool = {void}; const RAW: bool = {raw};",
            lit(&format!("<{tag}")),
            lit(&start),
            lit(&head),
            lit(&end),
        );
        Some(self.const_node(
            "__HyperoxPre",
            "PreTag",
            &consts,
            "__pre::<__HyperoxPre, _>",
            tuple_of(parts),
        ))
    }

    /// `each(iter, |item| body)` with the closure's body transformed (a
    /// body in braces, or any other form, is left as written).
    fn each_call(&self, f: &Ident, g: &Group, raw_text: bool) -> TokenStream {
        let verbatim = || -> TokenStream {
            [TokenTree::Ident(f.clone()), TokenTree::Group(g.clone())]
                .into_iter()
                .collect()
        };
        let args = split(&g.stream().into_iter().collect::<Vec<_>>());
        let [iter, closure] = args.as_slice() else {
            return verbatim();
        };
        let is_bar = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == '|');
        let mut i = usize::from(
            matches!(closure.first(), Some(TokenTree::Ident(m)) if m.to_string() == "move"),
        );
        if !closure.get(i).is_some_and(is_bar) {
            return verbatim();
        }
        i += 1;
        let Some(close) = closure[i..].iter().position(is_bar) else {
            return verbatim();
        };
        let body = &closure[i + close + 1..];
        if body.is_empty()
            || matches!(body, [TokenTree::Group(b)] if b.delimiter() == Delimiter::Brace)
        {
            return verbatim();
        }
        let mut inner: TokenStream = iter.iter().cloned().collect();
        inner.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
        inner.extend(closure[..i + close + 1].iter().cloned());
        inner.extend(self.transform(body, raw_text));
        let mut group = Group::new(Delimiter::Parenthesis, inner);
        group.set_span(g.span());
        [TokenTree::Ident(f.clone()), TokenTree::Group(group)]
            .into_iter()
            .collect()
    }

    /// `krate::name(args)`.
    fn path_call(&self, name: &str, args: TokenStream) -> TokenStream {
        let mut out: Vec<TokenTree> = self.krate.clone().into_iter().collect();
        out.push(Punct::new(':', Spacing::Joint).into());
        out.push(Punct::new(':', Spacing::Alone).into());
        out.push(Ident::new(name, Span::call_site()).into());
        out.push(Group::new(Delimiter::Parenthesis, args).into());
        out.into_iter().collect()
    }

    /// The items of a tuple, consecutive rendered children merged; always
    /// a tuple again (a trailing comma keeps one item a tuple).
    fn transform_items(&self, items: &[Vec<TokenTree>], raw_text: bool) -> TokenStream {
        let mut out: Vec<TokenStream> = Vec::new();
        let mut run = String::new();
        let mut in_run = false;
        for item in items {
            if let Some(parts) = eval(item)
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
}

/// The items of a part list with nested tuples spliced in (a nested tuple
/// is only grouping: its parts belong to the same element).
fn flatten(items: Vec<Vec<TokenTree>>) -> Vec<Vec<TokenTree>> {
    let mut out = Vec::new();
    for item in items {
        match item.as_slice() {
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
                out.extend(flatten(split(&g.stream().into_iter().collect::<Vec<_>>())));
            }
            _ => out.push(item),
        }
    }
    out
}

/// A tuple of the items, nested in tuples of at most 16 (the most the
/// builder takes in one).
fn tuple_of(mut items: Vec<TokenStream>) -> TokenStream {
    while items.len() > 16 {
        items = items.chunks(16).map(|c| tuple_of(c.to_vec())).collect();
    }
    let mut ts = TokenStream::new();
    for item in items {
        ts.extend(item);
        ts.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    }
    TokenStream::from(TokenTree::Group(Group::new(Delimiter::Parenthesis, ts)))
}

/// Splits tokens at top-level commas, dropping empty items.
fn split(toks: &[TokenTree]) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for t in toks {
        match t {
            TokenTree::Punct(p) if p.as_char() == ',' => items.push(Vec::new()),
            _ => items.last_mut().expect("one item at least").push(t.clone()),
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

/// The parts of an expression, when all are known now.
fn eval(toks: &[TokenTree]) -> Option<Vec<Part>> {
    match toks {
        [TokenTree::Literal(l)] => {
            let s = l.to_string();
            string_value(&s)
                .or_else(|| int_value(&s))
                .map(|v| vec![Part::Text(v)])
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
            let mut parts = Vec::new();
            for item in split(&g.stream().into_iter().collect::<Vec<_>>()) {
                parts.extend(eval(&item)?);
            }
            Some(parts)
        }
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            eval(&g.stream().into_iter().collect::<Vec<_>>())
        }
        [TokenTree::Ident(f), TokenTree::Group(g)] if g.delimiter() == Delimiter::Parenthesis => {
            let name = f.to_string();
            let inner: Vec<TokenTree> = g.stream().into_iter().collect();
            if let Some(table::Element { tag, void, raw }) = table::element(&name) {
                let parts = eval(&inner)?;
                checked("element", f);
                return Some(vec![Part::Html(element_html(tag, void, raw, &parts))]);
            }
            let args = split(&inner);
            let lit = |i: usize| -> Option<String> {
                match args.get(i).map(Vec::as_slice) {
                    Some([TokenTree::Literal(l)]) => string_value(&l.to_string()),
                    _ => None,
                }
            };
            let attr = |n: &str, v: &str| format!(" {n}=\"{}\"", escape(v));
            let part = |kind: &'static str, part: Option<Part>| {
                let part = part?;
                checked(kind, f);
                Some(vec![part])
            };
            match (name.as_str(), args.len()) {
                ("class", 1) => part("class", lit(0).map(|v| Part::Class(escape(&v)))),
                ("text", 1) => part("text", lit(0).map(Part::Text)),
                ("unsafe_raw", 1) => part("unsafe_raw", lit(0).map(Part::Html)),
                ("attr", 2) => part(
                    "named_attr",
                    Some(Part::Attr(attr(&clean_name(&lit(0)?), &lit(1)?))),
                ),
                ("data_attr", 2) => part(
                    "named_attr",
                    Some(Part::Attr(attr(
                        &clean_name(&format!("data-{}", lit(0)?)),
                        &lit(1)?,
                    ))),
                ),
                ("aria", 2) => part(
                    "named_attr",
                    Some(Part::Attr(attr(
                        &clean_name(&format!("aria-{}", lit(0)?)),
                        &lit(1)?,
                    ))),
                ),
                ("bool_attr", 2) => {
                    let on = match args[1].as_slice() {
                        [TokenTree::Ident(b)] if b.to_string() == "true" => true,
                        [TokenTree::Ident(b)] if b.to_string() == "false" => false,
                        _ => return None,
                    };
                    let n = clean_name(&lit(0)?);
                    part(
                        "bool_attr",
                        Some(Part::Attr(if on { format!(" {n}") } else { String::new() })),
                    )
                }
                (_, 1) if table::bool_attr(&name).is_some() => {
                    let on = match args[0].as_slice() {
                        [TokenTree::Ident(b)] if b.to_string() == "true" => true,
                        [TokenTree::Ident(b)] if b.to_string() == "false" => false,
                        _ => return None,
                    };
                    let n = table::bool_attr(&name)?;
                    part(
                        "bool_helper",
                        Some(Part::Attr(if on { format!(" {n}") } else { String::new() })),
                    )
                }
                (_, 1) => {
                    let attr_name = table::attr(&name)?;
                    part("attr", Some(Part::Attr(attr(attr_name, &lit(0)?))))
                }
                _ => None,
            }
        }
        _ => None,
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

/// Whether an item is a call of an attribute helper with arguments that
/// are not literals (`id(format!(..))`, `class_if(..)`, `htmx::target(..)`).
fn is_attr_call(item: &[TokenTree]) -> bool {
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
    let idents: Vec<String> = item
        .iter()
        .take_while(|t| !matches!(t, TokenTree::Group(_)))
        .filter_map(|t| match t {
            TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        })
        .collect();
    match idents.as_slice() {
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

/// The value of a decimal integer literal (`1_000`, `7u8`), as `Display`
/// writes it.
fn int_value(lit: &str) -> Option<String> {
    let digits: String = lit
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '_')
        .collect();
    let suffix = &lit[digits.len()..];
    const SUFFIXES: &[&str] = &[
        "", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    if digits.is_empty()
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !SUFFIXES.contains(&suffix)
    {
        return None;
    }
    let n: u128 = digits.replace('_', "").parse().ok()?;
    Some(n.to_string())
}

/// The value of a string literal (`"..."` or `r#"..."#`).
fn string_value(lit: &str) -> Option<String> {
    if let Some(rest) = lit.strip_prefix('r') {
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        let inner = rest.get(hashes..rest.len().checked_sub(hashes)?)?;
        return inner
            .strip_prefix('"')?
            .strip_suffix('"')
            .map(str::to_owned);
    }
    let inner = lit.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '\\' => out.push('\\'),
            '0' => out.push('\0'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let h: String = [chars.next()?, chars.next()?].iter().collect();
                out.push(char::from(u8::from_str_radix(&h, 16).ok()?));
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let mut h = String::new();
                loop {
                    match chars.next()? {
                        '}' => break,
                        '_' => {}
                        c => h.push(c),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            '\n' => {
                while chars
                    .peek()
                    .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                {
                    chars.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

fn error(msg: &str, span: Span) -> TokenStream {
    let mut lit = Literal::string(msg);
    lit.set_span(span);
    let mut ts: TokenStream = "::core::compile_error!".parse().expect("parses");
    ts.extend([TokenTree::Group(Group::new(
        Delimiter::Parenthesis,
        TokenStream::from(TokenTree::Literal(lit)),
    ))]);
    ts
}
