//! Escaping of text and attribute values.

use super::Buffer;

/// Bytes that must be escaped in text and attribute values.
const SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Appends `text` to `out` with `& < > " '` escaped.
#[inline]
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
pub fn escape_into<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    let bytes = text.as_bytes();
    // Short strings: one pass to check, and most have nothing to escape.
    if bytes.len() <= 16 && !bytes.iter().fold(false, |a, &b| a | SPECIAL[b as usize]) {
        out.push_str(text);
        return;
    }
    if bytes.len() <= 64 {
        escape_short(out, text);
    } else {
        escape_slow(out, text);
    }
}

/// The escaping of a short text with something to escape: one pass over
/// its bytes by table (`memchr`'s setup costs more than it saves here),
/// the runs between copied whole.
#[inline(never)]
fn escape_short<Out: Buffer + ?Sized>(out: &mut Out, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if SPECIAL[b as usize] {
            out.push_str(&text[start..i]);
            out.push_str(entity(b));
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
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
