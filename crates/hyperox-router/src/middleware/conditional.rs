//! Conditional requests (RFC 9110 §13): whether a GET may be answered
//! with 304 Not Modified, and that answer made from a full one.

use crate::body::Body;
use crate::response::Response;
use http::{HeaderMap, StatusCode, header};
use std::time::{SystemTime, UNIX_EPOCH};

/// Whether a conditional GET may be answered with 304: `If-None-Match`
/// lists `etag` (weakly compared, or `*`), or, without it,
/// `If-Modified-Since` is not before `modified` (to the second).
///
/// # Example
///
/// ```
/// use hyperox_router::http::HeaderMap;
/// use hyperox_router::middleware::not_modified;
///
/// let mut h = HeaderMap::new();
/// h.insert("if-none-match", r#"W/"a1", "b2""#.parse().unwrap());
/// assert!(not_modified(&h, r#""a1""#, None));
/// assert!(!not_modified(&h, r#""c3""#, None));
/// ```
pub fn not_modified(headers: &HeaderMap, etag: &str, modified: Option<SystemTime>) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        return inm
            .split(',')
            .map(str::trim)
            .any(|t| t == "*" || t == etag || t.strip_prefix("W/") == Some(etag));
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match (since, modified) {
        (Some(since), Some(modified)) => {
            let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            secs(modified) <= secs(since)
        }
        _ => false,
    }
}

/// Turns `res` into a 304 Not Modified: no body, and none of the
/// representation's metadata (`Content-Type`, `Content-Length`,
/// `Content-Encoding`, `Content-Language`, `Content-Range`), which RFC
/// 9110 §15.4.5 leaves out of a 304; its validators and caching fields
/// (`ETag`, `Last-Modified`, `Cache-Control`, `Expires`, `Vary`) stay.
///
/// # Example
///
/// ```
/// use hyperox_router::{Body, Response};
/// use hyperox_router::middleware::into_not_modified;
///
/// let mut res = Response::new(Body::from("<p>hi</p>"));
/// res.headers_mut().insert("content-type", "text/html".parse().unwrap());
/// res.headers_mut().insert("etag", "\"1\"".parse().unwrap());
/// into_not_modified(&mut res);
/// assert_eq!(res.status(), 304);
/// assert!(res.headers().get("content-type").is_none());
/// assert_eq!(res.headers()["etag"], "\"1\"");
/// ```
pub fn into_not_modified(res: &mut Response) {
    *res.status_mut() = StatusCode::NOT_MODIFIED;
    *res.body_mut() = Body::empty();
    let h = res.headers_mut();
    for name in [
        header::CONTENT_TYPE,
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::CONTENT_LANGUAGE,
        header::CONTENT_RANGE,
    ] {
        h.remove(name);
    }
}
