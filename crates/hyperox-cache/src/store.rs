//! The `Store` trait: where cached HTML lives.

use crate::error::Error;
use bytes::Bytes;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// A computation's future, boxed: what a store runs to fill a key.
pub type ComputeFuture = Pin<Box<dyn Future<Output = Result<Bytes, Error>> + Send + 'static>>;

/// Where cached HTML lives: in this process, in Redis, or both.
///
/// Every method answers with a [`StoreFuture`], which is ready at once
/// when a store can answer without waiting (a hit in memory costs no
/// allocation) and boxed otherwise.
///
/// [`get_or_compute`](Self::get_or_compute) is single-flight: however
/// many callers ask for one missing key at once, `compute` runs once and
/// every caller gets its value, or its error. A computation runs on its
/// own task, so a caller that goes away does not cancel it for the others,
/// and a slow one never holds up other keys.
///
/// # Example
///
/// ```
/// use hyperox_cache::{Cache, MemoryStore, Store};
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let store = MemoryStore::new(1 << 20);
/// store.set("greeting", "<p>hi</p>".into(), Duration::from_secs(60)).await.unwrap();
/// assert_eq!(store.get("greeting").await.unwrap().as_deref(), Some(&b"<p>hi</p>"[..]));
/// assert_eq!(store.stats().hits, 1);
/// store.delete("greeting").await.unwrap();
/// assert_eq!(store.get("greeting").await.unwrap(), None);
/// # });
/// ```
pub trait Store: Send + Sync + fmt::Debug + 'static {
    /// The value of `key`, or the one `compute` makes, kept for `ttl`.
    fn get_or_compute<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
        compute: Compute<'a>,
    ) -> StoreFuture<'a, Result<Bytes, Error>>;

    /// The value of `key`, if it is there and fresh.
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<Option<Bytes>, Error>>;

    /// Keeps `value` under `key` for `ttl`.
    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), Error>>;

    /// Forgets `key`.
    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), Error>>;

    /// Forgets every key.
    fn purge(&self) -> StoreFuture<'_, Result<(), Error>>;

    /// Hits, misses, computations and evictions so far.
    fn stats(&self) -> Stats;
}

/// What a store has done: counters since it was made.
///
/// # Example
///
/// ```
/// use hyperox_cache::{MemoryStore, Store};
/// let stats = MemoryStore::new(1024).stats();
/// assert_eq!((stats.hits, stats.misses, stats.entries), (0, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Lookups that found a fresh value.
    pub hits: u64,
    /// Lookups that found none (or an expired one).
    pub misses: u64,
    /// Computations started (one per miss storm on one key).
    pub computations: u64,
    /// Computations that failed or panicked (nothing was kept).
    pub errors: u64,
    /// Entries pushed out to stay within the size bound.
    pub evictions: u64,
    /// Computations made without the store, because it was unreachable.
    pub fallbacks: u64,
    /// Entries held now (0 where the store cannot tell).
    pub entries: u64,
    /// Bytes held now, keys and values (0 where the store cannot tell).
    pub bytes: u64,
}

/// The computation handed to [`Store::get_or_compute`], started at most
/// once, and only on a miss (so a hit allocates nothing).
///
/// # Example
///
/// ```
/// use hyperox_cache::Compute;
/// use bytes::Bytes;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut slot = Some(|| async { Ok::<_, std::io::Error>(Bytes::from("<b>x</b>")) });
/// let mut compute = Compute::new(&mut slot);
/// assert_eq!(compute.start().await.unwrap(), "<b>x</b>");
/// // A second start is an error, never a second run.
/// assert!(compute.start().await.is_err());
/// # });
/// ```
pub struct Compute<'c> {
    start: &'c mut (dyn Start + Send),
}

trait Start {
    fn start(&mut self) -> Option<ComputeFuture>;
}

impl<F, Fut, E> Start for Option<F>
where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = Result<Bytes, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn start(&mut self) -> Option<ComputeFuture> {
        let f = self.take()?;
        let fut = f();
        Some(Box::pin(async move { fut.await.map_err(Error::compute) }))
    }
}

impl<'c> Compute<'c> {
    /// Wraps the computation in `slot`, which is taken when it starts.
    pub fn new<F, Fut, E>(slot: &'c mut Option<F>) -> Self
    where
        F: FnOnce() -> Fut + Send,
        Fut: Future<Output = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Self { start: slot }
    }

    /// Starts the computation: its future, which owns everything it needs
    /// and can run on a task of its own.
    pub fn start(&mut self) -> ComputeFuture {
        self.start
            .start()
            .unwrap_or_else(|| Box::pin(async { Err(Error::compute("started twice")) }))
    }
}

impl fmt::Debug for Compute<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Compute")
    }
}

/// A store's answer: ready at once, or a boxed future.
///
/// # Example
///
/// ```
/// use hyperox_cache::StoreFuture;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// assert_eq!(StoreFuture::ready(7).await, 7);
/// assert_eq!(StoreFuture::boxed(async { 8 }).await, 8);
/// # });
/// ```
#[must_use = "a store does nothing until its future is awaited"]
pub struct StoreFuture<'a, T> {
    inner: Inner<'a, T>,
}

enum Inner<'a, T> {
    Ready(Option<T>),
    Boxed(Pin<Box<dyn Future<Output = T> + Send + 'a>>),
}

impl<'a, T> StoreFuture<'a, T> {
    /// An answer known now.
    #[inline]
    pub fn ready(value: T) -> Self {
        Self {
            inner: Inner::Ready(Some(value)),
        }
    }

    /// An answer that needs waiting for.
    pub fn boxed(fut: impl Future<Output = T> + Send + 'a) -> Self {
        Self {
            inner: Inner::Boxed(Box::pin(fut)),
        }
    }
}

impl<T: Unpin> Future for StoreFuture<'_, T> {
    type Output = T;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        match &mut self.get_mut().inner {
            Inner::Ready(value) => Poll::Ready(value.take().expect("polled after it was ready")),
            Inner::Boxed(fut) => fut.as_mut().poll(cx),
        }
    }
}

impl<T> fmt::Debug for StoreFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.inner {
            Inner::Ready(_) => "StoreFuture::Ready",
            Inner::Boxed(_) => "StoreFuture::Boxed",
        })
    }
}
