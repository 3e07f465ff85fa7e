//! The head tags, extension scripts and CSRF fields an HTML answer
//! lacks, filled in.

use super::scan::{Needle, attr_value, find, html_body, same_site, tag_end};
use crate::context::AppContext;
use http::header;
use hyperox_html::Node;
use hyperox_router::{Body, Request, Response};

/// Fills in what an HTML answer lacks, in one copy of its body:
///
/// - the head tags ([`Cx::head`](crate::Cx::head): CSRF token, stylesheet,
///   htmx, the client, live reload) of a full document that lacks them,
///   right after its `<head>` (or in a `<head>` of their own after
///   `<html>`), so that a page that forgot them still has its CSS, htmx
///   and token (a document with its `csrf-token` meta has them);
/// - the script of each htmx extension the document uses (an `hx-ptag`
///   attribute loads `hx-ptag.js`), before `</head>`, and no other;
/// - a hidden `_csrf` field in every form that posts to this app and has
///   none, right after its start tag: a form posted without JavaScript
///   then passes the CSRF check however it was written. Forms that post
///   elsewhere get no token.
pub(crate) fn fill_in<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if res.extensions().get::<crate::page::Bare>().is_some() {
        return;
    }
    let Some(body) = html_body(res) else {
        return;
    };
    let mut inserts = Vec::with_capacity(16);
    head_inserts(cx, req, body, &mut inserts);
    // The one field every form that lacks it gets, rendered once.
    let mut field = String::new();
    csrf_inserts(cx, req, body, &mut field, &mut inserts);
    if inserts.is_empty() {
        return;
    }
    inserts.sort_by_key(|(at, _)| *at);
    fn text<'a>(insert: &'a (usize, Insert), field: &'a str) -> &'a [u8] {
        match &insert.1 {
            Insert::Text(text) => text.as_bytes(),
            Insert::CsrfField => field.as_bytes(),
        }
    }
    let extra: usize = inserts.iter().map(|i| text(i, &field).len()).sum();
    let mut out = Vec::with_capacity(body.len() + extra);
    let mut last = 0;
    for insert in &inserts {
        let at = insert.0;
        out.extend_from_slice(&body[last..at]);
        out.extend_from_slice(text(insert, &field));
        last = at;
    }
    out.extend_from_slice(&body[last..]);
    res.headers_mut().remove(header::CONTENT_LENGTH);
    *res.body_mut() = Body::from(bytes::Bytes::from(out));
}

/// What goes in at a place of the body.
enum Insert {
    Text(String),
    /// The form's hidden `_csrf` field.
    CsrfField,
}

static HEAD_CLOSE: Needle = Needle::new(b"</head>");
static CSRF_META: Needle = Needle::new(b"<meta name=\"csrf-token\"");
static FORM: Needle = Needle::new(b"<form");
static FORM_CLOSE: Needle = Needle::new(b"</form>");
static CSRF_FIELD: Needle = Needle::new(b"name=\"_csrf\"");

/// Each extension's script address, its searcher built once.
static EXTENSION_URLS: std::sync::LazyLock<Vec<Needle>> = std::sync::LazyLock::new(|| {
    crate::assets::EXTENSIONS
        .iter()
        .map(|(_, asset)| Needle::new(asset.url.as_bytes()))
        .collect()
});

/// The ends the extension markers share (` hx-sse:connect=` and
/// ` hx-ws:connect=` both end in `:connect=`): one scan of the body for
/// each end, each hit then compared with the markers, instead of a scan
/// per marker.
static MARKER_ENDS: std::sync::LazyLock<Vec<(&'static str, Needle)>> =
    std::sync::LazyLock::new(|| {
        let mut ends: Vec<&'static str> = Vec::new();
        for (marker, _) in crate::assets::EXTENSIONS {
            let end = match marker.rfind(':') {
                Some(i) => &marker[i..],
                None => marker,
            };
            if !ends.contains(&end) {
                ends.push(end);
            }
        }
        ends.into_iter()
            .map(|end| (end, Needle::new(end.as_bytes())))
            .collect()
    });

/// Which extensions' markers `body` holds, a bit per entry of
/// [`crate::assets::EXTENSIONS`].
fn extensions_used(body: &[u8]) -> u32 {
    const { assert!(crate::assets::EXTENSIONS.len() <= 32) };
    let mut used = 0;
    for (end, needle) in MARKER_ENDS.iter() {
        let mut from = 0;
        while let Some(i) = needle.find(&body[from..]) {
            let at = from + i;
            for (n, (marker, _)) in crate::assets::EXTENSIONS.iter().enumerate() {
                let start = (at + end.len()).checked_sub(marker.len());
                if marker.ends_with(end)
                    && start.is_some_and(|s| body[s..].starts_with(marker.as_bytes()))
                {
                    used |= 1 << n;
                }
            }
            from = at + 1;
        }
    }
    used
}

/// The head tags a full document lacks, and the extension scripts it
/// uses and does not load.
fn head_inserts<S: Send + Sync + 'static>(
    cx: &AppContext<S>,
    req: &Request,
    body: &[u8],
    inserts: &mut Vec<(usize, Insert)>,
) {
    const DOCTYPE: &[u8] = b"<!doctype html>";
    if body.len() < DOCTYPE.len() || !body[..DOCTYPE.len()].eq_ignore_ascii_case(DOCTYPE) {
        return;
    }
    let head_close = HEAD_CLOSE.find(body);
    // The tags sit in the head: look no further than its end.
    let head_end = head_close.unwrap_or(body.len());
    let mut scripts = String::new();
    let used = extensions_used(body);
    for (n, (_, asset)) in crate::assets::EXTENSIONS.iter().enumerate() {
        if used & (1 << n) != 0 && EXTENSION_URLS[n].find(body).is_none() {
            use hyperox_html::prelude::*;
            scripts.push_str(&script(attr("src", asset.url)).render());
        }
    }
    if CSRF_META.find(&body[..head_end]).is_some() {
        if let Some(at) = head_close.filter(|_| !scripts.is_empty()) {
            inserts.push((at, Insert::Text(scripts)));
        }
        return;
    }
    let mut tags = crate::cx::head_tags(cx, req).render();
    tags.push_str(&scripts);
    let tag_end = |start: usize| memchr::memchr(b'>', &body[start..]).map(|i| start + i + 1);
    let head = find(body, b"<head>").or_else(|| find(body, b"<head "));
    let (at, text) = match head.and_then(tag_end) {
        Some(at) => (at, tags),
        None => match find(body, b"<html").and_then(tag_end) {
            Some(at) => (at, format!("<head>{tags}</head>")),
            None => (DOCTYPE.len(), format!("<head>{tags}</head>")),
        },
    };
    inserts.push((at, Insert::Text(text)));
}

/// The `_csrf` fields of the forms that post to this app and lack one
/// (`field`, rendered at the first).
fn csrf_inserts<S: Send + Sync + 'static>(
    cx: &AppContext<S>,
    req: &Request,
    body: &[u8],
    field: &mut String,
    inserts: &mut Vec<(usize, Insert)>,
) {
    let mut from = 0;
    while let Some(i) = FORM.find(&body[from..]) {
        let start = from + i;
        let Some(end) = tag_end(body, start) else {
            break;
        };
        from = end;
        let tag = &body[start..end];
        if !matches!(tag.get(5), Some(b' ' | b'>' | b'\t' | b'\n' | b'/')) {
            continue;
        }
        let close = FORM_CLOSE
            .find(&body[end..])
            .map_or(body.len(), |i| end + i);
        // A `<form` before this form's end is no form of its own (the
        // HTML parser ignores it): the next one is looked for after it.
        from = close;
        // A form with its field needs nothing, whatever it posts to: its
        // attributes are read only when it lacks one.
        if CSRF_FIELD.find(&body[end..close]).is_some() {
            continue;
        }
        let posts = attr_value(tag, b"method").is_some_and(|m| m.eq_ignore_ascii_case(b"post"));
        if posts && attr_value(tag, b"action").is_none_or(same_site) {
            if field.is_empty() {
                *field = crate::csrf::field(cx.csrf_token(req).to_owned()).render();
            }
            inserts.push((end, Insert::CsrfField));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_extension_is_found_by_its_marker_alone() {
        let index = |url: &str| {
            crate::assets::EXTENSIONS
                .iter()
                .position(|(_, a)| a.url == url)
                .expect("an extension")
        };
        let (ptag, sse, ws) = (
            1 << index(crate::assets::PTAG.url),
            1 << index(crate::assets::SSE.url),
            1 << index(crate::assets::WS.url),
        );
        let cases: &[(&str, u32)] = &[
            ("<div></div>", 0),
            (r#"<div hx-ptag="0"></div>"#, ptag),
            (r#"<div hx-sse:connect="/s"></div>"#, sse),
            (r#"<div hx-ws:connect="/w"></div>"#, ws),
            (
                r#"<p hx-ws:connect="/w"></p><p hx-ptag="1"></p><p hx-sse:connect="/s"></p>"#,
                ptag | sse | ws,
            ),
            // Look-alikes: another attribute's name, or text.
            (r#"<div data-hx-sse:connect="/s" x:connect="/y"></div>"#, 0),
            (":connect=", 0),
            // Text that spells a marker loads the script too: the scan
            // reads bytes, not a tree (a script more, never one less).
            ("<p>write hx-ws:connect= to connect</p>", ws),
        ];
        for &(html, want) in cases {
            assert_eq!(extensions_used(html.as_bytes()), want, "{html}");
        }
    }
}
