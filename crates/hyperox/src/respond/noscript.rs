//! Partials answered right without JavaScript. A form posted to a
//! partial by a browser running no script (no `HX-Request`) would get the
//! partial's fragment as a whole page: no doctype, no stylesheet, the
//! address left on `/_partials/...`. Instead the answer goes back to the
//! page the form was on (`303 See Other` to its `Referer`) with the
//! fragment in a signed one-shot cookie, and that page, loaded once more,
//! shows the fragment where htmx would have put it: in place of the
//! element with the fragment's id (a form with its errors, a counter),
//! else as a message at the top of the page. A fragment too large for a
//! cookie, or a post from no page of this site, is answered as a whole
//! document around the fragment, with a link back.

use crate::context::AppContext;
use bytes::Bytes;
use http::{HeaderValue, Method, StatusCode, header};
use hyperox_router::{Body, Request, Response};

/// The cookie that carries a fragment to the page it belongs on.
const COOKIE: &str = "hyperox_flash";

/// The largest `Set-Cookie` a fragment rides (browsers keep about 4 KiB
/// a cookie, its name and attributes included).
const MAX_COOKIE: usize = 4000;

/// How long a fragment waits for its page (a redirect is followed at
/// once).
const MAX_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether `req` is a form a browser posted to a partial without
/// JavaScript, and `res` the partial's fragment.
fn is_bare_fragment(req: &Request, res: &Response) -> bool {
    let status = res.status();
    req.method() == Method::POST
        && !req.headers().contains_key(super::HX_REQUEST)
        && req.uri().path().starts_with("/_partials/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|a| a.to_str().ok())
            .is_some_and(|a| a.contains("text/html"))
        && (status.is_success() || status.is_client_error())
        && res
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
        && res
            .body()
            .as_bytes()
            .is_some_and(|b| !b.trim_ascii_start().starts_with(b"<!DOCTYPE"))
}

/// The path and query of the page of this site a request with `headers`
/// came from.
fn referring_page(headers: &http::HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let rest = referer
        .strip_prefix("http://")
        .or_else(|| referer.strip_prefix("https://"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    (authority.eq_ignore_ascii_case(host) && !path.starts_with("/_partials/"))
        .then(|| path.split('#').next().unwrap_or("/").to_owned())
}

/// Answers a partial's fragment to a form posted without JavaScript: a
/// redirect back to its page with the fragment in a cookie, or a whole
/// document around it.
pub(crate) fn answer_partial<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if !is_bare_fragment(req, res) {
        return;
    }
    let fragment = res
        .body()
        .as_bytes()
        .map(Bytes::copy_from_slice)
        .unwrap_or_default();
    let fragment = String::from_utf8_lossy(&fragment).into_owned();
    let page = referring_page(req.headers());
    if let Some(page) = &page {
        // `tag.page\nfragment`; the cookie's own encoding keeps it one
        // value.
        // Nothing to show (an empty answer): back to the page alone.
        let payload = format!("{page}\n{fragment}");
        let empty = fragment.trim().is_empty();
        let tag = cx.shared().signer.derive(COOKIE, &payload);
        let cookie = crate::cookie::SetCookie::new(COOKIE, format!("{tag}.{payload}"))
            .path("/")
            .max_age(MAX_AGE)
            .http_only(true)
            .same_site(crate::cookie::SameSite::Lax)
            .to_string();
        if empty || cookie.len() <= MAX_COOKIE {
            let mut redirect = Response::new(Body::empty());
            *redirect.status_mut() = StatusCode::SEE_OTHER;
            let h = redirect.headers_mut();
            h.insert(
                header::LOCATION,
                HeaderValue::try_from(page.as_str()).expect("a request's path is header text"),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if !empty {
                h.append(
                    header::SET_COOKIE,
                    HeaderValue::try_from(cookie).expect("an encoded cookie is header text"),
                );
            }
            *res = redirect;
            return;
        }
    }
    // Too large for a cookie, or from no page of this site: the fragment
    // as a whole document (the app's head is filled in after this).
    let back = page.unwrap_or_else(|| "/".to_owned());
    let language = &cx.config().lang;
    use hyperox_html::prelude::*;
    let doc = html((
        lang(language.clone()),
        head((
            meta(attr("charset", "utf-8")),
            title(res.status().canonical_reason().unwrap_or("Result")),
        )),
        body(main((
            unsafe_raw(fragment),
            p(a((attr("href", back), "Back"))),
        ))),
    ));
    res.headers_mut().remove(header::CONTENT_LENGTH);
    *res.body_mut() = Body::from(doc.render_page());
}

/// On the page a fragment was sent back to, puts it in place (and
/// spends the cookie).
pub(crate) fn show_fragment<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if req.method() != Method::GET || req.headers().contains_key(super::HX_REQUEST) {
        return;
    }
    // Most requests carry no fragment: no cookie parsing for them.
    let carries = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .any(|v| memchr::memmem::find(v.as_bytes(), COOKIE.as_bytes()).is_some());
    if !carries {
        return;
    }
    let Some(value) = crate::cookie::get(req.headers(), COOKIE) else {
        return;
    };
    let Some((tag, payload)) = value.split_once('.') else {
        return;
    };
    let want = cx.shared().signer.derive(COOKIE, payload);
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        want.as_bytes(),
        tag.as_bytes(),
    )) {
        return;
    }
    let Some((page, fragment)) = payload.split_once('\n') else {
        return;
    };
    let here = req.uri().path_and_query().map_or("/", |p| p.as_str());
    if page != here || !res.status().is_success() {
        return;
    }
    let Some(body) = res.body().as_bytes() else {
        return;
    };
    if !res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
    {
        return;
    }
    let page = String::from_utf8_lossy(body);
    let Some(shown) = put_in_place(&page, fragment) else {
        return;
    };
    let h = res.headers_mut();
    h.remove(header::CONTENT_LENGTH);
    h.remove(header::ETAG);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.append(
        header::SET_COOKIE,
        HeaderValue::try_from(
            crate::cookie::SetCookie::remove(COOKIE)
                .path("/")
                .to_string(),
        )
        .expect("a cookie is header text"),
    );
    *res.body_mut() = Body::from(shown);
}

/// `page` with `fragment` in place of the element with its root's id,
/// else at the start of `main` (or `body`) as a status message.
fn put_in_place(page: &str, fragment: &str) -> Option<String> {
    if let Some(id) = root_id(fragment)
        && let Some((start, end)) = element_with_id(page, &id)
    {
        return Some(format!("{}{fragment}{}", &page[..start], &page[end..]));
    }
    let open = page.find("<main").or_else(|| page.find("<body"))?;
    let at = open + page[open..].find('>')? + 1;
    Some(format!(
        "{}<div role=\"status\">{fragment}</div>{}",
        &page[..at],
        &page[at..]
    ))
}

/// The `id` of the fragment's first element.
fn root_id(fragment: &str) -> Option<String> {
    let start = fragment.trim_start();
    let tag_end = start.strip_prefix('<')?.find('>')?;
    let tag = &start[1..=tag_end];
    let at = tag.find(" id=\"")? + 5;
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].to_owned())
}

/// Where the element with `id="id"` starts and ends in `page`.
fn element_with_id(page: &str, id: &str) -> Option<(usize, usize)> {
    let attr = format!(" id=\"{id}\"");
    let at = page.find(&attr)?;
    let start = page[..at].rfind('<')?;
    let name: String = page[start + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        return None;
    }
    let open_end = start + page[start..].find('>')? + 1;
    if VOID.contains(&name.as_str()) {
        return Some((start, open_end));
    }
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 1usize;
    let mut i = open_end;
    while i < page.len() {
        let rest = &page[i..];
        if rest.starts_with(&close) {
            depth -= 1;
            i += close.len();
            if depth == 0 {
                return Some((start, i));
            }
        } else if rest.starts_with(&open) && rest[open.len()..].starts_with([' ', '>']) {
            depth += 1;
            i += open.len();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_takes_the_place_of_the_element_with_its_id() {
        let page = r#"<body><main><h1>Hi</h1><form id="f"><div><p>a</p></div><input name="x"></form><p>after</p></main></body>"#;
        let shown = put_in_place(page, r#"<form id="f"><p>error</p></form>"#).unwrap();
        assert_eq!(
            shown,
            r#"<body><main><h1>Hi</h1><form id="f"><p>error</p></form><p>after</p></main></body>"#
        );
        // Nested elements of the same name are counted.
        let page = r#"<main><div id="c"><div>1</div><div>2</div></div><p>x</p></main>"#;
        let shown = put_in_place(page, r#"<div id="c">3</div>"#).unwrap();
        assert_eq!(shown, r#"<main><div id="c">3</div><p>x</p></main>"#);
        // No element with its id: a message at the top of main.
        let shown =
            put_in_place("<body><main><h1>Hi</h1></main></body>", "<p>Thanks!</p>").unwrap();
        assert_eq!(
            shown,
            r#"<body><main><div role="status"><p>Thanks!</p></div><h1>Hi</h1></main></body>"#
        );
    }

    #[test]
    fn only_a_page_of_this_site_is_gone_back_to() {
        let req = |referer: &str| {
            let mut h = http::HeaderMap::new();
            h.insert("host", HeaderValue::from_static("example.org"));
            h.insert("referer", HeaderValue::try_from(referer).unwrap());
            h
        };
        assert_eq!(
            referring_page(&req("https://example.org/signup?a=1#top")).as_deref(),
            Some("/signup?a=1")
        );
        assert_eq!(referring_page(&req("https://evil.example/signup")), None);
        assert_eq!(
            referring_page(&req("https://example.org/_partials/x/y")),
            None
        );
        assert_eq!(referring_page(&req("javascript:alert(1)")), None);
    }
}
