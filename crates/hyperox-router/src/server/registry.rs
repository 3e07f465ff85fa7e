//! What the server holds open, and for whom: every connection, the HTTP/2
//! streams past a connection's first, and the long-lived requests (event
//! streams and websockets), counted in total against the server's cap
//! and per client against its limits.
//!
//! At the cap the server makes room: first by closing the connection that
//! has idled longest, then by shedding a long-lived connection of the
//! client that holds the most of them (its oldest). A short request in
//! flight is never shed.

use atomic_waker::AtomicWaker;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// A kind of long-lived request, limited per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LongLived {
    /// A response of type `text/event-stream`.
    EventStream,
    /// A connection upgraded to a websocket.
    WebSocket,
}

impl LongLived {
    fn name(self) -> &'static str {
        match self {
            Self::EventStream => "event streams",
            Self::WebSocket => "websockets",
        }
    }
}

/// How much one client (one address) may hold at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientLimits {
    /// Connections, plus HTTP/2 streams past each connection's first.
    pub(crate) connections: usize,
    pub(crate) event_streams: usize,
    pub(crate) websockets: usize,
}

impl ClientLimits {
    fn of(&self, kind: LongLived) -> usize {
        match kind {
            LongLived::EventStream => self.event_streams,
            LongLived::WebSocket => self.websockets,
        }
    }
}

/// What one client holds now.
#[derive(Debug, Default)]
struct Holding {
    slots: usize,
    event_streams: usize,
    websockets: usize,
}

impl Holding {
    fn long_lived(&self) -> usize {
        self.event_streams + self.websockets
    }

    fn of(&mut self, kind: LongLived) -> &mut usize {
        match kind {
            LongLived::EventStream => &mut self.event_streams,
            LongLived::WebSocket => &mut self.websockets,
        }
    }
}

/// When a connection last went idle, or that it was asked to close: one
/// atomic word, so that a request ending and an eviction never race (an
/// evicted connection stays evicted).
pub(crate) struct IdleSince(AtomicU64);

impl IdleSince {
    /// Stands for "asked to close"; never a time.
    const EVICTED: u64 = u64::MAX;

    fn new(now_ms: u64) -> Self {
        Self(AtomicU64::new(now_ms))
    }

    /// Milliseconds since the registry's start; `None` once the
    /// connection was asked to close.
    pub(crate) fn get(&self) -> Option<u64> {
        let v = self.0.load(Ordering::Relaxed);
        (v != Self::EVICTED).then_some(v)
    }

    /// Records that the connection went idle at `now_ms`, unless it was
    /// asked to close.
    fn idle_at(&self, now_ms: u64) {
        let _ = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                (v != Self::EVICTED).then_some(now_ms)
            });
    }

    /// Marks the connection as asked to close.
    fn evict(&self) {
        self.0.store(Self::EVICTED, Ordering::Relaxed);
    }
}

/// What the server and the connection's task know of one connection.
pub(crate) struct ConnState {
    id: u64,
    pub(crate) client: IpAddr,
    /// When it opened, in milliseconds since the registry's start.
    opened: u64,
    /// Whether it speaks HTTP/2 (its streams past the first take slots).
    pub(crate) h2: AtomicBool,
    /// Requests whose response is not fully sent yet.
    pub(crate) in_flight: AtomicUsize,
    /// Requests begun on it so far.
    pub(crate) begun: AtomicU64,
    /// Event streams and websockets on it.
    long_lived: AtomicUsize,
    /// When the last request ended (or the connection opened); nothing
    /// once asked to close.
    pub(crate) idle_since: IdleSince,
    /// Asks the connection's task to close (the server needs its slot).
    pub(crate) evict: Notify,
    /// Set when the connection is shed: its socket fails every read and
    /// write from then on, wherever it is (hyper, an event stream, a
    /// websocket's task).
    aborted: AtomicBool,
    abort_waker: AtomicWaker,
    /// The websocket this connection was upgraded to, counted until the
    /// socket is let go.
    websocket: Mutex<Option<LongGuard>>,
    /// Set when the next HTTP/1 request's line carries a fragment: the
    /// request gets 400 (the parsed target has lost it).
    pub(crate) fragment: AtomicBool,
    /// Numbers the HTTP/2 response bodies of the connection.
    pub(crate) next_stream: AtomicU64,
    /// The HTTP/2 response bodies with data hyper has not asked for (the
    /// peer's window is shut), and since when.
    waiting: Mutex<HashMap<u64, Instant>>,
}

impl ConnState {
    /// Whether the connection was shed.
    pub(crate) fn is_aborted(&self) -> bool {
        self.aborted.load(Ordering::Acquire)
    }

    /// Wakes `waker` when the connection is shed.
    pub(crate) fn on_abort(&self, waker: &std::task::Waker) {
        self.abort_waker.register(waker);
    }

    /// The HTTP/2 bodies waiting for the peer's window.
    pub(crate) fn waiting_bodies(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Instant>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Since when the body waiting longest for the peer's window waits.
    pub(crate) fn stalled_since(&self) -> Option<Instant> {
        self.waiting_bodies().values().min().copied()
    }

    /// Keeps the websocket's count until the connection's socket is let go.
    pub(crate) fn hold_websocket(&self, guard: LongGuard) {
        *self.websocket.lock().unwrap_or_else(|p| p.into_inner()) = Some(guard);
    }
}

/// Why a client's connection or request is refused.
#[derive(Debug)]
pub(crate) struct OverLimit;

/// A client's refusals in the current second.
struct Refusals {
    since: std::time::Instant,
    count: u32,
}

/// Refusals in one second past which a client's new connections are
/// refused as they are accepted, for the rest of that second (a flood
/// then costs an accept and a close each, not a task and a parse).
const FLOOD: u32 = 64;

struct Inner {
    conns: HashMap<u64, Arc<ConnState>>,
    clients: HashMap<IpAddr, Holding>,
    refusals: HashMap<IpAddr, Refusals>,
    /// Limits bitten are logged at most once a second.
    logged: super::Throttled,
}

/// The open connections and what each client holds.
pub(crate) struct Registry {
    pub(crate) start: Instant,
    /// Slots taken: connections, plus HTTP/2 streams past each
    /// connection's first.
    slots: AtomicUsize,
    next_id: AtomicU64,
    limits: ClientLimits,
    inner: Mutex<Inner>,
    /// Set when the server begins to stop.
    stopping: AtomicBool,
}

impl Registry {
    pub(crate) fn new(limits: ClientLimits) -> Self {
        Self {
            start: Instant::now(),
            slots: AtomicUsize::new(0),
            next_id: AtomicU64::new(0),
            limits,
            inner: Mutex::new(Inner {
                conns: HashMap::new(),
                clients: HashMap::new(),
                refusals: HashMap::new(),
                logged: super::Throttled::default(),
            }),
            stopping: AtomicBool::new(false),
        }
    }

    /// Records that the server begins to stop (HTTP/1 answers from now
    /// on say `Connection: close`).
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::Release);
    }

    /// Whether the server is stopping.
    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(IdleSince::EVICTED - 1)
    }

    /// Slots taken now.
    pub(crate) fn open(&self) -> usize {
        self.slots.load(Ordering::Acquire)
    }

    /// Logs, at most once a second, that a client reached a limit, and
    /// counts the refusal.
    fn log_limit(inner: &mut Inner, client: IpAddr, what: &str, limit: usize) {
        Self::count_refusal(inner, client, std::time::Instant::now());
        if inner.logged.should_log() {
            tracing::warn!(%client, "client holds {limit} {what}, its limit: refusing more");
        }
    }

    /// Counts one refusal of `client` in the current second.
    fn count_refusal(inner: &mut Inner, client: IpAddr, now: std::time::Instant) {
        if inner.refusals.len() >= 4096 {
            inner
                .refusals
                .retain(|_, r| now.duration_since(r.since) < Duration::from_secs(1));
        }
        let r = inner.refusals.entry(client).or_insert(Refusals {
            since: now,
            count: 0,
        });
        if now.duration_since(r.since) >= Duration::from_secs(1) {
            *r = Refusals {
                since: now,
                count: 0,
            };
        }
        r.count = r.count.saturating_add(1);
    }

    /// Registers a new connection from `client`. A client refused more
    /// than [`FLOOD`] times this second is refused at once; a client at its
    /// limit first gives up its own connection idle longest; `OverLimit`
    /// when it has none.
    pub(crate) fn register(self: &Arc<Self>, client: IpAddr) -> Result<Registration, OverLimit> {
        let mut inner = self.lock();
        if inner
            .refusals
            .get(&client)
            .is_some_and(|r| r.count >= FLOOD && r.since.elapsed() < Duration::from_secs(1))
        {
            Self::count_refusal(&mut inner, client, std::time::Instant::now());
            if inner.logged.should_log() {
                tracing::warn!(%client, "client refused over {FLOOD} times this second: its new connections are refused as they arrive");
            }
            return Err(OverLimit);
        }
        let held = inner.clients.get(&client).map_or(0, |h| h.slots);
        if held >= self.limits.connections {
            let idlest = Self::idlest(inner.conns.values().filter(|c| c.client == client));
            match idlest {
                Some(c) => Self::ask_to_close(c),
                None => {
                    Self::log_limit(&mut inner, client, "connections", self.limits.connections);
                    return Err(OverLimit);
                }
            }
        }
        let state = Arc::new(ConnState {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            client,
            opened: self.now_ms(),
            h2: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            begun: AtomicU64::new(0),
            long_lived: AtomicUsize::new(0),
            idle_since: IdleSince::new(self.now_ms()),
            evict: Notify::new(),
            aborted: AtomicBool::new(false),
            abort_waker: AtomicWaker::new(),
            websocket: Mutex::new(None),
            fragment: AtomicBool::new(false),
            next_stream: AtomicU64::new(0),
            waiting: Mutex::new(HashMap::new()),
        });
        inner.conns.insert(state.id, state.clone());
        inner.clients.entry(client).or_default().slots += 1;
        self.slots.fetch_add(1, Ordering::AcqRel);
        Ok(Registration {
            registry: self.clone(),
            state,
        })
    }

    fn idlest<'a>(conns: impl Iterator<Item = &'a Arc<ConnState>>) -> Option<&'a Arc<ConnState>> {
        conns
            .filter(|c| c.in_flight.load(Ordering::Acquire) == 0)
            // A websocket has no request in flight, and is not idle.
            .filter(|c| c.long_lived.load(Ordering::Acquire) == 0)
            .filter_map(|c| c.idle_since.get().map(|since| (c, since)))
            .min_by_key(|&(_, since)| since)
            .map(|(c, _)| c)
    }

    fn ask_to_close(c: &ConnState) {
        c.evict.notify_one();
        // Counted as busy until it is gone, so that the next eviction
        // picks another.
        c.idle_since.evict();
    }

    /// Makes room for a new connection: asks the connection idle longest
    /// to close, or else sheds the oldest long-lived connection of the
    /// client holding the most long-lived requests. Whether it found one.
    pub(crate) fn make_room(&self) -> bool {
        let inner = self.lock();
        if let Some(c) = Self::idlest(inner.conns.values()) {
            Self::ask_to_close(c);
            return true;
        }
        // Of the connections holding long-lived requests, the oldest of
        // the client that holds the most.
        let held = |c: &ConnState| inner.clients.get(&c.client).map_or(0, Holding::long_lived);
        let oldest = inner
            .conns
            .values()
            .filter(|c| c.long_lived.load(Ordering::Acquire) > 0 && !c.is_aborted())
            .max_by_key(|c| {
                (
                    held(c),
                    std::cmp::Reverse(c.opened),
                    std::cmp::Reverse(c.id),
                )
            });
        match oldest {
            Some(c) => {
                tracing::debug!(client = %c.client, "connection cap reached: shedding a long-lived connection");
                c.aborted.store(true, Ordering::Release);
                c.abort_waker.wake();
                Self::ask_to_close(c);
                true
            }
            None => false,
        }
    }

    /// Asks the connection idle longest to close (out of file
    /// descriptors); whether there was one.
    pub(crate) fn evict_idlest(&self) -> bool {
        let inner = self.lock();
        Self::idlest(inner.conns.values())
            .inspect(|c| Self::ask_to_close(c))
            .is_some()
    }

    /// Counts a long-lived request of `state`'s client, or `OverLimit`
    /// when the client holds its limit of that kind.
    pub(crate) fn begin_long(
        self: &Arc<Self>,
        state: &Arc<ConnState>,
        kind: LongLived,
    ) -> Result<LongGuard, OverLimit> {
        let mut inner = self.lock();
        let limit = self.limits.of(kind);
        let holding = inner.clients.entry(state.client).or_default();
        if *holding.of(kind) >= limit {
            Self::log_limit(&mut inner, state.client, kind.name(), limit);
            return Err(OverLimit);
        }
        *holding.of(kind) += 1;
        state.long_lived.fetch_add(1, Ordering::AcqRel);
        Ok(LongGuard {
            registry: self.clone(),
            state: state.clone(),
            kind,
        })
    }

    /// Takes a slot for an HTTP/2 stream past its connection's first, or
    /// `OverLimit` when its client holds all its slots.
    fn begin_stream(&self, state: &ConnState) -> Result<(), OverLimit> {
        let mut inner = self.lock();
        let holding = inner.clients.entry(state.client).or_default();
        if holding.slots >= self.limits.connections {
            Self::log_limit(
                &mut inner,
                state.client,
                "connections and streams",
                self.limits.connections,
            );
            return Err(OverLimit);
        }
        holding.slots += 1;
        self.slots.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    fn end_slot(&self, client: IpAddr) {
        let mut inner = self.lock();
        if let Some(h) = inner.clients.get_mut(&client) {
            h.slots -= 1;
            if h.slots == 0 && h.long_lived() == 0 {
                inner.clients.remove(&client);
            }
        }
        self.slots.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A connection's place in the registry, given back when it closes.
pub(crate) struct Registration {
    registry: Arc<Registry>,
    pub(crate) state: Arc<ConnState>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        // The websocket's guard refers to the state: let it go first.
        let websocket = self
            .state
            .websocket
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        drop(websocket);
        self.registry.lock().conns.remove(&self.state.id);
        self.registry.end_slot(self.state.client);
    }
}

/// Counts one long-lived request until dropped.
pub(crate) struct LongGuard {
    registry: Arc<Registry>,
    state: Arc<ConnState>,
    kind: LongLived,
}

impl Drop for LongGuard {
    fn drop(&mut self) {
        self.state.long_lived.fetch_sub(1, Ordering::AcqRel);
        let mut inner = self.registry.lock();
        if let Some(h) = inner.clients.get_mut(&self.state.client) {
            *h.of(self.kind) -= 1;
            if h.slots == 0 && h.long_lived() == 0 {
                inner.clients.remove(&self.state.client);
            }
        }
    }
}

/// Counts a request as in flight until dropped (with its response body),
/// and an HTTP/2 stream past its connection's first as a slot.
pub(crate) struct InFlight {
    registry: Arc<Registry>,
    state: Arc<ConnState>,
    extra_slot: bool,
}

impl InFlight {
    /// Begins a request on `state`'s connection; `OverLimit` for an
    /// HTTP/2 stream its client has no slot for.
    pub(crate) fn begin(
        registry: &Arc<Registry>,
        state: &Arc<ConnState>,
    ) -> Result<Self, OverLimit> {
        let before = state.in_flight.fetch_add(1, Ordering::AcqRel);
        state.begun.fetch_add(1, Ordering::Relaxed);
        let extra_slot = before > 0 && state.h2.load(Ordering::Relaxed);
        if extra_slot && registry.begin_stream(state).is_err() {
            state.in_flight.fetch_sub(1, Ordering::AcqRel);
            return Err(OverLimit);
        }
        Ok(Self {
            registry: registry.clone(),
            state: state.clone(),
            extra_slot,
        })
    }
}

impl InFlight {
    /// The connection the request is on.
    pub(crate) fn state(&self) -> &Arc<ConnState> {
        &self.state
    }

    /// Whether the server is stopping.
    pub(crate) fn server_stopping(&self) -> bool {
        self.registry.is_stopping()
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.extra_slot {
            self.registry.end_slot(self.state.client);
        }
        if self.state.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.state.idle_since.idle_at(self.registry.now_ms());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(connections: usize, event_streams: usize) -> Arc<Registry> {
        Arc::new(Registry::new(ClientLimits {
            connections,
            event_streams,
            websockets: event_streams,
        }))
    }

    const A: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 1));
    const B: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

    #[tokio::test]
    async fn a_client_at_its_limit_gives_up_its_idle_connection_else_is_refused() {
        let r = registry(2, 1);
        let a1 = r.register(A).unwrap();
        let a2 = r.register(A).unwrap();
        let _busy = InFlight::begin(&r, &a2.state).unwrap();
        // a1 is idle: it is asked to close to make room.
        let a3 = r.register(A).unwrap();
        assert_eq!(a1.state.idle_since.get(), None);
        let _busy3 = InFlight::begin(&r, &a3.state).unwrap();
        drop(a1);
        // Both busy now: refused. Another client is not affected.
        assert!(r.register(A).is_err());
        assert!(r.register(B).is_ok());
    }

    #[tokio::test]
    async fn a_client_refused_past_the_flood_mark_is_refused_at_accept_for_the_second() {
        let r = registry(10, 1);
        let a = r.register(A).unwrap();
        let _held = r.begin_long(&a.state, LongLived::EventStream).unwrap();
        for _ in 0..FLOOD {
            assert!(r.begin_long(&a.state, LongLived::EventStream).is_err());
        }
        assert!(r.register(A).is_err(), "refused as it is accepted");
        assert!(r.register(B).is_ok(), "another client is not");
    }

    #[tokio::test]
    async fn long_lived_requests_are_limited_per_client_and_given_back() {
        let r = registry(10, 2);
        let a = r.register(A).unwrap();
        let g1 = r.begin_long(&a.state, LongLived::EventStream).unwrap();
        let _g2 = r.begin_long(&a.state, LongLived::EventStream).unwrap();
        assert!(r.begin_long(&a.state, LongLived::EventStream).is_err());
        assert!(r.begin_long(&a.state, LongLived::WebSocket).is_ok());
        drop(g1);
        assert!(r.begin_long(&a.state, LongLived::EventStream).is_ok());
    }

    #[tokio::test]
    async fn http2_streams_past_the_first_take_slots() {
        let r = registry(3, 1);
        let a = r.register(A).unwrap();
        a.state.h2.store(true, Ordering::Relaxed);
        let s1 = InFlight::begin(&r, &a.state).unwrap();
        let s2 = InFlight::begin(&r, &a.state).unwrap();
        let s3 = InFlight::begin(&r, &a.state).unwrap();
        assert_eq!(r.open(), 3);
        assert!(InFlight::begin(&r, &a.state).is_err());
        drop((s1, s2, s3));
        assert_eq!(r.open(), 1);
        drop(a);
        assert_eq!(r.open(), 0);
        assert!(r.lock().clients.is_empty());
    }

    #[tokio::test]
    async fn at_the_cap_the_greediest_clients_oldest_long_lived_connection_is_shed() {
        let r = registry(100, 100);
        let mut held = Vec::new();
        for client in [A, A, A, B] {
            let reg = r.register(client).unwrap();
            let flight = InFlight::begin(&r, &reg.state).unwrap();
            let long = r.begin_long(&reg.state, LongLived::EventStream).unwrap();
            held.push((reg, flight, long));
        }
        // A short request in flight is never shed.
        let short = r.register(B).unwrap();
        let _short_flight = InFlight::begin(&r, &short.state).unwrap();
        assert!(r.make_room());
        assert!(held[0].0.state.is_aborted(), "A's oldest goes first");
        assert!(!held[1].0.state.is_aborted() && !held[3].0.state.is_aborted());
        assert!(r.make_room());
        assert!(held[1].0.state.is_aborted());
        assert!(!short.state.is_aborted());
    }
}
