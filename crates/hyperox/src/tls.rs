//! The plain-HTTP side of an app that serves HTTPS (feature `tls`):
//! every request sent to the same address and path over HTTPS, but for
//! the answers to ACME's HTTP-01 challenges.

use crate::config::Config;
use crate::origin::Policy;
use http::{HeaderValue, StatusCode, header};
use hyperox_router::{Request, Response, Router, Server};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// HTTP-01 answers (feature `acme`): the key authorization of each
/// pending token, served under `/.well-known/acme-challenge/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Http01(Arc<RwLock<HashMap<String, String>>>);

impl Http01 {
    /// The answer for `token`, while its challenge is pending.
    fn answer(&self, token: &str) -> Option<String> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(token).cloned()
    }

    /// Answers `token` with `key_authorization`, or no more (`None`).
    #[cfg_attr(not(feature = "acme"), allow(dead_code))]
    pub(crate) fn set(&self, token: &str, key_authorization: Option<&str>) {
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        match key_authorization {
            Some(k) => map.insert(token.to_owned(), k.to_owned()),
            None => map.remove(token),
        };
    }
}

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
    http01: Http01,
) -> std::io::Result<tokio::task::JoinHandle<std::io::Result<()>>> {
    let listener = tokio::net::TcpListener::bind((config.addr.ip(), port)).await?;
    let policy = Arc::new(Policy::new(
        &config.public_origins(),
        config.addr,
        true,
        &[],
    ));
    let https_port = config.addr.port();
    let mut router = Router::with_context(move || Redirect {
        policy: policy.clone(),
        https_port,
        http01: http01.clone(),
    });
    router
        .get("/.well-known/acme-challenge/:token", challenge)
        .expect("the challenge route is valid");
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

/// What a redirect needs: the hosts served, and the HTTPS port; and the
/// pending HTTP-01 answers.
struct Redirect {
    policy: Arc<Policy>,
    https_port: u16,
    http01: Http01,
}

/// The key authorization of a pending HTTP-01 challenge (RFC 8555
/// §8.3); any other path under the prefix goes to HTTPS like the rest.
async fn challenge(cx: &mut Redirect, req: &mut Request) -> Response {
    let token = req.uri().path().rsplit('/').next().unwrap_or_default();
    match cx.http01.answer(token) {
        Some(answer) => {
            let mut res = Response::new(hyperox_router::Body::from(answer));
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            res
        }
        None => to_https(cx, req).await,
    }
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
