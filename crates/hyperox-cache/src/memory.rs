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
}

impl Inner {
    /// The fresh value of `key`; an expired one is dropped.
    #[inline]
    fn lookup(&self, key: &str) -> Option<Bytes> {
        let entry = self.entries.get(key)?;
        let now = self.clock.now();
        if entry.expires > now {
            return Some(entry.html);
        }
        self.entries.remove_if(key, |e| e.expires <= now);
        None
    }

    fn keep(&self, key: &str, html: Bytes, ttl: Duration) {
        if ttl.is_zero() {
            return;
        }
        let expires = self.clock.now().saturating_add(millis(ttl).max(1));
        self.entries.insert(key.into(), Entry { html, expires });
    }
}

impl Store for MemoryStore {
    #[inline]
    fn get_or_compute<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
        mut compute: Compute<'a>,
    ) -> StoreFuture<'a, Result<Bytes, Error>> {
        let inner = &self.inner;
        if let Some(html) = inner.lookup(key) {
            inner.hits.incr();
            return StoreFuture::ready(Ok(html));
        }
        inner.misses.incr();
        let keeper = self.inner.clone();
        let owned_key: Box<str> = key.into();
        let joined = inner.flights.join(
            key,
            || inner.lookup(key),
            || {
                inner.computations.incr();
                let fut = compute.start();
                let errors = self.inner.clone();
                Box::pin(async move {
                    let out = flight::guarded(fut).await;
                    if out.is_err() {
                        errors.errors.incr();
                    }
                    out
                })
            },
            move |html| keeper.keep(&owned_key, html.clone(), ttl),
        );
        match joined {
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
            self.inner.keep(key, value, ttl);
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
