//! A browser session on this instance: its handlers and state, the
//! handle pages and handlers get, and the sweep that evicts idle ones.

use super::{Handler, ServerHandler, wait_true};
use crate::html::Node;
use crate::live::hub::{Hub, HubConfig, Inner, SessionStore};
use std::any::{Any, TypeId};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// One browser session's handlers and state.
pub(super) struct SessionState {
    id: String,
    handlers: Mutex<Handlers>,
    server: Mutex<HashMap<String, ServerHandler>>,
    values: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
    /// Open connections.
    pub(super) open: AtomicUsize,
    /// When its last connection closed (or it was made without one).
    pub(super) idle_since: Mutex<Instant>,
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

/// The sessions of `inner`'s hub, made on first use.
pub(super) fn of(inner: &Arc<Inner>) -> &Sessions {
    inner
        .sessions
        .get_or_init(|| Arc::new(Sessions::new(&inner.config)))
        .as_any()
        .downcast_ref::<Sessions>()
        .expect("a hub's session store is the websocket layer's Sessions")
}

impl SessionStore for Sessions {
    fn server_event(
        &self,
        inner: &Arc<Inner>,
        session: &str,
        name: &str,
        payload: &serde_json::Value,
    ) {
        Sessions::server_event(self, inner, session, name, payload);
    }

    fn len(&self) -> usize {
        Sessions::len(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
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
    pub(super) fn get_or_make(&self, id: &str) -> Arc<SessionState> {
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
    pub(super) fn start_sweeper(&self, inner: &Arc<Inner>) {
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
                of(&inner).sweep();
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
    pub(super) state: Arc<SessionState>,
    pub(super) hub: Hub,
    /// The connection the handler runs for: turns `true` when it closes.
    pub(super) closed: Option<watch::Receiver<bool>>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.state.id)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// The session's id ([`Cx::session_id`](crate::Cx::session_id)).
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
    pub async fn push(&self, html: impl Node) -> Result<(), crate::live::Error> {
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

    pub(super) fn add_handler(&self, handler: Handler) -> String {
        let mut h = self
            .state
            .handlers
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        h.next += 1;
        let id = format!("h{}", h.next);
        h.by_id.insert(id.clone(), handler);
        h.order.push_back(id.clone());
        while h.order.len() > of(&self.hub.inner).max_handlers {
            if let Some(old) = h.order.pop_front() {
                h.by_id.remove(&old);
            }
        }
        id
    }

    /// Makes `handler` the one server event `name` runs, replacing the one
    /// before.
    pub(super) fn set_server_handler(&self, name: &str, handler: ServerHandler) {
        self.state
            .server
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), handler);
    }

    pub(super) fn handler(&self, id: &str) -> Option<Handler> {
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
        Some(rx) => wait_true(rx).await,
        None => loop {
            tokio::time::sleep(Duration::from_millis(250)).await;
            if state.open.load(Ordering::Acquire) == 0 {
                return;
            }
        },
    }
}
