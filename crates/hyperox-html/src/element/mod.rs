//! Every HTML element, as a function taking its parts (attributes,
//! classes and children, mixed, as one value or a tuple).

use crate::render::join::{Joined, join, join_all, write_framed};
use crate::render::{Buffer, Node, TextMode};
use std::marker::PhantomData;

/// What an element's tag is and how its content is written.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::Element;
/// # use hyperox_html::element::tags;
/// assert_eq!(Element::<tags::Li, _>::new("x").render(), "<li>x</li>");
/// ```
pub trait Tag {
    /// `<name`.
    const OPEN: &'static str;
    /// `<name>`, for elements without attributes.
    const OPEN_FULL: &'static str;
    /// `</name>`; empty for void elements.
    const CLOSE: &'static str;
    /// Whether the element has no content and no end tag.
    const VOID: bool = false;
    /// Whether its text is raw (`<script>`, `<style>`).
    const RAW: bool = false;
}

/// An element with a tag known at compile time and its parts.
#[derive(Debug, Clone, Copy)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div("a").with(class("b")).render(), "<div class=\"b\">a</div>");
/// ```
pub struct Element<T, P> {
    parts: P,
    tag: PhantomData<T>,
}

impl<T: Tag, P: Node> Element<T, P> {
    /// Makes the element.
    #[inline]
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::Element;
    /// # use hyperox_html::element::tags;
    /// assert_eq!(Element::<tags::Section, _>::new((class("s"), "x")).render(), "<section class=\"s\">x</section>");
    /// ```
    pub fn new(parts: P) -> Self {
        Self {
            parts,
            tag: PhantomData,
        }
    }

    /// The same element with one more part (an attribute or a child).
    #[inline]
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// assert_eq!(ul(li("a")).with(li("b")).with(class("list")).render(), "<ul class=\"list\"><li>a</li><li>b</li></ul>");
    /// ```
    pub fn with<X: Node>(self, extra: X) -> Element<T, (P, X)> {
        Element::new((self.parts, extra))
    }
}

/// The literal pieces of an element: its tag's (every [`Tag`] has them),
/// or those `html!` rendered for one element, as constants of a type the
/// macro defines where the element stands.
#[doc(hidden)]
pub trait PreTag {
    /// `<tag`.
    const OPEN: &'static str;
    /// The start tag with its literal attributes, then `HEAD`.
    const START: &'static str;
    /// The literal children right after the start tag.
    const HEAD: &'static str;
    /// The literal children right before the end tag, then the end tag.
    const END: &'static str;
    /// A void element: no children, no end tag.
    const VOID: bool;
    /// `<script>` or `<style>`: children are raw text.
    const RAW: bool;
}

impl<T: Tag> PreTag for T {
    const OPEN: &'static str = T::OPEN;
    const START: &'static str = T::OPEN_FULL;
    const HEAD: &'static str = "";
    const END: &'static str = T::CLOSE;
    const VOID: bool = T::VOID;
    const RAW: bool = T::RAW;
}

impl<T, P> Element<T, P> {
    /// The element of `parts`, for `html!`.
    #[inline]
    pub(crate) fn from_parts(parts: P) -> Self {
        Self {
            parts,
            tag: PhantomData,
        }
    }
}

impl<T: PreTag, P: Node> Element<T, P> {
    /// Without attributes from its parts: the start tag (with what
    /// `html!` rendered into it) and the lead of the content.
    const START_JOINED: Joined = join(T::START, P::LEAD);
    /// With attributes from its parts, written after `<tag`: the `>`
    /// closing the start tag, what `html!` rendered after it, and the lead
    /// of the content.
    const OPEN_END_JOINED: Joined = if T::VOID {
        join_all(&[">", T::HEAD])
    } else {
        join_all(&[">", T::HEAD, P::LEAD])
    };
    const OPEN_END: &'static str = Self::OPEN_END_JOINED.as_str();
    /// Whether the content's lead is written with the start tag.
    const LEAD_JOINED: bool = !T::VOID
        && if P::HAS_DYN_ATTRS {
            Self::OPEN_END_JOINED.fits
        } else {
            Self::START_JOINED.fits
        };
    /// The trail of the content and the end.
    const END_JOINED: Joined = join(P::TRAIL, T::END);
    const TRAIL_JOINED: bool = !T::VOID && Self::END_JOINED.fits;
}

impl<T: PreTag, P: Node> Node for Element<T, P> {
    const LEAD: &'static str = if P::HAS_DYN_ATTRS {
        T::OPEN
    } else if T::VOID {
        T::START
    } else {
        Self::START_JOINED.or(T::START)
    };
    const TRAIL: &'static str = if T::VOID {
        ""
    } else {
        Self::END_JOINED.or(T::END)
    };

    #[inline]
    fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        if P::HAS_DYN_ATTRS {
            let mut class_done = false;
            self.parts.write_attrs(out, &self.parts, &mut class_done);
            if Self::OPEN_END_JOINED.fits {
                out.push_str(Self::OPEN_END);
            } else {
                out.push('>');
                out.push_str(T::HEAD);
            }
        }
        if T::VOID {
            return;
        }
        let cx = if T::RAW {
            TextMode::RawText
        } else {
            TextMode::Content
        };
        if !Self::LEAD_JOINED && !P::LEAD.is_empty() {
            out.push_str(P::LEAD);
        }
        self.parts.write_inner(out, cx);
        if !Self::TRAIL_JOINED && !P::TRAIL.is_empty() {
            out.push_str(P::TRAIL);
        }
    }

    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_framed(self, out, cx);
    }
}

mod custom;
pub use custom::{CustomElement, tag};

// The tag types (`tags::Div`) and element functions (`div`), from the
// element table of hyperox-macros.
hyperox_macros::__element_items!();
