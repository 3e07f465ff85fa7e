//! Cross-site request protection for state-changing requests.
//!
//! A request whose method can change state (anything but GET, HEAD,
//! OPTIONS and TRACE) must pass three checks, or gets a 403:
//!
//! 1. `Sec-Fetch-Site`, when the browser sends it, is `same-origin` or
//!    `none`;
//! 2. `Origin`, when present, names the host the request was sent to;
//! 3. the token in the `X-CSRF-Token` header (sent by the bundled client
//!    on every htmx request) or in the `_csrf` form field (forms posted
//!    without JavaScript) equals the token in the client's
//!    `hyperox_csrf` cookie, which is `HttpOnly` and `SameSite=Strict`.

use crate::context::{Ctx, is_urlencoded};
use crate::cookie::{self, SameSite, SetCookie};
use crate::error::Rejection;
use http::{Method, header};
use hyperox_router::{IntoResponse, Next, Request, Response};

/// The cookie holding the client's token.
pub const COOKIE: &str = "hyperox_csrf";
/// The header htmx requests carry the token in.
pub const HEADER: &str = "x-csrf-token";
/// The form field forms carry the token in.
pub const FIELD: &str = "_csrf";

/// A new random token: 32 bytes, hex.
pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn is_well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The hidden `_csrf` input carrying `token`, for forms posted without
/// JavaScript ([`Cx::csrf_field`](crate::Cx::csrf_field) gives the
/// client's own).
pub fn field(token: String) -> impl hyperox_html::Node {
    use hyperox_html::prelude::{attr, input};
    input((
        attr("type", "hidden"),
        attr("name", FIELD),
        attr("value", token),
    ))
}

pub(crate) fn cookie(token: &str) -> SetCookie {
    SetCookie::new(COOKIE, token).same_site(SameSite::Strict)
}

fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Why a state-changing request is refused, if it is.
pub(crate) async fn check<S: Send + Sync + 'static>(
    cx: &mut Ctx<S>,
    req: &mut Request,
) -> Result<(), Rejection> {
    if is_safe(req.method()) {
        return Ok(());
    }
    let headers = req.headers();
    for site in headers.get_all("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if site != "same-origin" && site != "none" {
            return Err(Rejection::forbidden(format!(
                "cross-site request refused (Sec-Fetch-Site: {site})"
            )));
        }
    }
    for origin in headers.get_all(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()))
            .unwrap_or("");
        let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
        if origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
            return Err(Rejection::forbidden(format!(
                "cross-origin request refused (Origin: {origin})"
            )));
        }
    }
    let Some(expected) = cookie::get(headers, COOKIE).map(str::to_owned) else {
        return Err(Rejection::forbidden(
            "CSRF token missing: load a page of this site first",
        ));
    };
    let given = match headers.get(HEADER).and_then(|v| v.to_str().ok()) {
        Some(t) => Some(t.to_owned()),
        None if is_urlencoded(headers) => {
            let body = cx.body(req).await?;
            crate::context::form_urlencoded_value(&body, FIELD)
        }
        None => None,
    };
    match given {
        Some(t) if is_well_formed(&expected) && same(t.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(Rejection::forbidden("CSRF token does not match")),
        None => Err(Rejection::forbidden("CSRF token missing")),
    }
}

/// The middleware that runs [`check`] before the route.
pub(crate) async fn middleware<S: Send + Sync + 'static>(
    cx: &mut Ctx<S>,
    req: &mut Request,
    next: Next<'_, Ctx<S>>,
) -> Response {
    let exempt = cx
        .shared()
        .csrf_exempt
        .iter()
        .any(|p| req.uri().path().starts_with(p.as_str()));
    if !exempt && let Err(r) = check(cx, req).await {
        tracing::info!(path = %req.uri().path(), "{r}");
        return r.into_response();
    }
    next.run(cx, req).await
}
