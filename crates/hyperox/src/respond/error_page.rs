//! A styled page for an error a browser navigated to.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Body, Request, Response};

/// The styled error page, in the app's language and with its icon (see
/// [`styled`]).
pub(crate) fn error_page<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if res.status().as_u16() < 400 {
        return;
    }
    let icon = cx.shared().assets.icon().map(|a| a.url);
    styled(req, res, &cx.config().lang, icon);
}

/// Turns a plain-text error answer to a browser's page request (not
/// htmx, `Accept` naming `text/html`) into a styled HTML page with the
/// same status and message, so that a 403, 404, 405 or 500 reached by a
/// link or a form posted without JavaScript is a page, not a line of
/// text. htmx requests, API clients and answers the app styled itself are
/// left as they are. The page is in the app's language `language`, with
/// the app's icon at `icon` (none: an empty one, so that the browser does
/// not ask for `/favicon.ico` and meet a second error).
fn styled(req: &Request, res: &mut Response, language: &str, icon: Option<&str>) {
    let status = res.status();
    if status.as_u16() < 400 || req.headers().contains_key(super::HX_REQUEST) {
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
