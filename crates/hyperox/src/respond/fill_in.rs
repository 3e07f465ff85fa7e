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
    let mut inserts = Vec::new();
    head_inserts(cx, req, body, &mut inserts);
    csrf_inserts(cx, req, body, &mut inserts);
    if inserts.is_empty() {
        return;
    }
    inserts.sort_by_key(|(at, _)| *at);
    let extra: usize = inserts.iter().map(|(_, text)| text.len()).sum();
    let mut out = Vec::with_capacity(body.len() + extra);
    let mut last = 0;
    for (at, text) in &inserts {
        out.extend_from_slice(&body[last..*at]);
        out.extend_from_slice(text.as_bytes());
        last = *at;
    }
    out.extend_from_slice(&body[last..]);
    res.headers_mut().remove(header::CONTENT_LENGTH);
    *res.body_mut() = Body::from(bytes::Bytes::from(out));
}

static HEAD_CLOSE: Needle = Needle::new(b"</head>");
static CSRF_META: Needle = Needle::new(b"<meta name=\"csrf-token\"");
static FORM: Needle = Needle::new(b"<form");
static FORM_CLOSE: Needle = Needle::new(b"</form>");
static CSRF_FIELD: Needle = Needle::new(b"name=\"_csrf\"");

/// Each extension's marker and script address, searchers built once.
static EXTENSIONS: std::sync::LazyLock<Vec<(Needle, Needle, &'static str)>> =
    std::sync::LazyLock::new(|| {
        crate::assets::EXTENSIONS
            .iter()
            .map(|(marker, asset)| {
                (
                    Needle::new(marker.as_bytes()),
                    Needle::new(asset.url.as_bytes()),
                    asset.url,
                )
            })
            .collect()
    });

/// The head tags a full document lacks, and the extension scripts it
/// uses and does not load.
fn head_inserts<S: Send + Sync + 'static>(
    cx: &AppContext<S>,
    req: &Request,
    body: &[u8],
    inserts: &mut Vec<(usize, String)>,
) {
    const DOCTYPE: &[u8] = b"<!doctype html>";
    if body.len() < DOCTYPE.len() || !body[..DOCTYPE.len()].eq_ignore_ascii_case(DOCTYPE) {
        return;
    }
    let head_close = HEAD_CLOSE.find(body);
    // The tags sit in the head: look no further than its end.
    let head_end = head_close.unwrap_or(body.len());
    let mut scripts = String::new();
    for (marker, url, script_url) in EXTENSIONS.iter() {
        if marker.find(body).is_some() && url.find(body).is_none() {
            use hyperox_html::prelude::*;
            scripts.push_str(&script(attr("src", *script_url)).render());
        }
    }
    if CSRF_META.find(&body[..head_end]).is_some() {
        if let Some(at) = head_close.filter(|_| !scripts.is_empty()) {
            inserts.push((at, scripts));
        }
        return;
    }
    let mut tags = crate::cx::head_tags(cx, req).render();
    tags.push_str(&scripts);
    let tag_end = |start: usize| memchr::memchr(b'>', &body[start..]).map(|i| start + i + 1);
    let head = find(body, b"<head>").or_else(|| find(body, b"<head "));
    inserts.push(match head.and_then(tag_end) {
        Some(at) => (at, tags),
        None => match find(body, b"<html").and_then(tag_end) {
            Some(at) => (at, format!("<head>{tags}</head>")),
            None => (DOCTYPE.len(), format!("<head>{tags}</head>")),
        },
    });
}

/// The `_csrf` fields of the forms that post to this app and lack one.
fn csrf_inserts<S: Send + Sync + 'static>(
    cx: &AppContext<S>,
    req: &Request,
    body: &[u8],
    inserts: &mut Vec<(usize, String)>,
) {
    let mut field = None;
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
        let posts = attr_value(tag, b"method").is_some_and(|m| m.eq_ignore_ascii_case(b"post"));
        let here = attr_value(tag, b"action").is_none_or(same_site);
        let close = FORM_CLOSE
            .find(&body[end..])
            .map_or(body.len(), |i| end + i);
        let has_field = CSRF_FIELD.find(&body[end..close]).is_some();
        if posts && here && !has_field {
            let field = field
                .get_or_insert_with(|| crate::csrf::field(cx.csrf_token(req).to_owned()).render());
            inserts.push((end, field.clone()));
        }
    }
}
