//! Elements whose tag is chosen at run time.

use crate::render::{Buffer, Node, TextMode};
use std::borrow::Cow;

/// An element whose tag is chosen at run time (custom elements, web
/// components); see [`tag`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::tag;
/// assert_eq!(tag("sl-button", (attr("variant", "primary"), "Go")).render(), "<sl-button variant=\"primary\">Go</sl-button>");
/// ```
pub struct CustomElement<P> {
    name: Cow<'static, str>,
    parts: P,
}

/// An element with any tag name, for custom elements (`my-widget`).
/// Characters not allowed in a tag name are dropped from `name`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(tag("my-card", (class("x"), "hi")).render(), r#"<my-card class="x">hi</my-card>"#);
/// ```
pub fn tag<P: Node>(name: impl Into<Cow<'static, str>>, parts: P) -> CustomElement<P> {
    CustomElement {
        name: crate::attr::clean_name(name.into()),
        parts,
    }
}

impl<P> CustomElement<P> {
    /// The same element with one more part.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::tag;
    /// assert_eq!(tag("my-card", "x").with(class("wide")).render(), "<my-card class=\"wide\">x</my-card>");
    /// ```
    pub fn with<X: Node>(self, extra: X) -> CustomElement<(P, X)> {
        CustomElement {
            name: self.name,
            parts: (self.parts, extra),
        }
    }
}

impl<P: Node> Node for CustomElement<P> {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push('<');
        out.push_str(&self.name);
        let mut class_done = false;
        self.parts.write_attrs(out, &self.parts, &mut class_done);
        out.push('>');
        self.parts.write_html(out, TextMode::Content);
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}
