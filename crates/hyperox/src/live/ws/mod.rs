//! Websockets for htmx's `hx-ws` extension: HTML pushed to a session, a
//! room or everyone; server-side handlers bound to client events, called
//! with the event's values; server events delivered to the handlers of the
//! session they target and of no other; timers tied to a connection; and
//! per-session state, evicted a while after the session's last connection
//! closes.
//!
//! ```
//! use hyperox::prelude::*;
//! use hyperox::live::{Hub, ws};
//! use std::sync::atomic::{AtomicI64, Ordering};
//!
//! async fn page(cx: Cx<'_, Hub>) -> Page {
//!     let session = cx.state().ws_session(&cx);
//!     let plus = ws::on_click(&session, |s, _event| async move {
//!         let n = s.state::<AtomicI64>().fetch_add(1, Ordering::Relaxed) + 1;
//!         let _ = s.push(span((id("n"), htmx::swap_oob(htmx::OobSwap::same_id()), n))).await;
//!     });
//!     Page::new(html((head(cx.head()), body(div((
//!         htmx::ws_connect("/ws"),
//!         span((id("n"), 0)),
//!         button((plus, "+")),
//!     ))))))
//! }
//!
//! async fn socket(mut cx: Cx<'_, Hub>) -> Result<Response, Rejection> {
//!     let hub = cx.state().clone();
//!     hub.websocket(&mut cx).open()
//! }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mut app = hyperox::App::new(Hub::new(Default::default()));
//! app.page("/", page).unwrap();
//! app.page("/ws", socket).unwrap();
//! # });
//! ```

use crate::html::Node;
use crate::html::htmx;
use crate::live::hub::{Hub, Inner, Presence, Subscription};
use crate::live::message::Frame;
use crate::live::read_watch::{Expired, ReadClock, Watched};
use crate::router::{Body, Response};
use crate::{Cx, Rejection};
use futures_util::{SinkExt, StreamExt};
use http::{HeaderValue, StatusCode, header};
pub use session::Session;
use session::SessionState;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message as WsMessage, Utf8Bytes};

pub mod raw;
mod session;

/// The value name that carries a handler's id in what the client sends.
const HANDLER: &str = "hx-handler";

/// Bytes a connection reads at a time, and the largest message it takes.
const READ_BUFFER: usize = 2048;
const MAX_MESSAGE: usize = 64 * 1024;

type BoxFut = Pin<Box<dyn Future<Output = ()> + Send>>;
type Handler = Arc<dyn Fn(Session, Event) -> BoxFut + Send + Sync>;
type ServerHandler = Arc<dyn Fn(Session, serde_json::Value) -> BoxFut + Send + Sync>;

/// A client event, as a handler gets it.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// The id of the element it came from (from htmx's `HX-Source`), if
    /// it has one.
    pub source: Option<String>,
    /// The values sent: the element's form fields and `hx-vals`.
    pub values: serde_json::Map<String, serde_json::Value>,
    /// The request headers htmx sent with it (`HX-Current-URL`, ...).
    pub headers: serde_json::Map<String, serde_json::Value>,
}

impl Event {
    /// The value `name` as text (a string, or a number or boolean written
    /// out).
    pub fn value(&self, name: &str) -> Option<String> {
        match self.values.get(name)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    fn parse(text: &str) -> Option<(String, Self)> {
        let serde_json::Value::Object(mut values) = serde_json::from_str(text).ok()? else {
            return None;
        };
        let handler = match values.remove(HANDLER)? {
            serde_json::Value::String(s) => s,
            _ => return None,
        };
        let headers = match values.remove("headers") {
            Some(serde_json::Value::Object(h)) => h,
            _ => serde_json::Map::new(),
        };
        let source = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("hx-source"))
            .and_then(|(_, v)| v.as_str())
            .and_then(|s| s.split_once('#'))
            .map(|(_, id)| id.to_owned())
            .filter(|id| !id.is_empty());
        Some((
            handler,
            Self {
                source,
                values,
                headers,
            },
        ))
    }
}

impl Hub {
    /// The websocket session of the browser `cx` comes from
    /// ([`Cx::session_id`]), made if new: register its handlers while
    /// rendering the page that connects.
    pub fn ws_session<S: Send + Sync + 'static>(&self, cx: &Cx<'_, S>) -> Session {
        let sessions = session::of(&self.inner);
        sessions.start_sweeper(&self.inner);
        let state = sessions.get_or_make(&cx.session_id());
        Session {
            state,
            hub: self.clone(),
            closed: None,
        }
    }

    /// The websocket session `id` (a [`Cx::session_id`]), made if new.
    pub fn ws_session_by_id(&self, id: &str) -> Session {
        session::of(&self.inner).start_sweeper(&self.inner);
        Session {
            state: session::of(&self.inner).get_or_make(id),
            hub: self.clone(),
            closed: None,
        }
    }

    /// A websocket for the request `cx` (a GET with `Upgrade:
    /// websocket` from a page of this site), for its browser session.
    pub fn websocket<S: Send + Sync + 'static>(&self, cx: &mut Cx<'_, S>) -> WsBuilder {
        let upgrade = handshake(cx);
        WsBuilder {
            hub: self.clone(),
            session: cx.session_id(),
            page: cx.page_id().to_owned(),
            upgrade,
            room: None,
            member: None,
            shutdown: cx.shutdown_signal(),
        }
    }
}

/// A websocket to open, made by [`Hub::websocket`].
pub struct WsBuilder {
    hub: Hub,
    session: String,
    page: String,
    upgrade: Result<(String, hyper::upgrade::OnUpgrade), Rejection>,
    room: Option<String>,
    member: Option<String>,
    shutdown: watch::Receiver<bool>,
}

impl fmt::Debug for WsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WsBuilder")
            .field("room", &self.room)
            .finish_non_exhaustive()
    }
}

impl WsBuilder {
    /// Subscribes to room `name` too.
    pub fn room(mut self, name: &str) -> Self {
        self.room = Some(name.to_owned());
        self
    }

    /// Counts the connection as `member` of its room while it is open.
    pub fn presence(mut self, member: &str) -> Self {
        self.member = Some(member.to_owned());
        self
    }

    /// The `101 Switching Protocols` answer; the connection runs on its
    /// own task from then on.
    ///
    /// # Errors
    ///
    /// 400 for a request that is not a websocket handshake, 403 for one
    /// from another site.
    pub fn open(self) -> Result<Response, Rejection> {
        self.accept(Reader::Htmx, None)
    }

    /// The `101 Switching Protocols` answer for a socket the app reads
    /// and writes itself ([`raw::Socket`]): `f` runs
    /// on the connection's task with the socket, and the connection
    /// closes with 1000 when it returns. Pushes to the socket's session
    /// (and to its room, with [`room`](Self::room)) reach it as text
    /// messages; the limits, timeouts, pings and close handshake are
    /// those of every socket.
    ///
    /// # Errors
    ///
    /// 400 for a request that is not a websocket handshake, 403 for one
    /// from another site.
    pub fn raw<F, Fut>(self, f: F) -> Result<Response, Rejection>
    where
        F: FnOnce(raw::Socket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let (in_tx, in_rx) = mpsc::channel(raw::QUEUE);
        let (out_tx, out_rx) = mpsc::channel(raw::QUEUE);
        let queue = out_tx.clone();
        let app = move |session: Session| -> BoxFut {
            Box::pin(f(raw::Socket {
                incoming: in_rx,
                outgoing: out_tx,
                session,
            }))
        };
        self.accept(Reader::Raw(in_tx), Some((out_rx, queue, Box::new(app))))
    }

    fn accept(self, reader: Reader, app: Option<App>) -> Result<Response, Rejection> {
        let (accept, on_upgrade) = self.upgrade?;
        let inner = self.hub.inner.clone();
        let sessions = session::of(&inner);
        sessions.start_sweeper(&inner);
        let state = sessions.get_or_make(&self.session);
        let sub = Subscription {
            id: inner.next_id(),
            session: self.session,
            page: self.page,
            room: self.room,
            member: self.member,
        };
        let shutdown = self.shutdown;
        tokio::spawn(async move {
            let upgraded = match on_upgrade.await {
                Ok(u) => u,
                Err(e) => {
                    tracing::debug!("websocket upgrade failed: {e}");
                    return;
                }
            };
            let config = WebSocketConfig::default()
                .read_buffer_size(READ_BUFFER)
                .write_buffer_size(0)
                .max_write_buffer_size(MAX_MESSAGE * 16)
                .max_message_size(Some(MAX_MESSAGE))
                .max_frame_size(Some(MAX_MESSAGE));
            let clock = ReadClock::new();
            let ws = WebSocketStream::from_raw_socket(
                Watched::new(hyper_util::rt::TokioIo::new(upgraded), clock.clone()),
                Role::Server,
                Some(config),
            )
            .await;
            let conn = Conn {
                inner,
                state,
                sub,
                clock,
                shutdown,
            };
            run(conn, ws, reader, app).await;
        });
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let h = res.headers_mut();
        h.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
        h.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        h.insert(
            header::SEC_WEBSOCKET_ACCEPT,
            HeaderValue::try_from(accept).expect("base64 is valid header text"),
        );
        Ok(res)
    }
}

/// What a connection does with the messages it reads.
enum Reader {
    /// htmx's `hx-ws`: JSON events run the session's handlers.
    Htmx,
    /// An app's own: each text or binary message goes to its socket.
    Raw(mpsc::Sender<raw::Msg>),
}

/// A raw socket's outgoing queue (its two ends: the writer's, and the
/// reader's for the connection's end) and the app's function, started
/// with the connection's session.
type App = (
    mpsc::Receiver<raw::Outgoing>,
    mpsc::Sender<raw::Outgoing>,
    Box<dyn FnOnce(Session) -> BoxFut + Send>,
);

/// One upgraded connection's place in the hub.
struct Conn {
    inner: Arc<Inner>,
    state: Arc<SessionState>,
    sub: Subscription,
    clock: Arc<ReadClock>,
    shutdown: watch::Receiver<bool>,
}

/// Checks the handshake of `cx`: the accept key and the upgrade to wait
/// for.
fn handshake<S: Send + Sync + 'static>(
    cx: &mut Cx<'_, S>,
) -> Result<(String, hyper::upgrade::OnUpgrade), Rejection> {
    let has = |name: &str, token: &str| {
        cx.headers().get_all(name).iter().any(|v| {
            v.to_str()
                .unwrap_or("")
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    };
    if cx.method() != http::Method::GET
        || !has("upgrade", "websocket")
        || !has("connection", "upgrade")
    {
        return Err(Rejection::bad_request("expected a websocket handshake"));
    }
    if cx.header("sec-websocket-version") != Some("13") {
        return Err(Rejection::bad_request("websocket version 13 only"));
    }
    let Some(key) = cx.header("sec-websocket-key").map(str::to_owned) else {
        return Err(Rejection::bad_request("Sec-WebSocket-Key missing"));
    };
    // A page of another site must not open a socket with this
    // browser's cookie: the app's own origin check, as for a post.
    cx.check_same_origin()?;
    let upgrade = cx
        .request_mut()
        .extensions_mut()
        .remove::<hyper::upgrade::OnUpgrade>()
        .ok_or_else(|| Rejection::bad_request("this connection cannot be upgraded"))?;
    let accept = tokio_tungstenite::tungstenite::handshake::derive_accept_key(key.as_bytes());
    Ok((accept, upgrade))
}

/// How long the close frame may take to go out.
const CLOSE_WRITE: Duration = Duration::from_secs(2);

fn close_frame(code: CloseCode, why: &'static str) -> CloseFrame {
    CloseFrame {
        code,
        reason: Utf8Bytes::from_static(why),
    }
}

/// The close frame that answers a read error (RFC 6455 §7.4.1): 1009 for
/// a message over the limit, 1007 for text that is not UTF-8, 1002 for
/// a broken protocol; none when the connection itself failed.
fn close_for(e: &tokio_tungstenite::tungstenite::Error) -> Option<CloseFrame> {
    use tokio_tungstenite::tungstenite::Error;
    match e {
        Error::Capacity(_) => Some(close_frame(CloseCode::Size, "message too big")),
        Error::Utf8(_) => Some(close_frame(CloseCode::Invalid, "text is not UTF-8")),
        Error::Protocol(_) => Some(close_frame(CloseCode::Protocol, "protocol error")),
        _ => None,
    }
}

/// Runs one connection: frames from the hub (and a raw socket's app)
/// out, client messages in (`hx-ws` events to their handlers one after
/// the other, or a raw socket's to its app), pings, and a `1012` close
/// when the server stops.
async fn run<IO>(conn: Conn, ws: WebSocketStream<IO>, reader: Reader, app: Option<App>)
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let Conn {
        inner,
        state,
        sub,
        clock,
        mut shutdown,
    } = conn;
    let (tx, mut rx) = mpsc::channel::<Arc<Frame>>(inner.config.queue.max(1));
    inner.register(&sub, tx);
    state.open.fetch_add(1, Ordering::AcqRel);
    let (closed_tx, closed_rx) = watch::channel(false);
    let presence = Presence::join(&inner, &sub).await;
    let session = Session {
        state: state.clone(),
        hub: Hub {
            inner: inner.clone(),
        },
        closed: Some(closed_rx),
    };
    // A raw socket's app runs on its own task; what it sends, and then
    // the connection's end, go out through one queue, in order.
    let (mut app_out, mut app_task, end_queue) = match (app, &reader) {
        (Some((out, queue, f)), Reader::Raw(_)) => (
            Some(out),
            Some(tokio::spawn(f(session.clone()))),
            Some(queue),
        ),
        _ => (None, None, None),
    };
    let (mut sink, mut stream) = ws.split();
    let beat = inner.config.heartbeat;
    // How the reader ends an `hx-ws` connection: with a close frame of
    // its own, or (`None`) with the answer to the client's, which the
    // protocol queued.
    let (end_tx, mut end_rx) = tokio::sync::oneshot::channel::<Option<CloseFrame>>();
    // Turns `true` when the writer is done (it sent a close).
    let (done_tx, mut done_rx) = watch::channel(false);
    let writer = tokio::spawn(async move {
        let _done = DoneOnDrop(done_tx);
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        loop {
            let out = tokio::select! {
                frame = rx.recv() => match frame {
                    Some(f) => match Utf8Bytes::try_from(f.ws.clone()) {
                        Ok(text) => WsMessage::Text(text),
                        Err(_) => continue,
                    },
                    // Dropped as too slow: come back and catch up.
                    None => close_message(CloseCode::Again, "too slow"),
                },
                out = next_outgoing(&mut app_out) => match out {
                    Some(out) => out.into_ws(),
                    None => {
                        app_out = None;
                        continue;
                    }
                },
                _ = tick.tick() => WsMessage::Ping(bytes::Bytes::new()),
                _ = shutdown.wait_for(|s| *s) => close_message(CloseCode::Restart, "server restarting"),
                end = &mut end_rx => match end {
                    Ok(Some(frame)) => WsMessage::Close(Some(frame)),
                    // The answer to the client's close is queued: close
                    // sends it.
                    _ => WsMessage::Close(None),
                },
            };
            if matches!(out, WsMessage::Close(None)) {
                let _ = sink.close().await;
                return;
            }
            let last = matches!(out, WsMessage::Close(_));
            if sink.send(out).await.is_err() || last {
                let _ = sink.close().await;
                return;
            }
        }
    });
    let (idle, message) = (
        inner.config.ws_idle_timeout,
        inner.config.ws_message_timeout,
    );
    let mut deadlines = tokio::time::interval(ReadClock::check_every(idle, message));
    let mut end = None;
    loop {
        let msg = tokio::select! {
            msg = stream.next() => match msg {
                Some(msg) => msg,
                None => break,
            },
            () = finished(&mut app_task) => {
                // The app returned: a normal close, after what it sent
                // (unless it closed already); the client's answer is
                // awaited below.
                app_task = None;
                if let Some(queue) = &end_queue {
                    let normal = raw::Outgoing::End(Some(close_frame(CloseCode::Normal, "")));
                    if tokio::time::timeout(CLOSE_WRITE, queue.send(normal)).await.is_err() {
                        break;
                    }
                }
                continue;
            }
            () = wait_true(&mut done_rx) => {
                // The server closed (the app returned, a restart, a
                // client too slow): wait a moment for the client's
                // answer, then let the socket go.
                let _ = tokio::time::timeout(CLOSE_WRITE, async {
                    while let Some(Ok(m)) = stream.next().await {
                        if m.is_close() {
                            break;
                        }
                    }
                })
                .await;
                break;
            }
            _ = deadlines.tick() => match clock.expired(idle, message) {
                Some(expired) => {
                    let why = match expired {
                        Expired::Idle => "nothing received for the idle timeout",
                        Expired::Message => "a message not finished within the message timeout",
                    };
                    tracing::debug!(session = session.id(), "websocket closed: {why}");
                    end = Some(close_frame(CloseCode::Policy, why));
                    break;
                }
                None => continue,
            },
        };
        clock.frame();
        let msg = match msg {
            Ok(WsMessage::Close(_)) => break,
            Err(e) => {
                tracing::debug!(session = session.id(), "websocket closed: {e}");
                end = close_for(&e);
                break;
            }
            Ok(msg) => msg,
        };
        match &reader {
            Reader::Htmx => {
                let WsMessage::Text(text) = msg else {
                    continue;
                };
                let Some((id, event)) = Event::parse(&text) else {
                    tracing::debug!("a websocket message that names no handler");
                    continue;
                };
                match session.handler(&id) {
                    Some(handler) => handler(session.clone(), event).await,
                    None => tracing::debug!(
                        handler = id,
                        "a websocket event for a handler this session no longer has"
                    ),
                }
            }
            Reader::Raw(to_app) => {
                let msg = match msg {
                    WsMessage::Text(t) => raw::Msg::Text(t.as_str().to_owned()),
                    WsMessage::Binary(b) => raw::Msg::Binary(b),
                    _ => continue,
                };
                // The app reads at its own pace; the client waits.
                tokio::select! {
                    sent = to_app.send(msg) => if sent.is_err() {
                        // The app is done with the socket: the writer
                        // closes it.
                        continue;
                    },
                    () = wait_true(&mut done_rx) => continue,
                }
            }
        }
        // The app's own time is not the client's.
        clock.frame();
    }
    let _ = closed_tx.send(true);
    // A raw socket's app hears the end and has a moment to finish what
    // it sends; then the close frame goes out (or the client's is
    // answered), within a bound, and the socket is let go.
    drop(reader);
    if let Some(task) = app_task {
        let abort = task.abort_handle();
        if tokio::time::timeout(CLOSE_WRITE, task).await.is_err() {
            abort.abort();
        }
    }
    match end_queue {
        Some(queue) => {
            let _ = tokio::time::timeout(CLOSE_WRITE, queue.send(raw::Outgoing::End(end))).await;
        }
        None => {
            let _ = end_tx.send(end);
        }
    }
    let abort = writer.abort_handle();
    if tokio::time::timeout(CLOSE_WRITE, writer).await.is_err() {
        abort.abort();
    }
    inner.unregister(&sub);
    if state.open.fetch_sub(1, Ordering::AcqRel) == 1 {
        *state.idle_since.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }
    if let Some(presence) = presence {
        presence.leave(&inner).await;
    }
}

fn close_message(code: CloseCode, why: &'static str) -> WsMessage {
    WsMessage::Close(Some(close_frame(code, why)))
}

/// The next message a raw socket's app sends; never, for an `hx-ws`
/// socket.
async fn next_outgoing(out: &mut Option<mpsc::Receiver<raw::Outgoing>>) -> Option<raw::Outgoing> {
    match out {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

/// Waits for a raw socket's app to return; never, for none.
async fn finished(task: &mut Option<tokio::task::JoinHandle<()>>) {
    match task {
        Some(t) => {
            let _ = t.await;
        }
        None => std::future::pending().await,
    }
}

async fn wait_true(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|d| *d).await;
}

/// Marks the writer done however it ends.
struct DoneOnDrop(watch::Sender<bool>);

impl Drop for DoneOnDrop {
    fn drop(&mut self) {
        let _ = self.0.send(true);
    }
}

/// The attributes that send `event` of an element over the page's
/// websocket to `handler`, which runs on the server with the session and
/// the event's values.
pub fn on<F, Fut>(session: &Session, event: &str, handler: F) -> impl Node + use<F, Fut>
where
    F: Fn(Session, Event) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let handler: Handler = Arc::new(move |s, e| Box::pin(handler(s, e)));
    let id = session.add_handler(handler);
    (
        htmx::attr("hx-ws:send", ""),
        htmx::trigger(htmx::Trigger::on(event)),
        htmx::vals(&serde_json::json!({ HANDLER: id })),
    )
}

/// [`on`] for `click`.
///
/// # Example
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// use hyperox::html::prelude::*;
/// # let hub = hyperox::live::Hub::new(Default::default());
/// # let session = hub.ws_session_by_id("s");
/// let attrs = hyperox::live::ws::on_click(&session, |_s, _e| async {});
/// assert_eq!(
///     button((attrs, "+")).render(),
///     r#"<button hx-ws:send="" hx-trigger="click" hx-vals="{&quot;hx-handler&quot;:&quot;h1&quot;}">+</button>"#
/// );
/// # });
/// ```
pub fn on_click<F, Fut>(session: &Session, handler: F) -> impl Node + use<F, Fut>
where
    F: Fn(Session, Event) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    on(session, "click", handler)
}

/// [`on`] for a form's `submit`: the handler gets its fields.
pub fn on_submit<F, Fut>(session: &Session, handler: F) -> impl Node + use<F, Fut>
where
    F: Fn(Session, Event) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    on(session, "submit", handler)
}

/// Runs `handler` with the payload of every server event `name` sent to
/// this session ([`Target::server_event`](crate::live::Target::server_event)),
/// replacing the one before.
pub fn on_server_event<F, Fut>(session: &Session, name: &str, handler: F)
where
    F: Fn(Session, serde_json::Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let handler: ServerHandler = Arc::new(move |s, p| Box::pin(handler(s, p)));
    session.set_server_handler(name, handler);
}
