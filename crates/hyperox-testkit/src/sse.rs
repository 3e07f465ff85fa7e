//! A client over hyper for tests on 127.0.0.1: requests on connections of
//! their own, and server-sent event streams read event by event.

use bytes::Bytes;
use http_body_util::BodyExt;
use std::time::Duration;
use tokio::net::TcpStream;

/// A browser's cookie and session id.
#[derive(Debug, Clone)]
pub struct Browser {
    /// The `Cookie` header it sends.
    pub cookie: String,
    /// Its session id.
    pub session: String,
}

/// A GET on a connection of its own; its status, headers and body.
pub async fn get(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, http::HeaderMap, String) {
    let res = request(addr, path, headers).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// A GET on a connection of its own; the answer, its body unread.
pub async fn request(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> http::Response<hyper::body::Incoming> {
    send(addr, http::Method::GET, path, headers, Bytes::new()).await
}

/// A request with `body` on a connection of its own.
pub async fn send(
    addr: std::net::SocketAddr,
    method: http::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Bytes,
) -> http::Response<hyper::body::Incoming> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);
    let mut req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", format!("127.0.0.1:{}", addr.port()));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    sender
        .send_request(req.body(http_body_util::Full::new(body)).unwrap())
        .await
        .unwrap()
}

/// One server-sent event as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    /// Its `id:`.
    pub id: Option<String>,
    /// Its `event:` (the type).
    pub event: Option<String>,
    /// Its `data:` lines, joined with newlines.
    pub data: String,
    /// Its `retry:`.
    pub retry: Option<String>,
    /// Whether it was a comment (a heartbeat).
    pub comment: bool,
}

/// A server-sent event stream being read.
#[derive(Debug)]
pub struct Stream {
    body: hyper::body::Incoming,
    buf: String,
    /// The answer's headers.
    pub headers: http::HeaderMap,
}

impl Stream {
    /// Opens `path` as `browser` with extra `headers`.
    pub async fn open(
        addr: std::net::SocketAddr,
        path: &str,
        browser: &Browser,
        headers: &[(&str, &str)],
    ) -> Self {
        let mut all = vec![
            ("cookie", browser.cookie.as_str()),
            ("accept", "text/event-stream"),
        ];
        all.extend_from_slice(headers);
        let res = request(addr, path, &all).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/event-stream");
        Self {
            headers: res.headers().clone(),
            body: res.into_body(),
            buf: String::new(),
        }
    }

    /// The next bytes of the body as they came (a compressed stream's),
    /// within `wait`.
    pub async fn next_bytes(&mut self, wait: Duration) -> Option<Bytes> {
        let frame = tokio::time::timeout(wait, self.body.frame()).await.ok()??;
        frame.ok()?.into_data().ok()
    }

    /// The next event (comments included), within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut ev = Event::default();
                let mut data = Vec::new();
                for line in block.lines() {
                    if line.starts_with(':') {
                        ev.comment = true;
                    } else if let Some((field, value)) = line.split_once(':') {
                        let value = value.strip_prefix(' ').unwrap_or(value).to_owned();
                        match field {
                            "id" => ev.id = Some(value),
                            "event" => ev.event = Some(value),
                            "data" => data.push(value),
                            "retry" => ev.retry = Some(value),
                            _ => {}
                        }
                    }
                }
                ev.data = data.join("\n");
                return Some(ev);
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??;
            let frame = frame.ok()?;
            if let Some(bytes) = frame.data_ref() {
                self.buf.push_str(&String::from_utf8_lossy(bytes));
            }
        }
    }

    /// The next event that is not a comment, within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let ev = self.next_within(left).await?;
            if !ev.comment && (ev.event.is_some() || !ev.data.is_empty() || ev.id.is_some()) {
                return Some(ev);
            }
        }
    }
}

/// Waits until `check` holds, up to `wait`.
pub async fn eventually(wait: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    while tokio::time::Instant::now() < deadline {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    check()
}
