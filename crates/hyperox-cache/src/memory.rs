//! The in-process store: bounded by bytes, TTL per entry, sharded reads.

use crate::clock::{Clock, ManualClock, millis};
use crate::counter::Counter;
use crate::error::Error;
use crate::flight::{self, Flights, Joined};
use crate::store::{Compute, Stats, Store, StoreFuture};
use bytes::Bytes;
use quick_cache::sync::Cache;
use quick_cache::{DefaultHashBuilder, Lifecycle, Weighter};
use std::sync::Arc;
use std::time::Duration;

/// What an entry costs beyond its key and value: the entry itself and the
/// cache's bookkeeping for it.
const ENTRY_OVERHEAD: u64 = 64;

/// The default in-process store: at most `max_bytes` of keys and values
/// (the least useful entries go first, by S3-FIFO), each entry kept for
/// its own TTL.
///
/// Reads take a shard's read lock only, so hits on two cores do not
/// wait for each other, and nothing is computed under any lock. Built on
/// `quick_cache`, which measured faster than `moka` on hits (see the
/// `cache` benchmark).
///
/// # Example
///
/// ```
/// use hyperox_cache::{Cache, MemoryStore};
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let cache = Cache::new(MemoryStore::new(64 << 20));
/// let html = cache
///     .get_or_compute("menu", Duration::from_secs(60), || async {
///         Ok::<_, std::io::Error>("<nav>…</nav>".into())
///     })
///     .await
///     .unwrap();
/// assert_eq!(html, "<nav>…</nav>");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct MemoryStore {
    inner: Arc<Inner>,
}

type Entries = Cache<Box<str>, Entry, ByteWeight, DefaultHashBuilder, Evictions>;

#[derive(Debug)]
struct Inner {
    entries: Entries,
    clock: Clock,
    flights: Arc<Flights>,
    hits: Counter,
    misses: Counter,
    computations: Counter,
    errors: Counter,
    evictions: Arc<Counter>,
}

#[derive(Debug, Clone)]
struct Entry {
    html: Bytes,
    /// When it goes stale, in milliseconds on the store's clock.
    expires: u64,
    /// How long its computation took, in milliseconds: how early a
    /// refresh may start.
    cost: u32,
}

/// How far ahead of expiry (in computation costs) an early refresh is
/// considered at all; past it the chance is below e^-8.
const EARLY_WINDOW: u64 = 8;

/// Whether a hit `remaining` ms before expiry on an entry that cost
/// `cost` ms to compute starts a refresh now (XFetch: with probability
/// that rises as expiry nears, so that about one hit per TTL window
/// recomputes early and nobody waits when the entry expires).
#[inline(always)]
fn refresh_early(cost: u32, remaining: u64) -> bool {
    cost != 0 && remaining < u64::from(cost) * EARLY_WINDOW && draw_early(cost, remaining)
}

/// The XFetch draw, for an entry within its window.
#[cold]
fn draw_early(cost: u32, remaining: u64) -> bool {
    f64::from(cost) * -uniform().ln() >= remaining as f64
}

/// A number in (0, 1], from a per-thread xorshift generator.
fn uniform() -> f64 {
    use std::cell::Cell;
    thread_local! {
        static STATE: Cell<u64> = Cell::new({
            let here = &0u8 as *const u8 as u64;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            (here ^ now) | 1
        });
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        ((x >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    })
}

#[derive(Debug, Clone, Copy)]
struct ByteWeight;

impl Weighter<Box<str>, Entry> for ByteWeight {
    #[inline]
    fn weight(&self, key: &Box<str>, entry: &Entry) -> u64 {
        key.len() as u64 + entry.html.len() as u64 + ENTRY_OVERHEAD
    }
}

#[derive(Debug, Clone, Default)]
struct Evictions(Arc<Counter>);

impl Lifecycle<Box<str>, Entry> for Evictions {
    type RequestState = ();

    #[inline]
    fn on_evict(&self, _state: &mut (), _key: Box<str>, _entry: Entry) {
        self.0.incr();
    }
}

impl MemoryStore {
    /// A store holding at most `max_bytes` of keys and values.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::{MemoryStore, Store};
    /// let store = MemoryStore::new(32 << 20);
    /// assert_eq!(store.max_bytes(), 32 << 20);
    /// ```
    pub fn new(max_bytes: u64) -> Self {
        Self::build(max_bytes, Clock::system())
    }

    /// A store whose entries expire by `clock`, for tests.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::{ManualClock, MemoryStore};
    /// let store = MemoryStore::with_clock(1 << 20, ManualClock::new());
    /// ```
    pub fn with_clock(max_bytes: u64, clock: ManualClock) -> Self {
        Self::build(max_bytes, Clock::Manual(clock))
    }

    fn build(max_bytes: u64, clock: Clock) -> Self {
        let evictions = Arc::new(Counter::default());
        // An estimate of the entry count sizes the shards' tables; 1 KiB
        // is a small component.
        let estimated = usize::try_from(max_bytes / 1024)
            .unwrap_or(usize::MAX)
            .max(64);
        let entries = Cache::with(
            estimated,
            max_bytes,
            ByteWeight,
            DefaultHashBuilder::default(),
            Evictions(evictions.clone()),
        );
        Self {
            inner: Arc::new(Inner {
                entries,
                clock,
                flights: Arc::default(),
                hits: Counter::default(),
                misses: Counter::default(),
                computations: Counter::default(),
                errors: Counter::default(),
                evictions,
            }),
        }
    }

    /// The fresh value of `key`, counted as a hit, or `None` (not counted).
    #[inline]
    pub(crate) fn hit(&self, key: &str) -> Option<Bytes> {
        let html = self.inner.lookup(key)?;
        self.inner.hits.incr();
        Some(html)
    }

    /// The bound this store was made with.
    pub fn max_bytes(&self) -> u64 {
        self.inner.entries.capacity()
    }

    /// Joins the computation of `key`, or starts `compute` (unless
    /// `recheck` finds a value), keeping its value for `ttl` with what it
    /// cost.
    fn fill(
        &self,
        key: &str,
        ttl: Duration,
        mut compute: Compute<'_>,
        recheck: impl FnOnce() -> Option<Bytes>,
    ) -> Joined {
        let cost = Arc::new(std::sync::atomic::AtomicU32::new(0));
        let keeper = (self.inner.clone(), cost.clone());
        let owned_key: Box<str> = key.into();
        self.inner.flights.join(
            key,
            recheck,
            || {
                self.inner.computations.incr();
                let fut = compute.start();
                let inner = self.inner.clone();
                Box::pin(async move {
                    let started = inner.clock.now();
                    let out = flight::guarded(fut).await;
                    let took = inner.clock.now().saturating_sub(started);
                    cost.store(
                        u32::try_from(took).unwrap_or(u32::MAX),
                        std::sync::atomic::Ordering::Relaxed,
                    );
                    if out.is_err() {
                        inner.errors.incr();
                    }
                    out
                })
            },
            move |html| {
                let (inner, cost) = keeper;
                let cost = cost.load(std::sync::atomic::Ordering::Relaxed);
                inner.keep(&owned_key, html.clone(), ttl, cost);
            },
        )
    }
}

impl Inner {
    /// The fresh value of `key`; an expired one is dropped.
    #[inline]
    fn lookup(&self, key: &str) -> Option<Bytes> {
        self.lookup_early(key).map(|(html, _)| html)
    }

    /// The fresh value of `key`, and whether to refresh it early.
    #[inline]
    fn lookup_early(&self, key: &str) -> Option<(Bytes, bool)> {
        let entry = self.entries.get(key)?;
        let now = self.clock.now();
        if entry.expires > now {
            let early = refresh_early(entry.cost, entry.expires - now);
            return Some((entry.html, early));
        }
        self.entries.remove_if(key, |e| e.expires <= now);
        None
    }

    fn keep(&self, key: &str, html: Bytes, ttl: Duration, cost: u32) {
        if ttl.is_zero() {
            return;
        }
        let expires = self.clock.now().saturating_add(millis(ttl).max(1));
        self.entries.insert(
            key.into(),
            Entry {
                html,
                expires,
                cost,
            },
        );
    }
}

impl Store for MemoryStore {
    #[inline]
    fn get_or_compute<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
        compute: Compute<'a>,
    ) -> StoreFuture<'a, Result<Bytes, Error>> {
        let inner = &self.inner;
        if let Some((html, early)) = inner.lookup_early(key) {
            inner.hits.incr();
            if early {
                // Recompute now, on its own task, while hits go on getting
                // this value; one flight per key, however many hits ask.
                let _running = self.fill(key, ttl, compute, || None);
            }
            return StoreFuture::ready(Ok(html));
        }
        inner.misses.incr();
        match self.fill(key, ttl, compute, || inner.lookup(key)) {
            Joined::Ready(html) => StoreFuture::ready(Ok(html)),
            Joined::Wait(rx) => StoreFuture::boxed(flight::wait(rx)),
        }
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<Option<Bytes>, Error>> {
        let found = self.inner.lookup(key);
        match found {
            Some(_) => self.inner.hits.incr(),
            None => self.inner.misses.incr(),
        }
        StoreFuture::ready(Ok(found))
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), Error>> {
        self.inner.flights.forget(key);
        if ttl.is_zero() {
            self.inner.entries.remove(key);
        } else {
            self.inner.keep(key, value, ttl, 0);
        }
        StoreFuture::ready(Ok(()))
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), Error>> {
        self.inner.flights.forget(key);
        self.inner.entries.remove(key);
        StoreFuture::ready(Ok(()))
    }

    fn purge(&self) -> StoreFuture<'_, Result<(), Error>> {
        self.inner.flights.forget_all();
        self.inner.entries.clear();
        StoreFuture::ready(Ok(()))
    }

    fn stats(&self) -> Stats {
        let i = &self.inner;
        Stats {
            hits: i.hits.get(),
            misses: i.misses.get(),
            computations: i.computations.get(),
            errors: i.errors.get(),
            evictions: i.evictions.get(),
            fallbacks: 0,
            entries: i.entries.len() as u64,
            bytes: i.entries.weight(),
        }
    }
}
