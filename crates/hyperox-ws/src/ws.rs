//! Websockets for htmx's `hx-ws` extension: HTML pushed to a session, a
//! room or everyone; server-side handlers bound to client events, called
//! with the event's values; server events delivered to the handlers of the
//! session they target and of no other; timers tied to a connection; and
//! per-session state, evicted a while after the session's last connection
//! closes.
//!
//! ```
//! use hyperox::prelude::*;
//! use hyperox_ws::{Hub, ws};
//! use std::sync::atomic::{AtomicI64, Ordering};
//!
//! async fn page(cx: Cx<'_, Hub>) -> Page {
//!     let session = cx.state().ws_session(&cx);
//!     let plus = ws::on_click(&session, |s, _event| async move {
//!         let n = s.state::<AtomicI64>().fetch_add(1, Ordering::Relaxed) + 1;
//!         let _ = s.push(span((id("n"), htmx::swap_oob(htmx::OobSwap::same_id()), n))).await;
//!     });
//!     Page::new(html((head(cx.head()), body(div((
//!         attr("hx-ws:connect", "/ws"),
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

use crate::hub::{Hub, HubConfig, Inner, Subscription, announce_presence};
use crate::message::Frame;
use crate::read_watch::{Expired, ReadClock, Watched};
use futures_util::{SinkExt, StreamExt};
use http::{HeaderValue, StatusCode, header};
use hyperox::html::Node;
use hyperox::html::htmx;
use hyperox::router::{Body, Response};
use hyperox::{Cx, Rejection};
use std::any::{Any, TypeId};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, watch};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, Role, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Message as WsMessage, Utf8Bytes};

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

/// One browser session's handlers and state.
struct SessionState {
    id: String,
    handlers: Mutex<Handlers>,
    server: Mutex<HashMap<String, ServerHandler>>,
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// Open connections.
    open: AtomicUsize,
    /// When its last connection closed (or it was made without one).
    idle_since: Mutex<Instant>,
}

#[derive(Default)]
struct Handlers {
    next: u64,
    by_id: HashMap<String, Handler>,
    order: VecDeque<String>,
}

/// The sessions this instance keeps.
pub(crate) struct Sessions {
    map: Mutex<HashMap<String, Arc<SessionState>>>,
    idle: Duration,
    max: usize,
    max_handlers: usize,
    sweeper: OnceLock<()>,
    evicted: AtomicU64,
}

impl Sessions {
    pub(crate) fn new(config: &HubConfig) -> Self {
        Self {
            map: Mutex::default(),
            idle: config.session_idle,
            max: config.max_sessions.max(1),
            max_handlers: config.max_handlers.max(1),
            sweeper: OnceLock::new(),
            evicted: AtomicU64::new(0),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// The session `id`, made if it is new (evicting the one idle
    /// longest when there are too many).
    fn get_or_make(&self, id: &str) -> Arc<SessionState> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = map.get(id) {
            return s.clone();
        }
        if map.len() >= self.max {
            let oldest = map
                .iter()
                .filter(|(_, s)| s.open.load(Ordering::Acquire) == 0)
                .min_by_key(|(_, s)| *s.idle_since.lock().unwrap_or_else(|p| p.into_inner()))
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                map.remove(&k);
                self.evicted.fetch_add(1, Ordering::Relaxed);
            }
        }
        let s = Arc::new(SessionState {
            id: id.to_owned(),
            handlers: Mutex::default(),
            server: Mutex::default(),
            values: Mutex::default(),
            open: AtomicUsize::new(0),
            idle_since: Mutex::new(Instant::now()),
        });
        map.insert(id.to_owned(), s.clone());
        s
    }

    /// Drops the sessions with no connection idle for longer than allowed.
    fn sweep(&self) {
        let now = Instant::now();
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        let before = map.len();
        map.retain(|_, s| {
            s.open.load(Ordering::Acquire) > 0
                || now.duration_since(*s.idle_since.lock().unwrap_or_else(|p| p.into_inner()))
                    < self.idle
        });
        self.evicted
            .fetch_add((before - map.len()) as u64, Ordering::Relaxed);
    }

    /// Runs the handler of server event `name` of session `id`, if this
    /// instance has that session and it has one; no other session's.
    pub(crate) fn server_event(
        &self,
        inner: &Arc<Inner>,
        id: &str,
        name: &str,
        payload: &serde_json::Value,
    ) {
        let Some(state) = self
            .map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
        else {
            return;
        };
        let handler = state
            .server
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned();
        let Some(handler) = handler else {
            tracing::debug!(
                event = name,
                "server event for a session with no handler for it"
            );
            return;
        };
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let session = Session {
            state,
            hub: Hub {
                inner: inner.clone(),
            },
            closed: None,
        };
        rt.spawn(handler(session, payload.clone()));
    }

    /// Starts the task that evicts idle sessions, once.
    fn start_sweeper(&self, inner: &Arc<Inner>) {
        if self.sweeper.set(()).is_err() {
            return;
        }
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let weak: Weak<Inner> = Arc::downgrade(inner);
        let period = (self.idle / 4).clamp(Duration::from_millis(20), Duration::from_secs(5));
        rt.spawn(async move {
            let mut tick = tokio::time::interval(period);
            loop {
                tick.tick().await;
                let Some(inner) = weak.upgrade() else {
                    return;
                };
                inner.sessions.sweep();
            }
        });
    }
}

impl fmt::Debug for Sessions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sessions")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

/// A browser session's handle, as handlers and pages get it: push to it,
/// keep state in it, start timers on its connection.
#[derive(Clone)]
pub struct Session {
    state: Arc<SessionState>,
    hub: Hub,
    /// The connection the handler runs for: turns `true` when it closes.
    closed: Option<watch::Receiver<bool>>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.state.id)
            .finish_non_exhaustive()
    }
}

impl Hub {
    /// The websocket session of the browser `cx` comes from
    /// ([`Cx::session_id`]), made if new: register its handlers while
    /// rendering the page that connects.
    pub fn ws_session<S: Send + Sync + 'static>(&self, cx: &Cx<'_, S>) -> Session {
        self.inner.sessions.start_sweeper(&self.inner);
        let state = self.inner.sessions.get_or_make(&cx.session_id());
        Session {
            state,
            hub: self.clone(),
            closed: None,
        }
    }

    /// The websocket session `id` (a [`Cx::session_id`]), made if new.
    pub fn ws_session_by_id(&self, id: &str) -> Session {
        self.inner.sessions.start_sweeper(&self.inner);
        Session {
            state: self.inner.sessions.get_or_make(id),
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
        let (accept, on_upgrade) = self.upgrade?;
        let inner = self.hub.inner.clone();
        inner.sessions.start_sweeper(&inner);
        let state = inner.sessions.get_or_make(&self.session);
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
            run(inner, state, sub, ws, clock, shutdown).await;
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

/// Runs one connection: frames from the hub out, client events in (their
/// handlers one after the other), pings, and a `1012` close when the
/// server stops.
async fn run<IO>(
    inner: Arc<Inner>,
    state: Arc<SessionState>,
    sub: Subscription,
    ws: WebSocketStream<IO>,
    clock: Arc<ReadClock>,
    mut shutdown: watch::Receiver<bool>,
) where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (tx, mut rx) = mpsc::channel::<Arc<Frame>>(inner.config.queue.max(1));
    inner.register(&sub, tx);
    state.open.fetch_add(1, Ordering::AcqRel);
    let (closed_tx, closed_rx) = watch::channel(false);
    let joined = match (&sub.room, &sub.member) {
        (Some(room), Some(member)) => inner
            .member_joined(room, member)
            .then(|| (room.clone(), member.clone())),
        _ => None,
    };
    if let Some((room, member)) = &joined {
        if let Err(e) = inner.broker.join(room, member).await {
            tracing::warn!("presence of {room}: {e}");
        }
        announce_presence(&inner, room).await;
    }
    let (mut sink, mut stream) = ws.split();
    let beat = inner.config.heartbeat;
    // How the reader ends the connection: with a close frame of its own,
    // or (`None`) with the answer to the client's, which the protocol
    // queued.
    let (end_tx, mut end_rx) = tokio::sync::oneshot::channel::<Option<CloseFrame>>();
    let writer = tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        let close = |code: CloseCode, why: &'static str| {
            WsMessage::Close(Some(CloseFrame {
                code,
                reason: Utf8Bytes::from_static(why),
            }))
        };
        loop {
            let out = tokio::select! {
                frame = rx.recv() => match frame {
                    Some(f) => match Utf8Bytes::try_from(f.ws.clone()) {
                        Ok(text) => WsMessage::Text(text),
                        Err(_) => continue,
                    },
                    // Dropped as too slow: come back and catch up.
                    None => close(CloseCode::Again, "too slow"),
                },
                _ = tick.tick() => WsMessage::Ping(bytes::Bytes::new()),
                _ = shutdown.wait_for(|s| *s) => close(CloseCode::Restart, "server restarting"),
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
    let session = Session {
        state: state.clone(),
        hub: Hub {
            inner: inner.clone(),
        },
        closed: Some(closed_rx),
    };
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
        let text = match msg {
            Ok(WsMessage::Text(t)) => t,
            Ok(WsMessage::Close(_)) => break,
            Err(e) => {
                tracing::debug!(session = session.id(), "websocket closed: {e}");
                end = close_for(&e);
                break;
            }
            Ok(_) => continue,
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
        // A handler's own time is not the client's.
        clock.frame();
        if writer.is_finished() {
            break;
        }
    }
    let _ = closed_tx.send(true);
    // The close frame goes out (or the client's is answered), within a
    // bound; then the socket is let go.
    let _ = end_tx.send(end);
    let abort = writer.abort_handle();
    if tokio::time::timeout(CLOSE_WRITE, writer).await.is_err() {
        abort.abort();
    }
    inner.unregister(&sub);
    if state.open.fetch_sub(1, Ordering::AcqRel) == 1 {
        *state.idle_since.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }
    if let Some((room, member)) = joined
        && inner.member_left(&room, &member)
    {
        if let Err(e) = inner.broker.leave(&room, &member).await {
            tracing::warn!("presence of {room}: {e}");
        }
        announce_presence(&inner, &room).await;
    }
}

impl Session {
    /// The session's id ([`Cx::session_id`]).
    pub fn id(&self) -> &str {
        &self.state.id
    }

    /// The hub it belongs to.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }

    /// Pushes `html` to every connection of this session, on every
    /// instance.
    ///
    /// # Errors
    ///
    /// The broker failed.
    pub async fn push(&self, html: impl Node) -> Result<(), crate::Error> {
        self.hub.session(&self.state.id).push(html).await
    }

    /// The session's value of type `T`, made with `T::default()` the
    /// first time; it lives as long as the session.
    pub fn state<T: Any + Default + Send + Sync>(&self) -> Arc<T> {
        let mut values = self.state.values.lock().unwrap_or_else(|p| p.into_inner());
        let value = values
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        value
            .clone()
            .downcast::<T>()
            .expect("the value under a type's id is of that type")
    }

    /// Runs `f` every `period` while the connection this handler runs
    /// for is open (from a page render, while the session has any).
    pub fn every<F, Fut>(&self, period: Duration, f: F)
    where
        F: Fn(Session) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let session = self.clone();
        let mut closed = self.closed.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    () = wait_closed(&mut closed, &session.state) => return,
                }
                f(session.clone()).await;
            }
        });
    }

    /// Runs `f` once after `delay`, unless the connection closes first.
    pub fn once<F, Fut>(&self, delay: Duration, f: F)
    where
        F: FnOnce(Session) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let session = self.clone();
        let mut closed = self.closed.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(delay) => f(session).await,
                () = wait_closed(&mut closed, &session.state) => {}
            }
        });
    }

    fn add_handler(&self, handler: Handler) -> String {
        let mut h = self
            .state
            .handlers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        h.next += 1;
        let id = format!("h{}", h.next);
        h.by_id.insert(id.clone(), handler);
        h.order.push_back(id.clone());
        while h.order.len() > self.hub.inner.sessions.max_handlers {
            if let Some(old) = h.order.pop_front() {
                h.by_id.remove(&old);
            }
        }
        id
    }

    fn handler(&self, id: &str) -> Option<Handler> {
        self.state
            .handlers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .by_id
            .get(id)
            .cloned()
    }
}

/// Waits until the connection `closed` watches closes, or (with none)
/// until the session has no connection.
async fn wait_closed(closed: &mut Option<watch::Receiver<bool>>, state: &SessionState) {
    match closed {
        Some(rx) => {
            let _ = rx.wait_for(|c| *c).await;
        }
        None => loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if state.open.load(Ordering::Acquire) == 0 {
                return;
            }
        },
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
/// # let hub = hyperox_ws::Hub::new(Default::default());
/// # let session = hub.ws_session_by_id("s");
/// let attrs = hyperox_ws::ws::on_click(&session, |_s, _e| async {});
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
/// this session ([`Target::server_event`](crate::Target::server_event)),
/// replacing the one before.
pub fn on_server_event<F, Fut>(session: &Session, name: &str, handler: F)
where
    F: Fn(Session, serde_json::Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let handler: ServerHandler = Arc::new(move |s, p| Box::pin(handler(s, p)));
    session
        .state
        .server
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(name.to_owned(), handler);
}
