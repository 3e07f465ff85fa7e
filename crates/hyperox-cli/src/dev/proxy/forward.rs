//! Requests passed on to the app process serving now, and its answers
//! passed back (with the supervisor's events on its streams); the error
//! page while none serves.

use super::events::with_dev_events;
use super::{Body, BoxError, Upstream, full};
use crate::dev::Shared;
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyperox_html::dev::{BUILD_HEADER, LIVERELOAD_PATH};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// The address of the app serving now, waiting (up to `wait`) while there
/// is none or while it is `stale`.
async fn upstream(
    shared: &Shared,
    stale: Option<SocketAddr>,
    wait: Duration,
) -> Option<SocketAddr> {
    let mut rx = shared.upstream.subscribe();
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let now = *rx.borrow_and_update();
        if now.is_some() && now != stale {
            return now;
        }
        if tokio::time::timeout_at(deadline, rx.changed())
            .await
            .is_err()
        {
            return None;
        }
    }
}

/// Hop-by-hop headers, which a proxy does not pass on.
const HOP: &[header::HeaderName] = &[
    header::CONNECTION,
    header::TRANSFER_ENCODING,
    header::TE,
    header::TRAILER,
    header::UPGRADE,
    header::PROXY_AUTHORIZATION,
    header::PROXY_AUTHENTICATE,
];

pub(super) async fn forward(
    req: Request<Incoming>,
    shared: &Shared,
    client: &Upstream,
) -> Response<Body> {
    let (parts, body) = req.into_parts();
    // Development requests are small: buffered, a request can be sent
    // again to the next process when the one it reached goes away.
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return full(
                StatusCode::BAD_REQUEST,
                "text/plain; charset=utf-8",
                e.to_string(),
            );
        }
    };
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let mut stale = None;
    for _ in 0..3 {
        let wait = if shared.error.lock().expect("error lock").is_some() {
            Duration::from_millis(0)
        } else {
            Duration::from_secs(120)
        };
        let Some(addr) = upstream(shared, stale, wait).await else {
            return error_page(shared);
        };
        let mut out = Request::new(Full::new(body.clone()));
        *out.method_mut() = parts.method.clone();
        *out.uri_mut() = match format!("http://{addr}{target}").parse() {
            Ok(u) => u,
            Err(_) => {
                return full(
                    StatusCode::BAD_REQUEST,
                    "text/plain; charset=utf-8",
                    "bad request target",
                );
            }
        };
        *out.headers_mut() = parts.headers.clone();
        for h in HOP {
            out.headers_mut().remove(h);
        }
        // Identity bodies, so that pages can be read on the way back.
        out.headers_mut().remove(header::ACCEPT_ENCODING);
        let generation = shared.generation.load(Ordering::SeqCst);
        match client.request(out).await {
            Ok(res) => return answer(res, generation, shared).await,
            Err(e) if e.is_connect() => stale = Some(addr),
            Err(e) => {
                return full(
                    StatusCode::BAD_GATEWAY,
                    "text/plain; charset=utf-8",
                    format!("the app failed to answer: {e}"),
                );
            }
        }
    }
    full(
        StatusCode::BAD_GATEWAY,
        "text/plain; charset=utf-8",
        "the app is not answering",
    )
}

/// The app's answer, passed on (with `X-Hyperox-Build: failed` while the
/// source does not compile); a page gets its process generation on the
/// live-reload URL, so that a page served by a process since replaced
/// reloads as soon as it connects, and the app's own event streams carry
/// the supervisor's events too (a page with a stream opens no second one).
async fn answer(res: Response<Incoming>, generation: u64, shared: &Shared) -> Response<Body> {
    let (mut parts, body) = res.into_parts();
    for h in HOP {
        parts.headers.remove(h);
    }
    // The last good build answers while the source does not compile: say
    // so to clients that do not show the overlay (curl, tests).
    if shared.error.lock().expect("error lock").is_some() {
        parts
            .headers
            .insert(BUILD_HEADER, HeaderValue::from_static("failed"));
    }
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/event-stream") {
        let merged = with_dev_events(body.map_err(BoxError::from).boxed(), shared);
        return Response::from_parts(parts, merged);
    }
    let html = content_type.starts_with("text/html");
    if !html {
        return Response::from_parts(parts, body.map_err(BoxError::from).boxed());
    }
    let bytes = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return full(
                StatusCode::BAD_GATEWAY,
                "text/plain; charset=utf-8",
                e.to_string(),
            );
        }
    };
    let text = String::from_utf8_lossy(&bytes).replace(
        &format!("\"{LIVERELOAD_PATH}\""),
        &format!("\"{LIVERELOAD_PATH}?gen={generation}\""),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(
        parts,
        Full::new(Bytes::from(text)).map_err(|e| match e {}).boxed(),
    )
}

/// What the browser sees while no build has ever succeeded: the error,
/// and a stream that reloads it once one does.
fn error_page(shared: &Shared) -> Response<Body> {
    let error = shared
        .error
        .lock()
        .expect("error lock")
        .clone()
        .unwrap_or_else(|| "The app is not running yet.".into());
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head>\
         <body style=\"margin:0;background:#1e1e2e;color:#f5e0dc;font:14px/1.5 ui-monospace,monospace\">\
         <div style=\"padding:24px\"><h1 style=\"font-size:18px;color:#f38ba8\">hyperox dev: the build failed</h1>\
         <pre style=\"white-space:pre-wrap\">{escaped}</pre></div>\
         <script>new EventSource(\"{LIVERELOAD_PATH}\").addEventListener(\"reload\", function () {{ location.reload(); }});</script>\
         </body></html>"
    );
    full(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        page,
    )
}
