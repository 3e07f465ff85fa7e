//! The hub: this instance's connections by room, session and all, the
//! fan-out of each message to them through bounded queues, and the
//! publishing side.

use crate::html::Node;
use crate::live::broker::{Broker, Error, LocalBroker};
use crate::live::message::{Frame, Message, Payload, To};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::Duration;
use tokio::sync::mpsc;

/// How a hub behaves.
///
/// # Example
///
/// ```
/// use hyperox::live::HubConfig;
/// use std::time::Duration;
/// let config = HubConfig { queue: 16, heartbeat: Duration::from_secs(5), ..HubConfig::default() };
/// assert_eq!(config.history, 100);
/// ```
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Messages queued per connection; a connection whose queue is full
    /// is dropped (its client reconnects and resumes).
    pub queue: usize,
    /// How often an idle stream sends a comment (and finds a client that
    /// went away).
    pub heartbeat: Duration,
    /// The reconnect delay suggested to SSE clients (`retry:`).
    pub retry: Duration,
    /// Room messages kept for resumption with `Last-Event-ID` (0 keeps
    /// none and gives no ids).
    pub history: usize,
    /// How long a websocket session's handlers and state are kept after
    /// its last connection closes.
    pub session_idle: Duration,
    /// The most websocket sessions kept; past it, the one idle longest is
    /// evicted.
    pub max_sessions: usize,
    /// Handlers kept per websocket session; past it, the oldest go.
    pub max_handlers: usize,
    /// How long a websocket may send nothing (not even the answer to the
    /// ping sent every `heartbeat`) before it is closed.
    pub ws_idle_timeout: Duration,
    /// How long a websocket message may take to arrive once its first
    /// byte has (a client that starts a frame and stops is closed).
    pub ws_message_timeout: Duration,
}

impl Default for HubConfig {
    fn default() -> Self {
        Self {
            queue: 64,
            heartbeat: Duration::from_secs(15),
            retry: Duration::from_secs(1),
            history: 100,
            session_idle: Duration::from_secs(60),
            max_sessions: 100_000,
            max_handlers: 256,
            ws_idle_timeout: Duration::from_secs(40),
            ws_message_timeout: Duration::from_secs(10),
        }
    }
}

/// What a hub has done.
///
/// # Example
///
/// ```
/// let hub = hyperox::live::Hub::new(Default::default());
/// let s = hub.stats();
/// assert_eq!((s.connections, s.delivered, s.dropped_slow), (0, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections open now.
    pub connections: u64,
    /// Messages put in connection queues.
    pub delivered: u64,
    /// Connections dropped because their queue was full.
    pub dropped_slow: u64,
    /// Websocket sessions kept now.
    pub sessions: u64,
}

/// A connection's queue.
pub(crate) type Tx = mpsc::Sender<Arc<Frame>>;

/// This instance's connections.
#[derive(Default)]
struct Registry {
    rooms: HashMap<String, HashMap<u64, Tx>>,
    sessions: HashMap<String, HashMap<u64, Tx>>,
    all: HashMap<u64, Tx>,
    /// Each connection's session.
    session_of: HashMap<u64, String>,
    /// The page (browser tab) each connection belongs to.
    page_of: HashMap<u64, String>,
}

/// What a connection subscribed to, to undo it.
#[derive(Debug)]
pub(crate) struct Subscription {
    pub(crate) id: u64,
    pub(crate) session: String,
    /// The page that opened it ([`Cx::page_id`](crate::Cx::page_id)).
    pub(crate) page: String,
    pub(crate) room: Option<String>,
    pub(crate) member: Option<String>,
}

pub(crate) struct Inner {
    pub(crate) config: HubConfig,
    pub(crate) broker: Arc<dyn Broker>,
    registry: RwLock<Registry>,
    /// Members of rooms on this instance, with their connection counts.
    members: Mutex<HashMap<(String, String), usize>>,
    next_id: AtomicU64,
    delivered: AtomicU64,
    dropped_slow: AtomicU64,
    /// What the websocket layer keeps for this hub (its browser
    /// sessions), made when a websocket first needs it; the hub sees it
    /// only through [`SessionStore`].
    #[cfg(feature = "live-ws")]
    pub(crate) sessions: std::sync::OnceLock<Arc<dyn SessionStore>>,
}

/// What the hub asks of the browser sessions the websocket layer keeps:
/// to run a session's server-event handler, and how many there are.
#[cfg(feature = "live-ws")]
pub(crate) trait SessionStore: Send + Sync {
    /// Runs the handler of server event `name` of session `session`, if
    /// this instance has that session.
    fn server_event(
        &self,
        inner: &Arc<Inner>,
        session: &str,
        name: &str,
        payload: &serde_json::Value,
    );
    /// The sessions kept.
    fn len(&self) -> usize;
    /// The store itself, for the layer that made it.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// The realtime hub of an app: connections (server-sent event streams and
/// websockets) subscribe to it, and pushes go through its broker to the
/// connections of every instance. Cheap to clone; keep one in the app's
/// state.
///
/// # Example
///
/// ```
/// use hyperox::live::{Hub, HubConfig};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let hub = Hub::new(HubConfig::default());
/// hub.room("lobby").push(hyperox::html::prelude::p("hello")).await.unwrap();
/// # });
/// ```
#[derive(Clone)]
pub struct Hub {
    pub(crate) inner: Arc<Inner>,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub").field("stats", &self.stats()).finish()
    }
}

impl Hub {
    /// A hub for one instance.
    pub fn new(config: HubConfig) -> Self {
        Self::with_broker(config, LocalBroker::default())
    }

    /// A hub whose messages go through `broker` (several instances share
    /// a `RedisBroker`). Call it inside a Tokio runtime.
    pub fn with_broker(config: HubConfig, broker: impl Broker) -> Self {
        let broker: Arc<dyn Broker> = Arc::new(broker);
        let inner = Arc::new(Inner {
            #[cfg(feature = "live-ws")]
            sessions: std::sync::OnceLock::new(),
            config,
            broker: broker.clone(),
            registry: RwLock::default(),
            members: Mutex::default(),
            next_id: AtomicU64::new(1),
            delivered: AtomicU64::new(0),
            dropped_slow: AtomicU64::new(0),
        });
        let weak: Weak<Inner> = Arc::downgrade(&inner);
        broker.start(Arc::new(move |message| {
            if let Some(inner) = weak.upgrade() {
                inner.deliver(&message);
            }
        }));
        Self { inner }
    }

    /// The hub the app's configuration asks for: on a Redis broker when
    /// `HYPEROX_REDIS_URL` is set (feature `live-redis`), so that every
    /// instance's pages hear every push; else within this process.
    ///
    /// # Errors
    ///
    /// Redis could not be reached, or the URL is set in a build without
    /// the `live-redis` feature (the error names it).
    ///
    /// # Example
    ///
    /// ```
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let config = hyperox::Config::from_vars(|_| None).unwrap();
    /// let hub = hyperox::live::Hub::from_config(&config).await.unwrap();
    /// assert_eq!(hub.stats().connections, 0);
    /// # });
    /// ```
    pub async fn from_config(config: &crate::Config) -> Result<Self, Error> {
        let Some(url) = &config.redis_url else {
            return Ok(Self::new(HubConfig::default()));
        };
        #[cfg(feature = "live-redis")]
        {
            let broker =
                crate::live::RedisBroker::connect(crate::live::RedisBrokerConfig::new(url.clone()))
                    .await
                    .map_err(|e| Error::new(format!("live updates through Redis ({url}): {e}")))?;
            Ok(Self::with_broker(HubConfig::default(), broker))
        }
        #[cfg(not(feature = "live-redis"))]
        {
            Err(Error::new(format!(
                "HYPEROX_REDIS_URL is set ({url}), but this app was built without hyperox's `live-redis` feature, which carries live updates through Redis: add it to the hyperox dependency in Cargo.toml (`features = [\"live-redis\"]`), or unset HYPEROX_REDIS_URL"
            )))
        }
    }

    /// The connections subscribed to room `name`, on every instance.
    pub fn room(&self, name: &str) -> Target<'_> {
        Target {
            hub: self,
            to: To::Room(name.to_owned()),
            except: None,
        }
    }

    /// The connections of the browser session `id`
    /// ([`Cx::session_id`](crate::Cx::session_id)), on every instance.
    pub fn session(&self, id: &str) -> Target<'_> {
        Target {
            hub: self,
            to: To::Session(id.to_owned()),
            except: None,
        }
    }

    /// Every connection, on every instance.
    pub fn everyone(&self) -> Target<'_> {
        Target {
            hub: self,
            to: To::All,
            except: None,
        }
    }

    /// Who is in room `name` on any instance (the members connections
    /// named when they subscribed).
    ///
    /// # Errors
    ///
    /// The broker failed.
    pub async fn members(&self, name: &str) -> Result<Vec<String>, Error> {
        self.inner.broker.members(name).await
    }

    /// What this hub has done.
    pub fn stats(&self) -> Stats {
        let connections = self
            .inner
            .registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .all
            .len() as u64;
        Stats {
            connections,
            delivered: self.inner.delivered.load(Ordering::Relaxed),
            dropped_slow: self.inner.dropped_slow.load(Ordering::Relaxed),
            #[cfg(feature = "live-ws")]
            sessions: self.inner.sessions.get().map_or(0, |s| s.len()) as u64,
            #[cfg(not(feature = "live-ws"))]
            sessions: 0,
        }
    }
}

/// Some connections of a hub, to push to.
#[derive(Debug)]
pub struct Target<'h> {
    hub: &'h Hub,
    to: To,
    except: Option<String>,
}

impl Target<'_> {
    /// Leaves out the connections of browser session `session` (every
    /// tab of the browser that made the change the others are told of).
    pub fn except(mut self, session: &str) -> Self {
        self.except = Some(session.to_owned());
        self
    }

    /// Leaves out the connections of one page ([`Cx::page_id`](crate::Cx::page_id):
    /// the browser tab that made the change; the same browser's other
    /// tabs are told).
    ///
    /// # Example
    ///
    /// ```
    /// # async fn changed(cx: hyperox::Cx<'_, hyperox::live::Hub>) -> Result<(), hyperox::live::Error> {
    /// use hyperox::html::prelude::*;
    /// let hub = cx.state();
    /// hub.room("todos").except_page(cx.page_id()).push(p("changed")).await
    /// # }
    /// ```
    pub fn except_page(mut self, page: &str) -> Self {
        self.except = Some(page.to_owned());
        self
    }

    /// Sends `html` to the connections: the client swaps it in (its
    /// elements with `hx-swap-oob` or `<hx-partial>` go where they name).
    ///
    /// # Errors
    ///
    /// The broker failed: the message reached no instance.
    pub async fn push(&self, html: impl Node) -> Result<(), Error> {
        self.send(Payload::Html(html.render())).await
    }

    /// Sends a named event with `data`: a DOM event on the element that
    /// opened each connection, not swapped.
    ///
    /// # Errors
    ///
    /// The broker failed.
    pub async fn event(&self, name: &str, data: &str) -> Result<(), Error> {
        self.send(Payload::Event {
            name: name.to_owned(),
            data: data.to_owned(),
        })
        .await
    }

    /// Sends a server event with `payload` to the server-side handlers
    /// (websockets) of the session targeted ([`Hub::session`]), and of it
    /// only.
    ///
    /// # Errors
    ///
    /// The target is not one session, the payload does not serialize, or
    /// the broker failed.
    pub async fn server_event(
        &self,
        name: &str,
        payload: impl serde::Serialize,
    ) -> Result<(), Error> {
        if !matches!(self.to, To::Session(_)) {
            return Err(Error::new("a server event goes to one session"));
        }
        let payload = serde_json::to_value(payload).map_err(|e| Error::new(e.to_string()))?;
        self.send(Payload::Server {
            name: name.to_owned(),
            payload,
        })
        .await
    }

    async fn send(&self, payload: Payload) -> Result<(), Error> {
        let inner = &self.hub.inner;
        inner
            .broker
            .publish(
                Message {
                    except: self.except.clone(),
                    ..Message::new(self.to.clone(), payload)
                },
                inner.config.history,
            )
            .await
    }
}

impl Inner {
    /// A new connection's id.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Puts `message` in the queue of each connection it is for here; a
    /// connection whose queue is full is dropped.
    pub(crate) fn deliver(self: &Arc<Self>, message: &Message) {
        #[cfg(feature = "live-ws")]
        if let (Payload::Server { name, payload }, To::Session(session)) =
            (&message.payload, &message.to)
        {
            if let Some(sessions) = self.sessions.get() {
                sessions.server_event(self, session, name, payload);
            }
            return;
        }
        let Some(frame) = Frame::new(message) else {
            return;
        };
        let frame = Arc::new(frame);
        let mut slow = Vec::new();
        let mut gone = Vec::new();
        let mut sent = 0u64;
        {
            let registry = self.registry.read().unwrap_or_else(|p| p.into_inner());
            let conns = match &message.to {
                To::Room(r) => registry.rooms.get(r),
                To::Session(s) => registry.sessions.get(s),
                To::All => Some(&registry.all),
            };
            let except = message.except.as_deref();
            for (id, tx) in conns.into_iter().flatten() {
                if except.is_some()
                    && (registry.session_of.get(id).map(String::as_str) == except
                        || registry.page_of.get(id).map(String::as_str) == except)
                {
                    continue;
                }
                match tx.try_send(frame.clone()) {
                    Ok(()) => sent += 1,
                    Err(mpsc::error::TrySendError::Full(_)) => slow.push(*id),
                    Err(mpsc::error::TrySendError::Closed(_)) => gone.push(*id),
                }
            }
        }
        self.delivered.fetch_add(sent, Ordering::Relaxed);
        if !slow.is_empty() {
            self.dropped_slow
                .fetch_add(slow.len() as u64, Ordering::Relaxed);
            tracing::debug!(
                count = slow.len(),
                "dropped connections whose queue was full"
            );
        }
        if !slow.is_empty() || !gone.is_empty() {
            let mut guard = self.registry.write().unwrap_or_else(|p| p.into_inner());
            let registry = &mut *guard;
            for id in slow.iter().chain(&gone) {
                registry.all.remove(id);
                registry.session_of.remove(id);
                registry.page_of.remove(id);
                for conns in registry
                    .rooms
                    .values_mut()
                    .chain(registry.sessions.values_mut())
                {
                    conns.remove(id);
                }
            }
            registry.rooms.retain(|_, c| !c.is_empty());
            registry.sessions.retain(|_, c| !c.is_empty());
        }
    }

    /// Registers a connection with queue `tx`.
    pub(crate) fn register(&self, sub: &Subscription, tx: Tx) {
        let mut registry = self.registry.write().unwrap_or_else(|p| p.into_inner());
        registry.all.insert(sub.id, tx.clone());
        registry.session_of.insert(sub.id, sub.session.clone());
        registry.page_of.insert(sub.id, sub.page.clone());
        registry
            .sessions
            .entry(sub.session.clone())
            .or_default()
            .insert(sub.id, tx.clone());
        if let Some(room) = &sub.room {
            registry
                .rooms
                .entry(room.clone())
                .or_default()
                .insert(sub.id, tx);
        }
    }

    /// Undoes [`Inner::register`] (nothing when the connection was
    /// already dropped as slow).
    pub(crate) fn unregister(&self, sub: &Subscription) {
        let mut registry = self.registry.write().unwrap_or_else(|p| p.into_inner());
        registry.all.remove(&sub.id);
        registry.session_of.remove(&sub.id);
        registry.page_of.remove(&sub.id);
        if let Some(conns) = registry.sessions.get_mut(&sub.session) {
            conns.remove(&sub.id);
            if conns.is_empty() {
                registry.sessions.remove(&sub.session);
            }
        }
        if let Some(room) = &sub.room
            && let Some(conns) = registry.rooms.get_mut(room)
        {
            conns.remove(&sub.id);
            if conns.is_empty() {
                registry.rooms.remove(room);
            }
        }
    }

    /// Counts `member` in `room` on this instance; whether it is its
    /// first connection there.
    pub(crate) fn member_joined(&self, room: &str, member: &str) -> bool {
        let mut members = self.members.lock().unwrap_or_else(|p| p.into_inner());
        let n = members
            .entry((room.to_owned(), member.to_owned()))
            .or_default();
        *n += 1;
        *n == 1
    }

    /// Uncounts `member` in `room`; whether it was its last connection.
    pub(crate) fn member_left(&self, room: &str, member: &str) -> bool {
        let mut members = self.members.lock().unwrap_or_else(|p| p.into_inner());
        let key = (room.to_owned(), member.to_owned());
        match members.get_mut(&key) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                members.remove(&key);
                true
            }
            None => false,
        }
    }
}

/// A connection's place in its room's presence, from the moment it
/// joined to the moment it leaves: the one lifecycle both event streams
/// and websockets go through.
pub(crate) struct Presence {
    room: String,
    member: String,
}

impl Presence {
    /// Counts the connection of `sub` in its room (when it names a room
    /// and a member); the member's first connection on this instance
    /// joins the broker's presence and tells the room.
    pub(crate) async fn join(inner: &Arc<Inner>, sub: &Subscription) -> Option<Self> {
        let (Some(room), Some(member)) = (&sub.room, &sub.member) else {
            return None;
        };
        if inner.member_joined(room, member) {
            if let Err(e) = inner.broker.join(room, member).await {
                tracing::warn!("presence of {room}: {e}");
            }
            announce_presence(inner, room).await;
        }
        Some(Self {
            room: room.clone(),
            member: member.clone(),
        })
    }

    /// Uncounts the connection; the member's last one on this instance
    /// leaves the broker's presence and tells the room.
    pub(crate) async fn leave(self, inner: &Arc<Inner>) {
        if inner.member_left(&self.room, &self.member) {
            if let Err(e) = inner.broker.leave(&self.room, &self.member).await {
                tracing::warn!("presence of {}: {e}", self.room);
            }
            announce_presence(inner, &self.room).await;
        }
    }

    /// [`leave`](Self::leave) from a place that cannot wait (a `Drop`):
    /// on the current runtime, if there is one.
    pub(crate) fn leave_soon(self, inner: &Arc<Inner>) {
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            let inner = inner.clone();
            rt.spawn(async move { self.leave(&inner).await });
        }
    }
}

/// Tells a room's connections that who is in it changed: a `presence`
/// event whose data is the members as a JSON array.
async fn announce_presence(inner: &Arc<Inner>, room: &str) {
    let members = match inner.broker.members(room).await {
        Ok(m) => m,
        Err(e) => {
            tracing::warn!("presence of {room}: {e}");
            return;
        }
    };
    let data = serde_json::to_string(&members).unwrap_or_else(|_| "[]".to_owned());
    let message = Message::new(
        To::Room(room.to_owned()),
        Payload::Event {
            name: "presence".to_owned(),
            data,
        },
    );
    // Presence is not history: it carries no id.
    if let Err(e) = inner.broker.publish(message, 0).await {
        tracing::warn!("presence of {room}: {e}");
    }
}
