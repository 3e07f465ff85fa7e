//! The security headers.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// The `Content-Security-Policy` of HTML responses, with `$script`
/// added to `script-src`: scripts and styles from the app itself (htmx
/// evaluates `hx-on` handlers, hence `'unsafe-eval'`), no framing by
/// other sites, forms posted to the app only.
macro_rules! csp {
    ($script:literal) => {
        concat!(
            "default-src 'self'; script-src 'self' 'unsafe-eval'",
            $script,
            "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; ",
            "form-action 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
        )
    };
}

/// The security headers, allowing the scripts of the request's nonce
/// (`Cx::script_nonce`).
pub(crate) fn security<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    _req: &Request,
    res: &mut Response,
) {
    headers(res.headers_mut(), cx.script_nonce.get().map(String::as_str));
}

/// `Server: hyperox` (the name alone, no version to look up flaws by),
/// `X-Content-Type-Options: nosniff` and `Referrer-Policy` on every
/// response, and a `Content-Security-Policy` (allowing scripts with
/// `nonce`) on HTML, unless the response set its own.
pub(crate) fn headers(headers: &mut http::HeaderMap, nonce: Option<&str>) {
    // Made at compile time: `from_static` at run time checks each byte
    // (about 200 instructions an answer here, mostly the policy's).
    const SERVER: HeaderValue = HeaderValue::from_static("hyperox");
    const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
    const SAME_ORIGIN: HeaderValue = HeaderValue::from_static("same-origin");
    const POLICY: HeaderValue = HeaderValue::from_static(csp!(""));
    headers.entry(header::SERVER).or_insert(SERVER);
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(NOSNIFF);
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(SAME_ORIGIN);
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if html && let header::Entry::Vacant(entry) = headers.entry(header::CONTENT_SECURITY_POLICY) {
        entry.insert(match nonce {
            Some(n) => HeaderValue::try_from(format!(csp!(" 'nonce-{}'"), n))
                .expect("a hex nonce is valid header text"),
            None => POLICY,
        });
    }
}
