//! The one table of the builder's elements and attributes. The tag
//! types, element functions and attribute helpers of hyperox-html, the
//! names `html!` renders at compile time and the `html!`/builder parity
//! tests are all generated from it (see `items.rs`): adding an element or
//! an attribute is adding its name here.
//!
//! A helper is named after its attribute, lower case with `-` written
//! `_`. Where that name is a Rust keyword or an element's function
//! (`type`, `for`, `style`, `title`, ...), it ends in `_` (`type_`,
//! `style_`): [`helper_name`] is the rule.

/// Elements with content and an end tag.
pub(crate) const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "button",
    "canvas",
    "caption",
    "cite",
    "code",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "html",
    "i",
    "iframe",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "main",
    "map",
    "mark",
    "menu",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "u",
    "ul",
    "var",
    "video",
];

/// Void elements: no content, no end tag.
pub(crate) const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Elements whose text is raw (not escaped).
pub(crate) const RAW_TEXT_ELEMENTS: &[&str] = &["script", "style"];

/// Attributes with a value, each with a typed helper.
pub(crate) const ATTRS: &[&str] = &[
    "id",
    "href",
    "src",
    "alt",
    "type",
    "name",
    "value",
    "placeholder",
    "for",
    "action",
    "method",
    "rel",
    "target",
    "content",
    "lang",
    "role",
    "width",
    "height",
    "tabindex",
    "style",
    "title",
    "autocomplete",
    "min",
    "max",
    "step",
    "pattern",
    "maxlength",
    "minlength",
    "rows",
    "cols",
    "colspan",
    "rowspan",
    "enctype",
    "accept",
    "download",
    "loading",
    "crossorigin",
    "integrity",
    "form",
    "label",
    "datetime",
    "srcset",
    "sizes",
    "media",
    "scope",
    "headers",
    "list",
    "dir",
    "inputmode",
    "enterkeyhint",
    "spellcheck",
    "draggable",
    "contenteditable",
    "popover",
    "popovertarget",
    "referrerpolicy",
    "sandbox",
    "allow",
    "poster",
    "preload",
    "wrap",
    "translate",
    "accesskey",
    "charset",
    "http-equiv",
    "property",
    "xmlns",
    "viewBox",
    "fill",
    "stroke",
    "d",
];

/// Boolean attributes, each with a helper taking `on: bool`.
pub(crate) const BOOL_ATTRS: &[&str] = &[
    "disabled",
    "checked",
    "required",
    "selected",
    "readonly",
    "autofocus",
    "hidden",
    "multiple",
    "open",
    "novalidate",
    "defer",
    "async",
    "autoplay",
    "controls",
    "loop",
    "muted",
    "playsinline",
    "reversed",
    "ismap",
    "inert",
    "formnovalidate",
    "default",
];

/// An element of the table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Element {
    /// The tag, which is also the function's name.
    pub(crate) tag: &'static str,
    pub(crate) void: bool,
    pub(crate) raw: bool,
}

/// Every element, in table order.
pub(crate) fn elements() -> impl Iterator<Item = Element> {
    let of = |list: &'static [&'static str], void, raw| {
        list.iter().map(move |&tag| Element { tag, void, raw })
    };
    of(ELEMENTS, false, false)
        .chain(of(VOID_ELEMENTS, true, false))
        .chain(of(RAW_TEXT_ELEMENTS, false, true))
}

/// The element whose function is `name`.
pub(crate) fn element(name: &str) -> Option<Element> {
    elements().find(|e| e.tag == name)
}

/// The attribute whose helper is `name`, for attributes with a value.
pub(crate) fn attr(name: &str) -> Option<&'static str> {
    ATTRS.iter().copied().find(|a| helper_name(a) == name)
}

/// The attribute whose helper is `name`, for boolean attributes.
pub(crate) fn bool_attr(name: &str) -> Option<&'static str> {
    BOOL_ATTRS.iter().copied().find(|a| helper_name(a) == name)
}

/// The helper's name for an attribute: lower case, `-` as `_`, and a
/// trailing `_` where the name is a Rust keyword or an element function.
pub(crate) fn helper_name(attr: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "static", "struct", "super", "trait", "true", "type",
        "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen",
        "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    let mut name = attr.to_ascii_lowercase().replace('-', "_");
    if KEYWORDS.contains(&name.as_str()) || element(&name).is_some() {
        name.push('_');
    }
    name
}

/// The name of an element's tag type: `div` → `Div`, `h1` → `H1`.
pub(crate) fn type_name(tag: &str) -> String {
    let mut chars = tag.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_names_follow_one_rule() {
        assert_eq!(helper_name("type"), "type_");
        assert_eq!(helper_name("for"), "for_");
        assert_eq!(helper_name("style"), "style_");
        assert_eq!(helper_name("title"), "title_");
        assert_eq!(helper_name("http-equiv"), "http_equiv");
        assert_eq!(helper_name("viewBox"), "viewbox");
        assert_eq!(helper_name("target"), "target");
        assert_eq!(attr("label_"), Some("label"));
        assert_eq!(bool_attr("loop_"), Some("loop"));
        assert_eq!(attr("label"), None);
    }

    #[test]
    fn names_are_unique() {
        let mut all: Vec<String> = elements().map(|e| e.tag.to_owned()).collect();
        all.extend(ATTRS.iter().chain(BOOL_ATTRS).map(|a| helper_name(a)));
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n, "two items share a name");
    }
}
