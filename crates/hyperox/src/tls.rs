//! The plain-HTTP side of an app that serves HTTPS (feature `tls`):
//! every request sent to the same address and path over HTTPS.

use crate::config::Config;
use crate::origin::Policy;
use http::{HeaderValue, StatusCode, header};
use hyperox_router::{Request, Response, Router, Server};
use std::sync::Arc;

/// Binds `HOST:port` and serves redirects to the HTTPS server on
/// `config.addr` until `stopping` turns true; the serving task.
///
/// # Errors
///
/// The port cannot be bound.
pub(crate) async fn redirect_listener(
    config: &Config,
    port: u16,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<tokio::task::JoinHandle<std::io::Result<()>>> {
    let listener = tokio::net::TcpListener::bind((config.addr.ip(), port)).await?;
    let policy = Arc::new(Policy::new(&config.origins, config.addr, true, &[]));
    let https_port = config.addr.port();
    let mut router = Router::with_context(move || Redirect {
        policy: policy.clone(),
        https_port,
    });
    router.not_found(to_https);
    let service = router.into_service();
    eprintln!(
        "hyperox: plain HTTP on http://{} redirects to HTTPS",
        listener.local_addr()?
    );
    Ok(tokio::spawn(async move {
        Server::new()
            .serve(listener, service, async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            })
            .await
    }))
}

/// What a redirect needs: the hosts served, and the HTTPS port.
struct Redirect {
    policy: Arc<Policy>,
    https_port: u16,
}

/// `308 Permanent Redirect` to the same host and path over HTTPS (308
/// keeps the method and body of a form posted to the old address); a
/// host the app does not serve gets 421.
async fn to_https(cx: &mut Redirect, req: &mut Request) -> Response {
    let Some(host) = crate::origin::request_host(req).map(str::to_owned) else {
        let mut res = Response::new(hyperox_router::Body::from("a request needs a Host"));
        *res.status_mut() = StatusCode::BAD_REQUEST;
        return res;
    };
    if !cx.policy.host_allowed(&host) {
        return crate::origin::misdirected(&host);
    }
    // The name without its port (a bracketed IPv6 address keeps its
    // brackets), then the HTTPS port unless it is 443.
    let name = match host.rfind(':') {
        Some(i) if !host[i..].contains(']') => &host[..i],
        _ => host.as_str(),
    };
    let port = if cx.https_port == 443 {
        String::new()
    } else {
        format!(":{}", cx.https_port)
    };
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let mut res = Response::new(hyperox_router::Body::empty());
    *res.status_mut() = StatusCode::PERMANENT_REDIRECT;
    match HeaderValue::try_from(format!("https://{name}{port}{path}")) {
        Ok(to) => {
            res.headers_mut().insert(header::LOCATION, to);
        }
        Err(_) => *res.status_mut() = StatusCode::BAD_REQUEST,
    }
    res
}
