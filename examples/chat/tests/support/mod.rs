//! The chat served on 127.0.0.1 for tests, and browsers that talk to it
//! over real sockets.

#![allow(dead_code, unreachable_pub)]

pub use hyperox_testkit::sse as sse_client;
pub use hyperox_testkit::sse::{Event, Stream};

use bytes::Bytes;
use chat::store::Store;
use http_body_util::BodyExt;
use hyperox::{Config, Env};
use hyperox_ws::{Hub, HubConfig};
use std::net::SocketAddr;
use std::time::Duration;

/// How long a test waits for what should come at once.
pub const WAIT: Duration = Duration::from_secs(5);

/// A running chat.
pub struct Server {
    pub addr: SocketAddr,
    pub hub: Hub,
    served: hyperox_testkit::Served,
}

impl Server {
    /// The chat on `store`, live messages within this process.
    pub async fn start(store: Store) -> Self {
        Self::start_with(store, Hub::new(HubConfig::default())).await
    }

    /// The chat on `store` and `hub` at a free loopback port. Every
    /// instance of a test shares the key, as a deployment's do.
    pub async fn start_with(store: Store, hub: Hub) -> Self {
        let mut app = chat::app_with(store, hub.clone()).unwrap();
        app.set_config(Config {
            env: Env::Production,
            secret: Some("the chat test key, at least thirty-two characters".into()),
            ..Config::default()
        });
        let served =
            hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
        Self {
            addr: served.addr,
            hub,
            served,
        }
    }

    /// Stops it and waits until it has.
    pub async fn stop(self) {
        self.served.stop().await;
    }
}

/// An answer: its status, headers and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: String,
}

impl Answer {
    /// Its `Location`.
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A browser: its cookies (kept across requests) and the page's CSRF
/// token.
#[derive(Debug, Clone, Default)]
pub struct Browser {
    cookies: Vec<(String, String)>,
    csrf: String,
}

impl Browser {
    /// A browser that loaded the front page of `addr`.
    pub async fn new(addr: SocketAddr) -> Self {
        let mut b = Self::default();
        let page = b.get(addr, "/").await;
        assert_eq!(page.status, 200);
        b
    }

    /// A browser that chose `name` on `addr`.
    pub async fn named(addr: SocketAddr, name: &str) -> Self {
        let mut b = Self::new(addr).await;
        let set = b
            .post(
                addr,
                "/_partials/name",
                &[("name", name), ("next", "/")],
                false,
            )
            .await;
        assert_eq!((set.status, set.location()), (303, "/"));
        b
    }

    /// Its cookies, as a `Cookie` header.
    pub fn cookie(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The value of its cookie `name`.
    pub fn cookie_value(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Forgets the page's CSRF token (its posts are then forged).
    pub fn forget_token(&mut self) {
        self.csrf.clear();
    }

    fn keep(&mut self, headers: &http::HeaderMap) {
        for v in headers.get_all("set-cookie") {
            let pair = v.to_str().unwrap().split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(name, _)| name != k);
            if !val.is_empty() {
                self.cookies.push((k.to_owned(), val.to_owned()));
            }
        }
    }

    async fn answer(&mut self, res: http::Response<hyper::body::Incoming>) -> Answer {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        self.keep(&headers);
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&body).into_owned();
        if let Some(token) = body
            .split("<meta name=\"csrf-token\" content=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
        {
            self.csrf = token.to_owned();
        }
        Answer {
            status,
            headers,
            body,
        }
    }

    /// A page load.
    pub async fn get(&mut self, addr: SocketAddr, path: &str) -> Answer {
        let cookie = self.cookie();
        let res = sse_client::request(addr, path, &[("cookie", &cookie)]).await;
        self.answer(res).await
    }

    /// A form posted to `path`, as htmx sends it when `htmx`.
    pub async fn post(
        &mut self,
        addr: SocketAddr,
        path: &str,
        form: &[(&str, &str)],
        htmx: bool,
    ) -> Answer {
        let cookie = self.cookie();
        let body = serde_urlencoded::to_string(form).unwrap();
        let mut headers = vec![
            ("cookie", cookie.as_str()),
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-csrf-token", self.csrf.as_str()),
        ];
        if htmx {
            headers.push(("hx-request", "true"));
        }
        let res =
            sse_client::send(addr, http::Method::POST, path, &headers, Bytes::from(body)).await;
        self.answer(res).await
    }

    /// Sends `body` to `room` from the room page (as htmx does when
    /// `htmx`, else as a plain form).
    pub async fn say(&mut self, addr: SocketAddr, room: &str, body: &str, htmx: bool) -> Answer {
        let path = format!("/_partials/rooms/{room}/send");
        self.post(addr, &path, &[("body", body)], htmx).await
    }

    /// The stream of `room`, resuming after `last_event_id`.
    pub async fn stream(
        &self,
        addr: SocketAddr,
        room: &str,
        last_event_id: Option<&str>,
    ) -> Stream {
        let browser = sse_client::Browser {
            cookie: self.cookie(),
            session: String::new(),
        };
        let mut headers = Vec::new();
        if let Some(id) = last_event_id {
            headers.push(("last-event-id", id));
        }
        Stream::open(
            addr,
            &format!("/_partials/rooms/{room}/events"),
            &browser,
            &headers,
        )
        .await
    }
}

/// Waits until `check` holds, up to `wait`.
pub async fn eventually_async<F: Future<Output = bool>>(
    wait: Duration,
    mut check: impl FnMut() -> F,
) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    check().await
}

/// The next event of `stream` that is not a presence change.
pub async fn next_message(stream: &mut Stream) -> Option<Event> {
    loop {
        let ev = stream.next(WAIT).await?;
        if ev.event.as_deref() != Some(chat::PRESENCE) {
            return Some(ev);
        }
    }
}
