//! A test app around a hub, served on 127.0.0.1, and a server-sent event
//! client over hyper.

#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;
use http_body_util::BodyExt;
use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use hyperox_ws::{Hub, Sse};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};

/// The query of `/events`.
#[derive(serde::Deserialize)]
struct Events {
    room: Option<String>,
    member: Option<String>,
}

async fn home(cx: Cx<'_, Hub>) -> Page {
    Page::new(html((head(cx.head()), body(p(cx.session_id())))))
}

async fn events(cx: Cx<'_, Hub>) -> Result<Sse, Rejection> {
    let q: Events = cx.query()?;
    let hub = cx.state().clone();
    let mut sse = hub.sse(&cx);
    if let Some(room) = &q.room {
        sse = sse.room(room);
    }
    if let Some(member) = &q.member {
        sse = sse.presence(member);
    }
    Ok(sse.open().await?)
}

#[cfg(feature = "ws")]
async fn socket(mut cx: Cx<'_, Hub>) -> Result<Response, Rejection> {
    let q: Events = cx.query()?;
    let hub = cx.state().clone();
    let mut ws = hub.websocket(&mut cx);
    if let Some(room) = &q.room {
        ws = ws.room(room);
    }
    if let Some(member) = &q.member {
        ws = ws.presence(member);
    }
    ws.open()
}

/// How many times the `tick` timers of the counter page ran.
pub static TICKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cfg(feature = "ws")]
/// A page whose buttons have server-side handlers: `+` counts in the
/// session's state, the form echoes its field and its element's id,
/// `tick` starts a timer on the connection, and the server event `ping`
/// answers `pong`.
async fn counter(cx: Cx<'_, Hub>) -> Page {
    use hyperox_ws::ws;
    use std::sync::atomic::{AtomicI64, Ordering};
    let session = cx.state().ws_session(&cx);
    let plus = ws::on_click(&session, |s, _e| async move {
        let n = s.state::<AtomicI64>().fetch_add(1, Ordering::SeqCst) + 1;
        let _ = s.push(span((id("count"), n))).await;
    });
    let echo = ws::on_submit(&session, |s, e| async move {
        let text = e.value("text").unwrap_or_default();
        let from = e.source.unwrap_or_default();
        let _ = s.push(p((id("echo"), format!("{text} from {from}")))).await;
    });
    let tick = ws::on_click(&session, |s, _e| async move {
        s.every(Duration::from_millis(50), |s| async move {
            TICKS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let _ = s.push(span((id("tick"), "tick"))).await;
        });
    });
    ws::on_server_event(&session, "ping", |s, payload| async move {
        let _ = s.push(p((id("pong"), format!("pong {payload}")))).await;
    });
    Page::new(html((
        head(cx.head()),
        body(div((
            attr("hx-ws:connect", "/ws"),
            button((id("plus"), plus, "+")),
            form((id("form-x"), echo, input((name("text"), value("hi"))))),
            button((id("tick"), tick, "tick")),
        ))),
    )))
}

/// A running app: its address, its hub, and its stop switch.
pub struct Server {
    pub addr: std::net::SocketAddr,
    pub hub: Hub,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Serves an app on `hub` at a free loopback port.
    pub async fn start(hub: Hub) -> Self {
        let mut app = App::new(hub.clone());
        app.page("/", home).unwrap();
        app.page("/events", events).unwrap();
        #[cfg(feature = "ws")]
        {
            app.page("/ws", socket).unwrap();
            app.page("/counter", counter).unwrap();
        }
        app.set_config(Config {
            env: Env::Production,
            secret: Some("the realtime test key, thirty-two characters".into()),
            ..Config::default()
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(app.serve_on(listener, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            hub,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops it and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
    }

    /// A browser: the cookie of a first page load, and its session id.
    pub async fn browser(&self) -> Browser {
        let (status, headers, body) = get(self.addr, "/", &[]).await;
        assert_eq!(status, 200);
        let cookie = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
            .collect::<Vec<_>>()
            .join("; ");
        let session = body
            .split("<p>")
            .nth(1)
            .and_then(|s| s.split("</p>").next())
            .unwrap()
            .to_owned();
        Browser { cookie, session }
    }
}

/// A browser's cookie and session id.
#[derive(Debug, Clone)]
pub struct Browser {
    pub cookie: String,
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

async fn request(
    addr: std::net::SocketAddr,
    path: &str,
    headers: &[(&str, &str)],
) -> http::Response<hyper::body::Incoming> {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut send, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);
    let mut req = http::Request::builder()
        .uri(path)
        .header("host", format!("127.0.0.1:{}", addr.port()));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    send.send_request(req.body(http_body_util::Empty::<Bytes>::new()).unwrap())
        .await
        .unwrap()
}

/// One server-sent event as read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event {
    pub id: Option<String>,
    pub event: Option<String>,
    pub data: String,
    pub retry: Option<String>,
    pub comment: bool,
}

/// A server-sent event stream being read.
pub struct Stream {
    body: hyper::body::Incoming,
    buf: String,
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
            body: res.into_body(),
            buf: String::new(),
        }
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
