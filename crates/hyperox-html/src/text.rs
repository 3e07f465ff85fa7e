//! Text, raw HTML, values written with `Display`.

use crate::render::{Buffer, Node, TextMode, escape::EscapingWriter, write_text};
use std::fmt;

/// Text, escaped: `text("a < b")`. (Plain `&str` and `String` parts are
/// text too; this names it.)
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(p(text("a < b")).render(), "<p>a &lt; b</p>");
/// ```
pub fn text<S: AsRef<str>>(s: S) -> Text<S> {
    Text(s)
}

/// Escaped text; see [`text`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(script(text("if (a < b) {}")).render(), "<script>if (a < b) {}</script>");
/// ```
pub struct Text<S>(S);

impl<S: AsRef<str>> Node for Text<S> {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_text(out, self.0.as_ref(), cx);
    }
}

/// HTML written exactly as given, not escaped. Whatever it holds ends up in
/// the page: never pass it text a user wrote.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(unsafe_raw("<b>trusted</b>")).render(), "<div><b>trusted</b></div>");
/// ```
pub fn unsafe_raw<S: AsRef<str>>(html: S) -> Raw<S> {
    Raw(html)
}

/// Unescaped HTML; see [`unsafe_raw`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(p((unsafe_raw("&copy;"), " 2026")).render(), "<p>&copy; 2026</p>");
/// ```
pub struct Raw<S>(S);

impl<S: AsRef<str>> Node for Raw<S> {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push_str(self.0.as_ref());
    }
}

/// A value written with `Display`, escaped, without an intermediate
/// `String`.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(td(display(3.5f64)).render(), "<td>3.5</td>");
/// ```
pub fn display<T: fmt::Display>(value: T) -> Display<T> {
    Display(value)
}

/// A value written with `Display`; see [`display`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(li(display(std::net::Ipv4Addr::LOCALHOST)).render(), "<li>127.0.0.1</li>");
/// ```
pub struct Display<T>(T);

impl<T: fmt::Display> Node for Display<T> {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        use fmt::Write;
        match cx {
            TextMode::Content => {
                let _ = write!(EscapingWriter(out), "{}", self.0);
            }
            TextMode::RawText => write_text(out, &self.0.to_string(), cx),
        }
    }
}

/// Formatted text, escaped: `textf!("{} items", n)`.
#[macro_export]
macro_rules! textf {
    ($($arg:tt)*) => {
        $crate::text(::std::format!($($arg)*))
    };
}
