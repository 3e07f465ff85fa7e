//! Escaping of text and attribute values.

use super::Buffer;

/// Whether `b` must be escaped in text and attribute values.
#[inline]
const fn is_special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// [`is_special`] as a table, for the byte-by-byte loop.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = is_special(b as u8);
        b += 1;
    }
    t
};

/// Appends `text` to `out` with `& < > " '` escaped.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
/// let mut out = String::new();
/// escape_into(&mut out, "<a href='x'>&</a>");
/// assert_eq!(out, "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
/// ```
#[inline]
pub fn escape_into<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    let bytes = text.as_bytes();
    // Short strings: one pass to check (compares the compiler turns into
    // vector instructions), and most have nothing to escape.
    if bytes.len() <= 64 {
        if has_special(bytes) {
            escape_short(out, text);
        } else {
            out.push_str(text);
        }
    } else {
        escape_slow(out, text);
    }
}

/// Whether `bytes` hold a byte to escape: no early exit, so that the
/// loop is vectorised.
#[inline]
fn has_special(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |a, &b| a | is_special(b))
}

/// The escaping of a short text (64 bytes at most) with something to
/// escape: written byte by byte into a buffer on the stack, then pushed
/// once (a push per run would call `memcpy` for a few bytes each time).
#[inline(never)]
fn escape_short<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    // Each byte grows to 6 at most (`&quot;`).
    let mut buf = [0u8; 64 * 6];
    let mut len = 0;
    for &b in text.as_bytes() {
        if SPECIAL[b as usize] {
            let e = entity(b).as_bytes();
            buf[len..len + e.len()].copy_from_slice(e);
            len += e.len();
        } else {
            buf[len] = b;
            len += 1;
        }
    }
    // Only ASCII bytes were replaced, by ASCII: still UTF-8.
    out.push_str(std::str::from_utf8(&buf[..len]).expect("escaping keeps UTF-8"));
}

#[inline]
fn entity(b: u8) -> &'static str {
    match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        _ => "&#39;",
    }
}

/// The escaping of a longer text: the next `& < >` and the next quote are
/// found with `memchr` (whole vectors of bytes at a time), each searched
/// again only once it was passed, and the runs between are copied whole.
#[inline(never)]
fn escape_slow<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    let bytes = text.as_bytes();
    let find_tag =
        |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|i| i + from);
    let find_quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|i| i + from);
    let mut tag = find_tag(0);
    let mut quote = find_quote(0);
    if tag.is_none() && quote.is_none() {
        out.push_str(text);
        return;
    }
    out.reserve(bytes.len() + 16);
    let mut start = 0;
    loop {
        let at = match (tag, quote) {
            (Some(t), Some(q)) => t.min(q),
            (Some(t), None) => t,
            (None, Some(q)) => q,
            (None, None) => break,
        };
        out.push_str(&text[start..at]);
        out.push_str(entity(bytes[at]));
        start = at + 1;
        if tag == Some(at) {
            tag = find_tag(start);
        } else {
            quote = find_quote(start);
        }
    }
    out.push_str(&text[start..]);
}

/// Appends the content of a `<script>` or `<style>` element: raw, except
/// that `</` is written `<\/` so the content cannot close its element.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
/// let mut out = String::new();
/// raw_text_into(&mut out, "let s = '</script>';");
/// assert_eq!(out, "let s = '<\\/script>';");
/// ```
pub fn raw_text_into<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find("</") {
        out.push_str(&rest[..i]);
        out.push_str("<\\/");
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
}

/// A `fmt::Write` that escapes what is written into a buffer.
pub(crate) struct EscapingWriter<'a, B: ?Sized>(pub(crate) &'a mut B);

impl<Out: Buffer + ?Sized> std::fmt::Write for EscapingWriter<'_, Out> {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        escape_into(self.0, s);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, s);
        out
    }

    #[test]
    fn escapes_the_five() {
        assert_eq!(esc("plain"), "plain");
        assert_eq!(
            esc("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            esc("a long string with no specials at all"),
            "a long string with no specials at all"
        );
        assert_eq!(esc("é & ü — 🦀"), "é &amp; ü — 🦀");
        assert_eq!(
            esc("a longer text with a < in the middle and a & near the end\"'"),
            "a longer text with a &lt; in the middle and a &amp; near the end&quot;&#39;"
        );
        for n in 0..40 {
            for special in ['&', '<', '>', '"', '\''] {
                let s = format!("{}{special}{}", "x".repeat(n), "y".repeat(40 - n));
                let want = s
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
                    .replace('\'', "&#39;");
                assert_eq!(esc(&s), want, "{s}");
            }
        }
    }

    proptest::proptest! {
        /// Any text, specials anywhere and in any number, escapes as a
        /// byte-at-a-time reference does.
        #[test]
        fn escapes_as_the_reference_does(s in "[a-z&<>\"' é🦀]{0,200}") {
            let want: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(esc(&s), want);
        }
    }

    #[test]
    fn raw_text_cannot_close_its_element() {
        let mut out = String::new();
        raw_text_into(&mut out, "a</script><b>x</b>");
        assert_eq!(out, "a<\\/script><b>x<\\/b>");
    }
}
