//! What every answer gets without the app writing it: the head tags of
//! a page and the extension scripts it uses, the CSRF field of a form
//! that posts, a styled page for an error a browser navigated to, an ETag
//! for an answer that holds a cached component, and polling tags.

use crate::context::AppContext;
use http::{HeaderValue, Method, StatusCode, header};
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
    cx: &AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
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
    let head_close = find(body, b"</head>");
    // The tags sit in the head: look no further than its end.
    let head_end = head_close.unwrap_or(body.len());
    let mut scripts = String::new();
    for (marker, asset) in crate::assets::EXTENSIONS {
        if find(body, marker.as_bytes()).is_some() && find(body, asset.url.as_bytes()).is_none() {
            use hyperox_html::prelude::*;
            scripts.push_str(&script(attr("src", asset.url)).render());
        }
    }
    if find(&body[..head_end], b"<meta name=\"csrf-token\"").is_some() {
        if let Some(at) = head_close.filter(|_| !scripts.is_empty()) {
            inserts.push((at, scripts));
        }
        return;
    }
    let mut tags = crate::cx::head_tags(cx, req).render();
    tags.push_str(&scripts);
    let tag_end = |start: usize| find(&body[start..], b">").map(|i| start + i + 1);
    let head = find(body, b"<head>").or_else(|| find(body, b"<head "));
    inserts.push(match head.and_then(tag_end) {
        Some(at) => (at, tags),
        None => match find(body, b"<html").and_then(tag_end) {
            Some(at) => (at, format!("<head>{tags}</head>")),
            None => (DOCTYPE.len(), format!("<head>{tags}</head>")),
        },
    });
}

/// The body of an HTML answer that is already in memory.
fn html_body(res: &Response) -> Option<&[u8]> {
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    res.body().as_bytes().filter(|_| html)
}

/// Turns a plain-text error answer to a browser's page request (not
/// htmx, `Accept` naming `text/html`) into a styled HTML page with the
/// same status and message, so that a 403, 404, 405 or 500 reached by a
/// link or a form posted without JavaScript is a page, not a line of
/// text. htmx requests, API clients and answers the app styled itself are
/// left as they are. The page is in the app's language `language`, with
/// the app's icon at `icon` (none: an empty one, so that the browser does
/// not ask for `/favicon.ico` and meet a second error).
pub(crate) fn error_page(req: &Request, res: &mut Response, language: &str, icon: Option<&str>) {
    let status = res.status();
    if status.as_u16() < 400 || req.headers().contains_key("hx-request") {
        return;
    }
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/plain"));
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if !plain || !wants_html {
        return;
    }
    let Some(message) = res
        .body()
        .as_bytes()
        .map(|b| String::from_utf8_lossy(b).into_owned())
    else {
        return;
    };
    let reason = status.canonical_reason().unwrap_or("Error");
    let (first, detail) = match message.split_once("\n\n") {
        Some((first, rest)) => (first.to_owned(), Some(rest.to_owned())),
        None => (message, None),
    };
    // A bare reason phrase says less than a sentence for its status.
    let first = if first.trim().is_empty() || first.trim() == reason {
        match status.as_u16() {
            403 => "You may not do that here.",
            404 => "There is nothing at this address.",
            405 => "This address does not take that kind of request.",
            413 => "That was too large to send.",
            429 => "Too many requests; wait a moment and try again.",
            503 => "The site is busy; try again in a moment.",
            500..=599 => "Something went wrong on our side.",
            _ => reason,
        }
        .to_owned()
    } else {
        first
    };
    use hyperox_html::prelude::*;
    let page = html((
        lang(language.to_owned()),
        head((
            meta(attr("charset", "utf-8")),
            meta((
                attr("name", "viewport"),
                attr("content", "width=device-width, initial-scale=1"),
            )),
            title(format!("{} {reason}", status.as_u16())),
            link((
                attr("rel", "icon"),
                attr("href", icon.unwrap_or("data:,").to_owned()),
            )),
            style(ERROR_STYLE),
        )),
        body(main((
            class("hyperox-error"),
            p((class("status"), status.as_u16().to_string(), " ", reason)),
            h1(first),
            detail.map(pre),
            a((attr("href", "/"), "Back to the start page")),
        ))),
    ));
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut().remove(header::CONTENT_LENGTH);
    *res.body_mut() = Body::from(page.render_page());
}

/// The error page's own style: it must not depend on the app's CSS.
const ERROR_STYLE: &str = "body{margin:0;min-height:100vh;display:grid;place-items:center;\
background:#f8fafc;color:#0f172a;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif}\
.hyperox-error{max-width:36rem;margin:2rem;padding:2rem 2.25rem;background:#fff;\
border-radius:.75rem;box-shadow:0 1px 3px rgba(15,23,42,.12),0 8px 24px rgba(15,23,42,.06)}\
.status{margin:0;color:#64748b;font-size:.875rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase}\
h1{margin:.25rem 0 1rem;font-size:1.5rem;line-height:1.3;overflow-wrap:anywhere}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f1f5f9;padding:.75rem;border-radius:.5rem;font-size:.8125rem}\
a{color:#4f46e5}";

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Gives an answer that holds a cached component a strong ETag of its
/// bytes, and answers a GET whose `If-None-Match` names it with 304.
/// Such answers are `private, no-cache` unless they say otherwise: the
/// browser keeps them and asks again each time, and a repeat costs a
/// cached render and no body.
pub(crate) fn etag_cached(req: &Request, res: &mut Response) {
    if !matches!(*req.method(), Method::GET | Method::HEAD)
        || res.status() != StatusCode::OK
        || res.headers().contains_key(header::ETAG)
    {
        return;
    }
    let Some(bytes) = res.body().as_bytes() else {
        return;
    };
    let tag = tag_of(bytes);
    let fresh = hyperox_router::middleware::not_modified(req.headers(), &tag, None);
    let headers = res.headers_mut();
    headers.insert(
        header::ETAG,
        HeaderValue::try_from(tag).expect("hex in quotes is a valid header"),
    );
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("private, no-cache"));
    if fresh {
        hyperox_router::middleware::into_not_modified(res);
    }
}

/// A strong ETag of `bytes`: 128 bits of foldhash, quoted.
fn tag_of(bytes: &[u8]) -> String {
    use std::hash::BuildHasher;
    let seeds = (
        foldhash::quality::FixedState::with_seed(0x6879_7065_726f_7801),
        foldhash::quality::FixedState::with_seed(0x6879_7065_726f_7802),
    );
    format!(
        "\"{:016x}{:016x}\"",
        seeds.0.hash_one(bytes),
        seeds.1.hash_one(bytes)
    )
}

/// Polling tags (htmx's `hx-ptag` extension): a GET that carries
/// `HX-PTag` is answered with the tag of its answer in `HX-PTag` (its
/// ETag when it has one, else one made of its bytes), and with an empty
/// 304 when the tag it sent is that one, so htmx leaves the element as it
/// is.
pub(crate) fn ptag(req: &Request, res: &mut Response) {
    let Some(sent) = req.headers().get("hx-ptag") else {
        return;
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return;
    }
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("hx-ptag"));
    let tag = match res.headers().get(header::ETAG) {
        Some(etag) => etag.clone(),
        None if res.status() == StatusCode::OK => match res.body().as_bytes() {
            Some(bytes) => HeaderValue::try_from(tag_of(bytes)).expect("hex in quotes"),
            None => return,
        },
        None => return,
    };
    let unchanged = *sent == tag;
    res.headers_mut().insert("hx-ptag", tag);
    if unchanged {
        hyperox_router::middleware::into_not_modified(res);
    }
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
    while let Some(i) = find(&body[from..], b"<form") {
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
        let close = find(&body[end..], b"</form>").map_or(body.len(), |i| end + i);
        let has_field = find(&body[end..close], b"name=\"_csrf\"").is_some();
        if posts && here && !has_field {
            let field = field
                .get_or_insert_with(|| crate::csrf::field(cx.csrf_token(req).to_owned()).render());
            inserts.push((end, field.clone()));
        }
    }
}

/// Whether a form's `action` stays on this site: a path, or a relative
/// URL without a scheme (not `//host` nor `/\\host`, which browsers read
/// as another host).
fn same_site(action: &[u8]) -> bool {
    !(action.starts_with(b"//") || action.starts_with(b"/\\"))
        && (action.starts_with(b"/") || !action.contains(&b':'))
}

/// The end (after `>`) of the tag that starts at `start`, quotes minded.
fn tag_end(body: &[u8], start: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in body[start..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in start tag `tag`, as written.
fn attr_value<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(i) = find(&tag[from..], name) {
        let at = from + i;
        from = at + name.len();
        let before = at.checked_sub(1).map(|j| tag[j]);
        if !matches!(before, Some(b' ' | b'\t' | b'\n')) {
            continue;
        }
        let rest = &tag[at + name.len()..];
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
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
