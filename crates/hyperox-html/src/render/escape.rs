//! Escaping of text and attribute values.

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
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Short strings: one pass to check, and most have nothing to escape.
    if bytes.len() <= 16 && !bytes.iter().any(|&b| SPECIAL[b as usize]) {
        out.push_str(text);
        return;
    }
    escape_slow(out, text);
}

#[inline(never)]
fn escape_slow(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !SPECIAL[b as usize] {
            continue;
        }
        out.push_str(&text[start..i]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends the content of a `<script>` or `<style>` element: raw, except
/// that `</` is written `<\/` so the content cannot close its element.
pub fn raw_text_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find("</") {
        out.push_str(&rest[..i]);
        out.push_str("<\\/");
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
}

/// A `fmt::Write` that escapes what is written into a `String`.
pub(crate) struct EscapingWriter<'a>(pub(crate) &'a mut String);

impl std::fmt::Write for EscapingWriter<'_> {
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
    }

    #[test]
    fn raw_text_cannot_close_its_element() {
        let mut out = String::new();
        raw_text_into(&mut out, "a</script><b>x</b>");
        assert_eq!(out, "a<\\/script><b>x<\\/b>");
    }
}
