//! The supervisor's HTTP side: the live-reload stream, the stylesheet, and
//! every other request proxied to the app process serving now.

use super::{Event, Shared};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = BoxBody<Bytes, BoxError>;
type Upstream = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

/// The path pages listen on (the app's `cx.head()` points there).
const LIVERELOAD: &str = "/_hyperox/livereload";

/// Accepts connections until the process ends.
pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let client: Upstream = Client::builder(TokioExecutor::new()).build_http();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let shared = shared.clone();
        let client = client.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                let shared = shared.clone();
                let client = client.clone();
                async move { Ok::<_, Infallible>(handle(req, &shared, &client).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn full(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut res = Response::new(Full::new(body.into()).map_err(|e| match e {}).boxed());
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn handle(req: Request<Incoming>, shared: &Shared, client: &Upstream) -> Response<Body> {
    let path = req.uri().path();
    if path == LIVERELOAD {
        let generation = req
            .uri()
            .query()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("gen=")))
            .and_then(|g| g.parse().ok());
        return events(shared, generation);
    }
    if path.starts_with("/assets/styles.") && path.ends_with(".css") {
        let css = shared.css.lock().expect("css lock").0.clone();
        if let Some(css) = css {
            return full(StatusCode::OK, "text/css; charset=utf-8", css);
        }
    }
    forward(req, shared, client).await
}

/// The live-reload stream of one tab: a stable id, the current build error
/// (if any), then every event, with a comment every 15 s.
fn events(shared: &Shared, page_generation: Option<u64>) -> Response<Body> {
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let mut sub = shared.events.subscribe();
    let mut first = format!("retry: 500\ndata: supervisor-{}\n\n", std::process::id());
    let now = shared.generation.load(Ordering::SeqCst);
    if page_generation.is_some_and(|g| g != now) {
        // The page came from a process that has since been replaced.
        first.push_str("event: reload\ndata: \n\n");
    }
    if let Some(error) = shared.error.lock().expect("error lock").clone() {
        first.push_str(&sse("build-error", &error));
    }
    tokio::spawn(async move {
        if tx.send(Bytes::from(first)).await.is_err() {
            return;
        }
        let mut beat = tokio::time::interval(Duration::from_secs(15));
        beat.tick().await;
        loop {
            let chunk = tokio::select! {
                event = sub.recv() => match event {
                    Ok(Event::Building) => sse("building", ""),
                    Ok(Event::Reload) => sse("reload", ""),
                    Ok(Event::Css(v)) => sse("css", &v.to_string()),
                    Ok(Event::BuildError(text)) => sse("build-error", &text),
                    Ok(Event::BuildOk) => sse("build-ok", ""),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => sse("reload", ""),
                    Err(_) => return,
                },
                _ = beat.tick() => ":\n\n".to_owned(),
            };
            if tx.send(Bytes::from(chunk)).await.is_err() {
                return;
            }
        }
    });
    let mut res = Response::new(Channel(rx).boxed());
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The supervisor's event as the app's streams carry it: named under
/// `hyperox:`, apart from the app's own.
fn dev_event(event: &Event) -> String {
    match event {
        Event::Building => sse("hyperox:building", ""),
        Event::Reload => sse("hyperox:reload", ""),
        Event::Css(v) => sse("hyperox:css", &v.to_string()),
        Event::BuildError(text) => sse("hyperox:build-error", text),
        Event::BuildOk => sse("hyperox:build-ok", ""),
    }
}

/// `upstream` (an app's event stream) with the supervisor's events put in
/// between its events, never inside one; the build error standing now
/// first. It ends when the app's stream does.
fn with_dev_events(mut upstream: Body, shared: &Shared) -> Body {
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let mut sub = shared.events.subscribe();
    let standing = shared.error.lock().expect("error lock").clone();
    tokio::spawn(async move {
        // Whether what was passed on so far ends between two events.
        let mut between = true;
        let mut supervised = true;
        let mut held: Vec<String> = standing
            .map(|e| dev_event(&Event::BuildError(e)))
            .into_iter()
            .collect();
        loop {
            if between && !held.is_empty() {
                let chunk = Bytes::from(held.concat());
                held.clear();
                if tx.send(chunk).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                frame = upstream.frame() => match frame {
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            if data.is_empty() {
                                continue;
                            }
                            between = data.ends_with(b"\n\n") || data.ends_with(b"\r\n\r\n");
                            if tx.send(data).await.is_err() {
                                return;
                            }
                        }
                    }
                    Some(Err(_)) | None => return,
                },
                event = sub.recv(), if supervised => match event {
                    Ok(event) => held.push(dev_event(&event)),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        held.push(dev_event(&Event::Reload));
                    }
                    // The supervisor is going: the app's stream goes on.
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => supervised = false,
                },
            }
        }
    });
    Channel(rx).boxed()
}

/// One server-sent event; each line of `data` on a `data:` line.
fn sse(event: &str, data: &str) -> String {
    let plain = super::cargo::strip_ansi(data);
    let mut out = format!("event: {event}\n");
    for line in plain.split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

/// A streamed body fed by a channel.
struct Channel(mpsc::Receiver<Bytes>);

impl hyper::body::Body for Channel {
    type Data = Bytes;
    type Error = BoxError;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.0.poll_recv(cx).map(|c| c.map(|b| Ok(Frame::data(b))))
    }
}

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

async fn forward(req: Request<Incoming>, shared: &Shared, client: &Upstream) -> Response<Body> {
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
            .insert("x-hyperox-build", HeaderValue::from_static("failed"));
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
        &format!("\"{LIVERELOAD}\""),
        &format!("\"{LIVERELOAD}?gen={generation}\""),
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
        .map(|e| super::cargo::strip_ansi(&e))
        .unwrap_or_else(|| "The app is not running yet.".to_owned());
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head>\
         <body style=\"margin:0;background:#1e1e2e;color:#f5e0dc;font:14px/1.5 ui-monospace,monospace\">\
         <div style=\"padding:24px\"><h1 style=\"font-size:18px;color:#f38ba8\">hyperox dev: the build failed</h1>\
         <pre style=\"white-space:pre-wrap\">{escaped}</pre></div>\
         <script>new EventSource(\"{LIVERELOAD}\").addEventListener(\"reload\", function () {{ location.reload(); }});</script>\
         </body></html>"
    );
    full(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/html; charset=utf-8",
        page,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn shared(error: Option<&str>) -> Shared {
        Shared {
            upstream: tokio::sync::watch::channel(None).0,
            events: tokio::sync::broadcast::channel(8).0,
            generation: std::sync::atomic::AtomicU64::new(0),
            error: Mutex::new(error.map(Arc::from)),
            css: Mutex::new((None, 0)),
        }
    }

    /// Reads `body` until it has `n` chunks or ends.
    async fn read(body: &mut Body, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        while out.len() < n {
            let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
                .await
                .expect("a chunk in time");
            match frame {
                Some(Ok(f)) => {
                    out.push(String::from_utf8(f.into_data().unwrap().to_vec()).unwrap())
                }
                _ => break,
            }
        }
        out
    }

    #[tokio::test]
    async fn an_apps_stream_carries_the_supervisors_events_between_its_own() {
        let shared = shared(Some("error: it broke"));
        let (app, app_rx) = mpsc::channel::<Bytes>(8);
        let mut body = with_dev_events(Channel(app_rx).boxed(), &shared);
        // The standing build error comes first.
        assert_eq!(
            read(&mut body, 1).await,
            ["event: hyperox:build-error\ndata: error: it broke\n\n"]
        );
        // Half an event from the app: the supervisor's waits for its end.
        app.send(Bytes::from_static(b"event: chat\ndata: one"))
            .await
            .unwrap();
        assert_eq!(read(&mut body, 1).await, ["event: chat\ndata: one"]);
        shared.events.send(Event::Css(7)).unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        app.send(Bytes::from_static(b"\n\n")).await.unwrap();
        assert_eq!(
            read(&mut body, 2).await,
            ["\n\n", "event: hyperox:css\ndata: 7\n\n"]
        );
        shared.events.send(Event::Reload).unwrap();
        assert_eq!(
            read(&mut body, 1).await,
            ["event: hyperox:reload\ndata: \n\n"]
        );
        // The app's stream ends: so does the page's.
        drop(app);
        assert!(read(&mut body, 1).await.is_empty());
    }

    #[tokio::test]
    async fn an_apps_stream_outlives_the_supervisors_events() {
        let shared = shared(None);
        let (app, app_rx) = mpsc::channel::<Bytes>(8);
        let mut body = with_dev_events(Channel(app_rx).boxed(), &shared);
        drop(shared);
        app.send(Bytes::from_static(b"data: still here\n\n"))
            .await
            .unwrap();
        assert_eq!(read(&mut body, 1).await, ["data: still here\n\n"]);
    }
}
