//! The rule for repeated attributes: the builder merges every `class` of
//! an element into one; any other attribute written twice on one element
//! is a mistake (the HTML is invalid and the browser keeps the first), and
//! debug builds stop at it, naming the element and the attribute.

/// The first start tag of `html` that carries an attribute twice: the
/// tag's name and the attribute's. Comments and the raw text of
/// `<script>`, `<style>`, `<textarea>` and `<title>` are skipped.
///
/// # Example
///
/// ```
/// use hyperox_html::duplicate_attribute;
/// assert_eq!(duplicate_attribute(r#"<p id="a" class="x">hi</p>"#), None);
/// assert_eq!(
///     duplicate_attribute(r#"<span hx-trigger="load" hidden HX-TRIGGER="load">"#),
///     Some(("span".to_owned(), "hx-trigger".to_owned()))
/// );
/// ```
pub fn duplicate_attribute(html: &str) -> Option<(String, String)> {
    let b = html.as_bytes();
    let mut i = 0;
    let mut names: Vec<&[u8]> = Vec::new();
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            i += 1;
        }
        let tag = &b[start..i];
        names.clear();
        // Attributes up to the end of the tag.
        loop {
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let name_start = i;
            while i < b.len()
                && !matches!(
                    b[i],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
                )
            {
                i += 1;
            }
            let name = &b[name_start..i];
            if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Some((lower(tag), lower(name)));
            }
            names.push(name);
            if b.get(i) == Some(&b'=') {
                i += 1;
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i = b[i + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(b.len(), |e| i + 1 + e + 1);
                    }
                    _ => {
                        while i < b.len()
                            && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                        {
                            i += 1;
                        }
                    }
                }
            }
        }
        // Raw text runs to its end tag.
        for raw in [&b"script"[..], b"style", b"textarea", b"title"] {
            if tag.eq_ignore_ascii_case(raw) {
                let mut end = Vec::with_capacity(raw.len() + 2);
                end.extend_from_slice(b"</");
                end.extend_from_slice(raw);
                i = find_ignore_case(b, i.min(b.len()), &end).unwrap_or(b.len());
            }
        }
        if i >= b.len() {
            break;
        }
    }
    None
}

fn lower(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

fn find_ignore_case(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

/// In debug builds, stops at an element that carries an attribute twice.
#[inline]
pub(crate) fn debug_check(html: &str) {
    #[cfg(debug_assertions)]
    if let Some((tag, attr)) = duplicate_attribute(html) {
        panic!(
            "<{tag}> carries the attribute `{attr}` twice, which is invalid HTML (the browser keeps the first): \
             give it once (only `class` is merged)"
        );
    }
    #[cfg(not(debug_assertions))]
    let _ = html;
}

#[cfg(test)]
mod tests {
    use super::duplicate_attribute;

    #[test]
    fn repeated_attributes_are_found_and_the_rest_is_left_alone() {
        let none = [
            r#"<div id="a" class="b"><p id="a">x</p></div>"#,
            r#"<input disabled value='a b "c"' name=x>"#,
            r#"<!-- <p id=1 id=2> --><p id=1>"#,
            r#"<script>if (a < b) { x = "<p id=1 id=2>"; }</script><p id=3>"#,
            r#"<title>a <b id=1 id=1></title>"#,
            "a < b and 1<2",
            "<p",
        ];
        for html in none {
            assert_eq!(duplicate_attribute(html), None, "{html}");
        }
        let found = [
            (r#"<p id="a" id="b">"#, ("p", "id")),
            (r#"<input hidden name=x HIDDEN>"#, ("input", "hidden")),
            (
                r#"<ul><li data-x='1' data-x="2"></li></ul>"#,
                ("li", "data-x"),
            ),
            (
                r#"<span hx-ws:send="" hx-trigger="load" hx-vals="{}" hx-trigger="load">"#,
                ("span", "hx-trigger"),
            ),
        ];
        for (html, (tag, attr)) in found {
            assert_eq!(
                duplicate_attribute(html),
                Some((tag.to_owned(), attr.to_owned())),
                "{html}"
            );
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "<span> carries the attribute `hidden` twice")]
    fn a_debug_render_stops_at_a_repeated_attribute() {
        use crate::prelude::*;
        let _ = span((hidden(true), hidden(true))).render();
    }

    #[test]
    fn classes_are_merged_not_repeated() {
        use crate::prelude::*;
        assert_eq!(
            div((class("a"), id("x"), class("b"))).render(),
            r#"<div class="a b" id="x"></div>"#
        );
    }
}
