//! JSON string literals safe to put inside HTML, scripts and headers.

/// Appends `s` as a JSON string literal that is also a safe JavaScript
/// literal inside an HTML attribute or a `<script>`: quotes, backslashes,
/// control characters, `< > & '` and U+2028/U+2029 are `\u` escapes. With
/// `ascii_only`, every non-ASCII character is escaped too (for headers).
pub(crate) fn write_json_string(out: &mut String, s: &str, ascii_only: bool) {
    use std::fmt::Write;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\'' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if ascii_only && !c.is_ascii() => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal; see [`write_json_string`].
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_json_string(&mut out, s, false);
    out
}

/// A JSON value as ASCII-only text (for response headers): non-ASCII
/// characters in its strings become `\u` escapes.
pub(crate) fn json_ascii(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if text.is_ascii() {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                use std::fmt::Write;
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_round_trip_through_json() {
        for s in [
            "plain",
            "\"quoted\"",
            "</script><b>",
            "back\\slash",
            "line\u{2028}sep",
            "emoji 🦀",
            "nul\0",
            "it's",
        ] {
            let lit = json_string(s);
            let inner = lit[1..lit.len() - 1]
                .replace("\\\\", "")
                .replace("\\\"", "");
            assert!(!inner.contains(['"', '<', '>', '\'', '\u{2028}']), "{lit}");
            let back: String = serde_json::from_str(&lit).unwrap();
            assert_eq!(back, s);
            let mut ascii = String::new();
            write_json_string(&mut ascii, s, true);
            assert!(ascii.is_ascii());
            assert_eq!(serde_json::from_str::<String>(&ascii).unwrap(), s);
        }
    }
}
