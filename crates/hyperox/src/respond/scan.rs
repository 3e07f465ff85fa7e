//! The small HTML scanner the response steps use on rendered bytes: it
//! finds start tags and their attributes without building a tree, which
//! is all that filling in a head or a form field needs (a rendered page
//! is scanned once, at memory speed).

use http::header;
use hyperox_router::Response;

/// Where `needle` first occurs in `hay`: for a needle made at run time
/// (a fixed one is a [`Needle`], its searcher built once).
pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// A fixed needle, searched for in every HTML answer: its searcher is
/// built at its first use and kept (building one costs more than
/// searching a page with it).
pub(super) struct Needle {
    bytes: &'static [u8],
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Needle {
    /// The needle `bytes`.
    pub(super) const fn new(bytes: &'static [u8]) -> Self {
        Self {
            bytes,
            finder: std::sync::OnceLock::new(),
        }
    }

    /// Where it first occurs in `hay`.
    pub(super) fn find(&self, hay: &[u8]) -> Option<usize> {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.bytes))
            .find(hay)
    }
}

/// Where `name` (not empty), followed by `=`, first occurs in a start
/// tag: each `=` found by `memchr` (a tag has one an attribute, where
/// the name's first letter would match in every class and URL), the
/// name compared before it.
fn find_in_tag(tag: &[u8], name: &[u8]) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    memchr::memchr_iter(b'=', tag)
        .filter_map(|eq| eq.checked_sub(name.len()))
        .find(|&at| tag[at..].starts_with(name))
}

/// Whether a form's `action` stays on this site: a path, or a relative
/// URL without a scheme (not `//host` nor `/\\host`, which browsers read
/// as another host).
pub(super) fn same_site(action: &[u8]) -> bool {
    !(action.starts_with(b"//") || action.starts_with(b"/\\"))
        && (action.starts_with(b"/") || !action.contains(&b':'))
}

/// How many `"` and `'` `bytes` hold: in byte-wide counters, a third of
/// the instructions of word-wide ones, over runs of 255 bytes, which they
/// cannot overflow.
fn quotes(bytes: &[u8]) -> (u32, u32) {
    bytes.chunks(255).fold((0, 0), |(d, s), run| {
        let (rd, rs) = run.iter().fold((0u8, 0u8), |(d, s), &b| {
            (d + u8::from(b == b'"'), s + u8::from(b == b'\''))
        });
        (d + u32::from(rd), s + u32::from(rs))
    })
}

/// Whether byte `at` of a start tag lies inside a quoted value.
fn in_quotes(tag: &[u8], at: usize) -> bool {
    let before = &tag[..at];
    // Most tags: double quotes only, and their count tells.
    let (double, single) = quotes(before);
    if single == 0 {
        return double % 2 == 1;
    }
    let mut from = 0;
    while let Some(i) = memchr::memchr2(b'"', b'\'', &before[from..]) {
        let open = from + i;
        match memchr::memchr(before[open], &before[open + 1..]) {
            Some(j) => from = open + 1 + j + 1,
            None => return true,
        }
    }
    false
}

/// The end (after `>`) of the tag that starts at `start`, quotes minded.
pub(super) fn tag_end(body: &[u8], start: usize) -> Option<usize> {
    // Most tags: the first `>` with an even number of `"` before it and
    // no `'` is outside every value (counted with compares the compiler
    // vectorises, instead of a search per quote).
    let gt = start + memchr::memchr(b'>', &body[start..])?;
    let (double, single) = quotes(&body[start..gt]);
    if double % 2 == 0 && single == 0 {
        return Some(gt + 1);
    }
    let mut at = start;
    loop {
        let i = at + memchr::memchr3(b'>', b'"', b'\'', &body[at..])?;
        match body[i] {
            b'>' => return Some(i + 1),
            quote => at = i + 1 + memchr::memchr(quote, &body[i + 1..])? + 1,
        }
    }
}

/// The value of attribute `name` in start tag `tag`, as written.
pub(super) fn attr_value<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(i) = find_in_tag(&tag[from..], name) {
        let at = from + i;
        from = at + name.len();
        let before = at.checked_sub(1).map(|j| tag[j]);
        if !matches!(before, Some(b' ' | b'\t' | b'\n')) || in_quotes(tag, at) {
            continue;
        }
        // `find_in_tag` found the name followed by its `=`.
        let rest = &tag[at + name.len() + 1..];
        return Some(match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let rest = &rest[1..];
                &rest[..rest.iter().position(|&b| b == q).unwrap_or(rest.len())]
            }
            _ => {
                let end = rest
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'>' | b'\t' | b'\n'))
                    .unwrap_or(rest.len());
                &rest[..end]
            }
        });
    }
    None
}

/// The body of an HTML answer that is already in memory.
pub(super) fn html_body(res: &Response) -> Option<&[u8]> {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    res.body().as_bytes().filter(|_| html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_ends_at_the_first_angle_bracket_outside_quotes() {
        let cases: &[(&str, Option<usize>)] = &[
            ("<form>", Some(6)),
            ("<form method=post>rest", Some(18)),
            (r#"<form action="/a>b">x"#, Some(20)),
            ("<form action='/a>b'>x", Some(20)),
            (r#"<form title='say "hi"' x>"#, Some(25)),
            (r#"<form title="it's">"#, Some(19)),
            ("<form action=\"/never closed>", None),
            ("<form", None),
        ];
        // Long tags, their quotes counted in runs: 300 quotes before the
        // `>` (even), then 301 (odd: the `>` is inside a value).
        let even = format!("<form {}>", "\"".repeat(300));
        assert_eq!(tag_end(even.as_bytes(), 0), Some(even.len()));
        let odd = format!("<form {}>\">", "\"".repeat(301));
        assert_eq!(tag_end(odd.as_bytes(), 0), Some(odd.len()));
        for &(html, want) in cases {
            assert_eq!(tag_end(html.as_bytes(), 0), want, "{html}");
        }
    }

    #[test]
    fn an_attribute_is_read_as_written() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            (r#"<form method="post">"#, "method", Some("post")),
            ("<form method='POST'>", "method", Some("POST")),
            ("<form method=post>", "method", Some("post")),
            ("<form method=post action=/x>", "action", Some("/x")),
            ("<form\tmethod=post>", "method", Some("post")),
            ("<form\nmethod=\"get\">", "method", Some("get")),
            // A name inside another attribute's name or value is not it.
            (r#"<form data-method="post">"#, "method", None),
            (r#"<form title="method=post">"#, "method", None),
            (r#"<form title="a method=post">"#, "method", None),
            (r#"<form title="it's a method=post">"#, "method", None),
            (r#"<form title='a method=post'>"#, "method", None),
            (
                r#"<form title="a method=get" method=post>"#,
                "method",
                Some("post"),
            ),
            (
                r#"<form title='say "hi"' method=post>"#,
                "method",
                Some("post"),
            ),
            (r#"<form title="x" method="put">"#, "method", Some("put")),
            // Without a value, or not there.
            ("<form method>", "method", None),
            ("<form>", "action", None),
            (r#"<form action="">"#, "action", Some("")),
            (r#"<form action="/unclosed>"#, "action", Some("/unclosed>")),
        ];
        for &(tag, name, want) in cases {
            let got = attr_value(tag.as_bytes(), name.as_bytes());
            assert_eq!(got, want.map(str::as_bytes), "{name} of {tag}");
        }
    }

    #[test]
    fn only_an_action_on_this_site_is_same_site() {
        let cases: &[(&str, bool)] = &[
            ("/todos", true),
            ("/", true),
            ("todos/new", true),
            ("?page=2", true),
            ("", true),
            ("/a:b", true),
            ("//evil.example/x", false),
            ("/\\evil.example", false),
            ("https://evil.example/", false),
            ("http://localhost/", false),
            ("javascript:alert(1)", false),
            ("mailto:a@b", false),
        ];
        for &(action, want) in cases {
            assert_eq!(same_site(action.as_bytes()), want, "{action}");
        }
    }

    #[test]
    fn only_an_html_body_in_memory_is_scanned() {
        let html = |t: &str, body: &'static str| {
            let mut res = Response::new(hyperox_router::Body::from(body));
            res.headers_mut()
                .insert(header::CONTENT_TYPE, t.parse().unwrap());
            res
        };
        assert_eq!(
            html("text/html; charset=utf-8", "<p>").body().as_bytes(),
            html_body(&html("text/html; charset=utf-8", "<p>"))
        );
        assert!(html_body(&html("text/plain", "<p>")).is_none());
        assert!(html_body(&html("application/xhtml+xml", "<p>")).is_none());
        assert!(html_body(&Response::new(hyperox_router::Body::from("<p>"))).is_none());
        assert_eq!(find(b"abcabc", b"ca"), Some(2));
        assert_eq!(find(b"abc", b"x"), None);
    }
}
