//! Attributes and classes: any attribute by name, the typed helpers
//! (`id`, `href`, `type_`, `disabled`, ...) and classes.
//!
//! A helper is named after its attribute, lower case with `-` written
//! `_`; where that name is a Rust keyword or an element's function, it
//! ends in `_`: `type_`, `for_`, `async_`, `loop_`, `style_`, `title_`,
//! `form_`, `label_`.

mod boolean;
mod class;
mod value;

pub use boolean::{BoolAttr, bool_attr};
pub use class::{Class, class, class_if};
pub use value::{AttrValue, DisplayValue, display_value};

use crate::render::{Buffer, Node};
use std::borrow::Cow;

/// Keeps only the characters allowed in attribute and tag names (ASCII
/// letters, digits, `-`, `_`, `:`, `.`, `@`), so no name can break out of
/// its tag.
pub(crate) fn clean_name(name: Cow<'static, str>) -> Cow<'static, str> {
    let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'@');
    if name.bytes().all(ok) {
        name
    } else {
        Cow::Owned(
            name.chars()
                .filter(|&c| c.is_ascii() && ok(c as u8))
                .collect(),
        )
    }
}

/// An attribute: ` name="value"`.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(a(attr("href", "/a?b=1&c=2")).render(), "<a href=\"/a?b=1&amp;c=2\"></a>");
/// ```
pub struct Attr<V> {
    name: Cow<'static, str>,
    value: V,
}

impl<V: AttrValue> Node for Attr<V> {
    const HAS_ATTRS: bool = true;
    const EMPTY: bool = true;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        _parts: &P,
        _class_done: &mut bool,
    ) {
        out.push(' ');
        out.push_str(&self.name);
        out.push_str("=\"");
        self.value.write_value(out);
        out.push('"');
    }
}

/// Any attribute. Characters not allowed in a name are dropped from it;
/// the value is escaped.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(attr("data-x", "1 < 2")).render(), r#"<div data-x="1 &lt; 2"></div>"#);
/// ```
#[inline]
pub fn attr<V: AttrValue>(name: impl Into<Cow<'static, str>>, value: V) -> Attr<V> {
    Attr {
        name: clean_name(name.into()),
        value,
    }
}

/// An attribute known to be valid: used by the typed helpers.
#[inline]
pub(crate) const fn known<V>(name: &'static str, value: V) -> Attr<V> {
    Attr {
        name: Cow::Borrowed(name),
        value,
    }
}

/// The attribute `name` when `cond` holds, nothing otherwise.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let external = true;
/// assert_eq!(a((href("https://example.com"), attr_if(external, "target", "_blank"))).render(), "<a href=\"https://example.com\" target=\"_blank\"></a>");
/// ```
pub fn attr_if<V: AttrValue>(
    cond: bool,
    name: impl Into<Cow<'static, str>>,
    value: V,
) -> Option<Attr<V>> {
    cond.then(|| attr(name, value))
}

/// A `data-*` attribute: `data_attr("id", 7)` is `data-id="7"`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(li(data_attr("id", 7)).render(), "<li data-id=\"7\"></li>");
/// ```
pub fn data_attr<V: AttrValue>(key: &str, value: V) -> Attr<V> {
    attr(format!("data-{key}"), value)
}

/// An `aria-*` attribute: `aria("label", "Close")` is `aria-label="Close"`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(button(aria("label", "Close")).render(), "<button aria-label=\"Close\"></button>");
/// ```
pub fn aria<V: AttrValue>(key: &str, value: V) -> Attr<V> {
    attr(format!("aria-{key}"), value)
}

/// `<meta name="…" content="…">` parts.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(meta(meta_name("description", "Todos")).render(), "<meta name=\"description\" content=\"Todos\">");
/// ```
pub fn meta_name<V: AttrValue>(name: &'static str, content: V) -> (Attr<&'static str>, Attr<V>) {
    (known("name", name), known("content", content))
}

/// `<meta property="…" content="…">` parts (Open Graph).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(meta(meta_property("og:title", "Todos")).render(), "<meta property=\"og:title\" content=\"Todos\">");
/// ```
pub fn meta_property<V: AttrValue>(
    property: &'static str,
    content: V,
) -> (Attr<&'static str>, Attr<V>) {
    (known("property", property), known("content", content))
}

// One helper per attribute of the table of hyperox-macros.
hyperox_macros::__attr_items!();
