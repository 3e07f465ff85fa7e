//! The supervisor's HTTP side: the live-reload stream and the supervisor's
//! events on the app's own streams (`events.rs`), the stylesheet, and
//! every other request proxied to the app process serving now
//! (`forward.rs`).

mod events;
mod forward;

use super::Shared;
use bytes::Bytes;
use events::events;
use forward::forward;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyperox_html::dev::LIVERELOAD_PATH;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = BoxBody<Bytes, BoxError>;
type Upstream = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

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
    if path == LIVERELOAD_PATH {
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
