//! Where rendered HTML goes.

use std::fmt;

/// Where rendered HTML goes: a `String`, a `Vec<u8>`, a
/// `bytes::BytesMut`, or any [`fmt::Write`] through [`FmtBuffer`]. Only
/// whole UTF-8 strings are ever written.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
/// let mut bytes: Vec<u8> = Vec::new();
/// p("hi").render_into(&mut bytes);
/// assert_eq!(String::from_utf8(bytes).unwrap(), "<p>hi</p>");
/// ```
pub trait Buffer {
    /// Appends `s`.
    fn push_str(&mut self, s: &str);

    /// Appends one character.
    #[inline]
    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Makes room for at least `additional` more bytes, if it can.
    #[inline]
    fn reserve(&mut self, additional: usize) {
        let _ = additional;
    }

    /// How many bytes it holds, if it keeps them.
    #[inline]
    fn written(&self) -> Option<usize> {
        None
    }

    /// Takes back the last `n` bytes written, if it can (a buffer that
    /// keeps what it holds); `false` if it cannot.
    #[inline]
    fn take_back(&mut self, n: usize) -> bool {
        let _ = n;
        false
    }

    /// The buffer as a trait object, for nodes behind a pointer.
    fn as_dyn(&mut self) -> &mut dyn Buffer;
}

impl Buffer for String {
    #[inline]
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    #[inline]
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    #[inline]
    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
    #[inline]
    fn written(&self) -> Option<usize> {
        Some(self.len())
    }
    #[inline]
    fn take_back(&mut self, n: usize) -> bool {
        self.truncate(self.len() - n);
        true
    }
    fn as_dyn(&mut self) -> &mut dyn Buffer {
        self
    }
}

/// Byte buffers: what is written is UTF-8, and stays so.
macro_rules! byte_buffer {
    ($($t:ty),*) => {$(
        impl Buffer for $t {
            #[inline]
            fn push_str(&mut self, s: &str) {
                self.extend_from_slice(s.as_bytes());
            }
            #[inline]
            fn reserve(&mut self, additional: usize) {
                <$t>::reserve(self, additional);
            }
            #[inline]
            fn written(&self) -> Option<usize> {
                Some(self.len())
            }
            #[inline]
            fn take_back(&mut self, n: usize) -> bool {
                self.truncate(self.len() - n);
                true
            }
            fn as_dyn(&mut self) -> &mut dyn Buffer {
                self
            }
        }
    )*};
}

byte_buffer!(Vec<u8>, bytes::BytesMut);

/// Any [`fmt::Write`] as a [`Buffer`]: what is rendered is written
/// through as it comes; the first error is kept and the rest of the
/// rendering is dropped. See [`Node::render_fmt`](crate::Node::render_fmt).
#[derive(Debug)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
/// struct Card;
/// impl std::fmt::Display for Card {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         div((class("card"), "hi")).render_fmt(f)
///     }
/// }
/// assert_eq!(Card.to_string(), "<div class=\"card\">hi</div>");
/// ```
pub struct FmtBuffer<'a, W: ?Sized> {
    out: &'a mut W,
    result: fmt::Result,
}

impl<'a, W: fmt::Write + ?Sized> FmtBuffer<'a, W> {
    /// Writes through to `out`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
    /// let mut s = String::new();
    /// let mut buf = FmtBuffer::new(&mut s);
    /// buf.push_str("<p>");
    /// buf.finish().unwrap();
    /// assert_eq!(s, "<p>");
    /// ```
    pub fn new(out: &'a mut W) -> Self {
        Self {
            out,
            result: Ok(()),
        }
    }

    /// `Ok` if every write succeeded, else the first error.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
    /// let mut s = String::new();
    /// let mut buf = FmtBuffer::new(&mut s);
    /// em("x").render_into(&mut buf);
    /// assert!(buf.finish().is_ok());
    /// assert_eq!(s, "<em>x</em>");
    /// ```
    pub fn finish(self) -> fmt::Result {
        self.result
    }
}

impl<W: fmt::Write + ?Sized> Buffer for FmtBuffer<'_, W> {
    #[inline]
    fn push_str(&mut self, s: &str) {
        if self.result.is_ok() {
            self.result = self.out.write_str(s);
        }
    }
    fn as_dyn(&mut self) -> &mut dyn Buffer {
        self
    }
}

/// A buffer as a [`fmt::Write`], written to as it is (for text that needs
/// no escaping, such as formatted numbers).
pub(crate) struct Plain<'a, Out: ?Sized>(pub(crate) &'a mut Out);

impl<Out: Buffer + ?Sized> fmt::Write for Plain<'_, Out> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_str(s);
        Ok(())
    }
}
