//! The middleware and handlers every app gets: the CSRF check before
//! state-changing routes, and `GET /assets/*`.

use crate::assets;
use crate::context::AppContext;
use crate::cookie;
use crate::csrf;
use crate::error::Rejection;
use crate::form::{form_urlencoded_value, is_urlencoded};
use http::{StatusCode, header};
use hyperox_router::{Body, IntoResponse, Next, Request, Response};

/// Why a state-changing request is refused, if it is.
pub(crate) async fn csrf_check<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
    next: &Next<'_, AppContext<S>>,
) -> Result<(), Rejection> {
    // A request that reaches no route gets its 404 or 405, not a 403.
    let reaches = next.routes_to(req.method(), req.uri().path()) != Some(false);
    if csrf::is_safe(req.method()) || !reaches {
        return Ok(());
    }
    crate::origin::check_same_origin(&cx.shared().policy, req)?;
    let headers = req.headers();
    let signer = &cx.shared().signer;
    // A browser with a session: the token must be that session's.
    #[cfg(feature = "session")]
    if let Some(sessions) = &cx.shared().sessions
        && let Some(id) =
            crate::session::request_id(sessions, cx.shared().policy.is_https(), headers)
    {
        let expected = crate::session::csrf_token(signer, &id);
        return match given_token(cx, req).await? {
            Some(t) if csrf::same(t.as_bytes(), expected.as_bytes()) => Ok(()),
            Some(_) => Err(Rejection::forbidden(
                "CSRF token is not this session's: reload the page",
            )),
            None => Err(Rejection::forbidden("CSRF token missing")),
        };
    }
    let Some(expected) = cookie::get(headers, signer.cookie) else {
        return Err(Rejection::forbidden(
            "CSRF token missing: load a page of this site first",
        ));
    };
    if !signer.verify(&expected) {
        return Err(Rejection::forbidden(
            "CSRF cookie is not one this site issued: reload the page",
        ));
    }
    match given_token(cx, req).await? {
        Some(t) if csrf::same(t.as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(Rejection::forbidden("CSRF token does not match")),
        None => Err(Rejection::forbidden("CSRF token missing")),
    }
}

/// The token a request sent: its `X-CSRF-Token`, else the `_csrf` field
/// of its form.
async fn given_token<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
) -> Result<Option<String>, Rejection> {
    let headers = req.headers();
    Ok(
        match headers.get(csrf::HEADER).and_then(|v| v.to_str().ok()) {
            Some(t) => Some(t.to_owned()),
            None if is_urlencoded(headers) => {
                let limit = cx.config().max_form_bytes;
                let body = cx.body(req, limit).await?;
                form_urlencoded_value(&body, csrf::FIELD)
            }
            None => None,
        },
    )
}

/// The checks every request goes through before it is routed, in this
/// order, run by `respond` (inside its future, not one a check): the
/// host is one the app serves; a form's `_method` is applied; a
/// state-changing request passes the CSRF check, unless its path is
/// exempt. Then the rest of the chain, `next`.
pub(crate) async fn request_checks<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
    next: Next<'_, AppContext<S>>,
) -> Response {
    if let Some(refused) = known_host(cx, req) {
        return refused;
    }
    method_override(req);
    let exempt = cx
        .shared()
        .csrf_exempt
        .iter()
        .any(|p| req.uri().path().starts_with(p.as_str()));
    // Boxed, and only for a state-changing request: the check may read
    // the body for its token, and that wait would otherwise make every
    // request's future larger.
    if !exempt
        && !csrf::is_safe(req.method())
        && let Err(r) = Box::pin(csrf_check(cx, req, &next)).await
    {
        tracing::info!(path = %req.uri().path(), "{r}");
        return r.into_response();
    }
    next.run(cx, req).await
}

/// A request for a host the app does not serve (a DNS-rebinding page,
/// say): refused with 421.
fn known_host<S: Send + Sync + 'static>(cx: &AppContext<S>, req: &Request) -> Option<Response> {
    let policy = &cx.shared().policy;
    let (_, Some(host)) = policy.target(req) else {
        return None;
    };
    if policy.host_allowed(host) {
        return None;
    }
    tracing::info!(%host, path = %req.uri().path(), "request for an unknown host refused");
    Some(crate::origin::misdirected(host))
}

/// The query parameter that names the method of a form posted without
/// JavaScript (HTML forms send only GET and POST).
pub(crate) const METHOD_PARAM: &str = "_method";

/// A POST whose query names `_method=DELETE`, `PUT` or `PATCH` is
/// routed as that method, with the parameter taken out of its query: a
/// form built from a DELETE link ([`Link::form_attrs`](crate::Link))
/// reaches the DELETE route without JavaScript. Nothing else is
/// changed; the CSRF check runs on it as on any state-changing request.
pub(crate) fn method_override(req: &mut Request) {
    if req.method() == http::Method::POST
        && let Some(query) = req.uri().query()
        && query.contains(METHOD_PARAM)
    {
        let mut method = None;
        let rest: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                match pair
                    .strip_prefix(METHOD_PARAM)
                    .and_then(|v| v.strip_prefix('='))
                {
                    Some(v) => {
                        method = Some(v.to_ascii_uppercase());
                        false
                    }
                    None => true,
                }
            })
            .collect();
        let method = match method.as_deref() {
            Some("DELETE") => Some(http::Method::DELETE),
            Some("PUT") => Some(http::Method::PUT),
            Some("PATCH") => Some(http::Method::PATCH),
            _ => None,
        };
        if let Some(method) = method {
            let path = req.uri().path();
            let pq = if rest.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", rest.join("&"))
            };
            let mut parts = req.uri().clone().into_parts();
            if let Ok(pq) = pq.parse() {
                parts.path_and_query = Some(pq);
                if let Ok(uri) = http::Uri::from_parts(parts) {
                    *req.uri_mut() = uri;
                    *req.method_mut() = method;
                }
            }
        }
    }
}

/// The handler of `GET /assets/*`.
pub(crate) async fn assets<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
) -> Response {
    let found = cx.shared().assets.find(req.uri().path());
    let Some((asset, hashed)) = found else {
        return assets::status(StatusCode::NOT_FOUND);
    };
    if cx.shared().config.is_dev()
        && let Some(path) = asset.dev_path
        && let Ok(bytes) = tokio::fs::read(path).await
    {
        let mut res = Response::new(Body::from(bytes));
        assets::set(&mut res, header::CONTENT_TYPE, asset.content_type);
        assets::set(&mut res, header::CACHE_CONTROL, "no-store");
        return res;
    }
    assets::respond(asset, hashed, req)
}
