//! Classes: every class of an element in one `class` attribute.

use super::AttrValue;
use crate::render::{Buffer, Node};

/// Class names. Every class of an element is written in one `class`
/// attribute, where the element's first class stands.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div((class("a"), id("x"), class("b c"))).render(), "<div class=\"a b c\" id=\"x\"></div>");
/// ```
pub struct Class<V>(V);

impl<V: AttrValue> Node for Class<V> {
    const HAS_ATTRS: bool = true;
    const EMPTY: bool = true;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        if *class_done {
            return;
        }
        *class_done = true;
        out.push_str(" class=\"");
        let mut first = true;
        parts.write_classes(out, &mut first);
        out.push('"');
    }

    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if !*first {
            out.push(' ');
        }
        *first = false;
        self.0.write_value(out);
    }
}

/// Class names: `class("flex gap-2")`. Repeated classes on one element
/// merge into one attribute.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(button((class("btn btn-primary"), "Save")).render(), "<button class=\"btn btn-primary\">Save</button>");
/// ```
pub fn class<V: AttrValue>(names: V) -> Class<V> {
    Class(names)
}

/// The class names when `cond` holds, nothing otherwise.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let done = true;
/// assert_eq!(li((class("todo"), class_if(done, "completed"), "milk")).render(), "<li class=\"todo completed\">milk</li>");
/// ```
pub fn class_if<V: AttrValue>(cond: bool, names: V) -> Option<Class<V>> {
    cond.then_some(Class(names))
}
