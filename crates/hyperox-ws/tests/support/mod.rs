//! A test app around a hub, served on 127.0.0.1, and the test kit's
//! server-sent event client.

#![allow(dead_code, unreachable_pub)]

use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use hyperox_ws::{Hub, Sse};
use std::time::Duration;

pub use hyperox_testkit::sse::*;

/// The query of `/events`.
#[derive(serde::Deserialize)]
struct Events {
    room: Option<String>,
    member: Option<String>,
    #[serde(default)]
    gzip: bool,
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
    if q.gzip {
        sse = sse.compress();
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

#[cfg(feature = "ws")]
/// A raw socket: `push` pushes HTML to its session (which reaches it as
/// text), `end` returns, anything else comes back.
async fn raw(mut cx: Cx<'_, Hub>) -> Result<Response, Rejection> {
    use hyperox_ws::raw::Msg;
    let hub = cx.state().clone();
    hub.websocket(&mut cx).raw(|mut socket| async move {
        while let Some(msg) = socket.recv().await {
            if msg == Msg::from("end") {
                return;
            }
            if msg == Msg::from("push") {
                let _ = socket.session().push(p("pushed")).await;
            } else if socket.send(msg).await.is_err() {
                return;
            }
        }
    })
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
    served: hyperox_testkit::Served,
}

impl Server {
    /// Serves an app on `hub` at a free loopback port, in production.
    pub async fn start(hub: Hub) -> Self {
        Self::start_in(hub, Env::Production).await
    }

    /// Serves an app on `hub` at a free loopback port, in `env`.
    pub async fn start_in(hub: Hub, env: Env) -> Self {
        let mut app = App::new(hub.clone());
        app.page("/", home).unwrap();
        app.page("/events", events).unwrap();
        #[cfg(feature = "ws")]
        {
            app.page("/ws", socket).unwrap();
            app.page("/counter", counter).unwrap();
            app.page("/raw", raw).unwrap();
        }
        app.set_config(Config {
            env,
            secret: Some("the realtime test key, thirty-two characters".into()),
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
