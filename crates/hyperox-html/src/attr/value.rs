//! Attribute values: what can stand after `name=`.

use crate::render::{Buffer, Node, TextMode, escape::EscapingWriter, escape_into};
use std::borrow::Cow;
use std::fmt;

/// A value that can be written as an attribute value (escaped).
///
/// A tuple of up to four values is one value made of its parts, written
/// one after another: `id(("todo-", item.id))` writes `id="todo-7"`
/// without making a `String` for it, as `format!` would.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div((attr("data-n", 42u32), attr("data-ok", true), attr("data-s", String::from("a&b")))).render(), "<div data-n=\"42\" data-ok=\"true\" data-s=\"a&amp;b\"></div>");
/// assert_eq!(li((id(("todo-", 7u32)), attr("data-x", ("a&", "b", 1u8)))).render(), "<li id=\"todo-7\" data-x=\"a&amp;b1\"></li>");
/// ```
pub trait AttrValue {
    /// Writes the value, escaped.
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out);
}

impl AttrValue for str {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for &str {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for String {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for Cow<'_, str> {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

macro_rules! number_value {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            #[inline]
            fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
                Node::write_html(self, out, TextMode::Content);
            }
        }
    )*};
}
number_value!(
    u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64, bool
);

// A tuple of values: its parts written one after another (see the
// trait's documentation).
macro_rules! tuple_value {
    ($($name:ident),+) => {
        impl<$($name: AttrValue),+> AttrValue for ($($name,)+) {
            #[inline]
            #[allow(non_snake_case)]
            fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
                let ($($name,)+) = self;
                $($name.write_value(out);)+
            }
        }
    };
}
tuple_value!(A, B);
tuple_value!(A, B, C);
tuple_value!(A, B, C, D);

/// A value written with `Display`, escaped; see [`display_value`].
#[derive(Debug, Clone, Copy)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// # use hyperox_html::attr::DisplayValue;
/// assert_eq!(div(attr("data-ip", DisplayValue(std::net::Ipv4Addr::LOCALHOST))).render(), "<div data-ip=\"127.0.0.1\"></div>");
/// ```
pub struct DisplayValue<T>(pub T);

impl<T: fmt::Display> AttrValue for DisplayValue<T> {
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        use fmt::Write;
        let _ = write!(EscapingWriter(out), "{}", self.0);
    }
}

/// An attribute value written with `Display` (escaped).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(progress(attr("value", display_value(0.5f32))).render(), "<progress value=\"0.5\"></progress>");
/// ```
pub fn display_value<T: fmt::Display>(value: T) -> DisplayValue<T> {
    DisplayValue(value)
}
