//! `Cache`: a store behind a handle, and cached components.

use crate::error::Error;
use crate::memory::MemoryStore;
use crate::store::{Compute, Store};
use bytes::Bytes;
use hyperox_html::{Buffer, Node, TextMode};
use serde::Serialize;
use std::convert::Infallible;
use std::fmt::{self, Write as _};
use std::future::Future;
use std::panic::Location;
use std::sync::Arc;
use std::time::Duration;

/// A cache: a [`Store`] shared by clones of this handle, with the
/// generic calls apps make.
///
/// A component is cached by where it is written: [`cached`](Self::cached)
/// keys an entry by its call site, [`cached_by`](Self::cached_by) by its
/// call site and its arguments, so two call sites or two sets of
/// arguments never share an entry.
///
/// # Example
///
/// ```
/// use hyperox_cache::{Cache, MemoryStore};
/// use hyperox_html::prelude::*;
/// use std::time::Duration;
///
/// async fn menu(cache: &Cache, user: u32) -> hyperox_cache::Cached {
///     cache
///         .cached_by(Duration::from_secs(60), user, |user| async move {
///             nav(("Signed in as ", user))
///         })
///         .await
///         .unwrap()
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let cache = Cache::new(MemoryStore::new(1 << 20));
/// assert_eq!(menu(&cache, 7).await.render(), "<nav>Signed in as 7</nav>");
/// assert_eq!(menu(&cache, 8).await.render(), "<nav>Signed in as 8</nav>");
/// assert_eq!(menu(&cache, 7).await.render(), "<nav>Signed in as 7</nav>");
/// assert_eq!(cache.store().stats().computations, 2);
/// # });
/// ```
#[derive(Clone)]
pub struct Cache {
    store: Arc<dyn Store>,
}

impl fmt::Debug for Cache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cache").field(&self.store).finish()
    }
}

impl Default for Cache {
    /// An in-process cache of at most 64 MiB.
    fn default() -> Self {
        Self::new(MemoryStore::new(64 << 20))
    }
}

impl Cache {
    /// A cache in `store`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::{Cache, MemoryStore};
    /// let cache = Cache::new(MemoryStore::new(8 << 20));
    /// ```
    pub fn new(store: impl Store) -> Self {
        Self {
            store: Arc::new(store),
        }
    }

    /// A cache in a store that is already shared.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::{Cache, MemoryStore, Store};
    /// use std::sync::Arc;
    /// let store: Arc<dyn Store> = Arc::new(MemoryStore::new(8 << 20));
    /// let cache = Cache::from_arc(store.clone());
    /// ```
    pub fn from_arc(store: Arc<dyn Store>) -> Self {
        Self { store }
    }

    /// The store behind this cache: for `delete`, `purge` and `stats`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::Cache;
    /// assert_eq!(Cache::default().store().stats().hits, 0);
    /// ```
    pub fn store(&self) -> &dyn Store {
        &*self.store
    }

    /// The value of `key`, or the one `compute` makes, kept for `ttl`.
    ///
    /// `compute` runs once however many callers ask for `key` at once, on
    /// a task of its own: a caller that goes away does not cancel it. Its
    /// error (or panic) reaches every caller waiting on it and nothing is
    /// kept, so the next call tries again.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::Cache;
    /// use std::time::Duration;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let cache = Cache::default();
    /// let failed = cache
    ///     .get_or_compute("k", Duration::from_secs(5), || async { Err::<bytes::Bytes, _>("no database") })
    ///     .await;
    /// assert!(failed.is_err());
    /// let html = cache
    ///     .get_or_compute("k", Duration::from_secs(5), || async { Ok::<_, std::io::Error>("<p>ok</p>".into()) })
    ///     .await
    ///     .unwrap();
    /// assert_eq!(html, "<p>ok</p>");
    /// # });
    /// ```
    pub async fn get_or_compute<F, Fut, E>(
        &self,
        key: &str,
        ttl: Duration,
        compute: F,
    ) -> Result<Bytes, Error>
    where
        F: FnOnce() -> Fut + Send,
        Fut: Future<Output = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let mut slot = Some(compute);
        self.store
            .get_or_compute(key, ttl, Compute::new(&mut slot))
            .await
    }

    /// A component rendered once per `ttl` and kept, keyed by this call
    /// site.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::Cache;
    /// use hyperox_html::prelude::*;
    /// use std::time::Duration;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let cache = Cache::default();
    /// for _ in 0..3 {
    ///     let footer = cache.cached(Duration::from_secs(60), || async { footer("© 2026") }).await.unwrap();
    ///     assert_eq!(footer.render(), "<footer>© 2026</footer>");
    /// }
    /// assert_eq!(cache.store().stats().computations, 1);
    /// # });
    /// ```
    #[track_caller]
    pub fn cached<F, Fut, N>(
        &self,
        ttl: Duration,
        render: F,
    ) -> impl Future<Output = Result<Cached, Error>> + Send + '_
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = N> + Send + 'static,
        N: Node,
    {
        let key = site_key(Location::caller());
        async move {
            self.fill(&key, ttl, || {
                let fut = render();
                async move { Ok::<_, Infallible>(fut.await) }
            })
            .await
        }
    }

    /// A component rendered once per `ttl` for each `key`, keyed by this
    /// call site and `key` (its arguments, serialized), which `render`
    /// gets back so that it renders from the key and nothing else.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::Cache;
    /// use hyperox_html::prelude::*;
    /// use std::time::Duration;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let cache = Cache::default();
    /// let row = |id: u32, name: &'static str| {
    ///     cache.cached_by(Duration::from_secs(60), (id, name), |(id, name)| async move {
    ///         li((id, " ", name))
    ///     })
    /// };
    /// assert_eq!(row(1, "milk").await.unwrap().render(), "<li>1 milk</li>");
    /// assert_eq!(row(1, "eggs").await.unwrap().render(), "<li>1 eggs</li>");
    /// # });
    /// ```
    #[track_caller]
    pub fn cached_by<K, F, Fut, N>(
        &self,
        ttl: Duration,
        key: K,
        render: F,
    ) -> impl Future<Output = Result<Cached, Error>> + Send + '_
    where
        K: Serialize + Send + 'static,
        F: FnOnce(K) -> Fut + Send + 'static,
        Fut: Future<Output = N> + Send + 'static,
        N: Node,
    {
        self.try_cached_by(ttl, key, move |key| {
            let fut = render(key);
            async move { Ok::<_, Infallible>(fut.await) }
        })
    }

    /// [`cached_by`](Self::cached_by) for a render that can fail (a
    /// database query inside): an error reaches the callers and is not
    /// kept.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_cache::Cache;
    /// use hyperox_html::prelude::*;
    /// use std::time::Duration;
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let cache = Cache::default();
    /// let count = cache
    ///     .try_cached_by(Duration::from_secs(5), "open", |filter| async move {
    ///         let n: u32 = "3".parse()?; // a query, say
    ///         Ok::<_, std::num::ParseIntError>(span((n, " ", filter)))
    ///     })
    ///     .await
    ///     .unwrap();
    /// assert_eq!(count.render(), "<span>3 open</span>");
    /// # });
    /// ```
    #[track_caller]
    pub fn try_cached_by<K, F, Fut, N, E>(
        &self,
        ttl: Duration,
        key: K,
        render: F,
    ) -> impl Future<Output = Result<Cached, Error>> + Send + '_
    where
        K: Serialize + Send + 'static,
        F: FnOnce(K) -> Fut + Send + 'static,
        Fut: Future<Output = Result<N, E>> + Send + 'static,
        N: Node,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let full = keyed(Location::caller(), &key);
        async move {
            let full = full?;
            self.fill(&full, ttl, move || render(key)).await
        }
    }

    async fn fill<F, Fut, N, E>(&self, key: &str, ttl: Duration, render: F) -> Result<Cached, Error>
    where
        F: FnOnce() -> Fut + Send,
        Fut: Future<Output = Result<N, E>> + Send + 'static,
        N: Node,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let html = self
            .get_or_compute(key, ttl, move || {
                let fut = render();
                async move {
                    let node = fut.await.map_err(Error::compute)?;
                    Ok::<_, Error>(Bytes::from(node.render()))
                }
            })
            .await?;
        Cached::new(html)
    }
}

/// The key of a component written at `site`.
fn site_key(site: &Location<'_>) -> String {
    format!("{}:{}:{}", site.file(), site.line(), site.column())
}

/// The key of a component written at `site` with arguments `key`: the
/// site, then the arguments as JSON, which is unambiguous (`("a", "bc")`
/// and `("ab", "c")` differ).
fn keyed<K: Serialize>(site: &Location<'_>, key: &K) -> Result<String, Error> {
    let mut out = site_key(site);
    out.push('|');
    let json = serde_json::to_string(key).map_err(Error::compute)?;
    let _ = write!(out, "{json}");
    Ok(out)
}

/// A cached component: rendered HTML, written as it is.
///
/// # Example
///
/// ```
/// use hyperox_cache::Cached;
/// use hyperox_html::prelude::*;
/// let part = Cached::new("<b>bold</b>".into()).unwrap();
/// assert_eq!(div(part).render(), "<div><b>bold</b></div>");
/// assert!(Cached::new(bytes::Bytes::from_static(b"\xff")).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    /// Checked once, when read from the store: written with no check
    /// after (a copy of the bytes costs less than checking them again).
    html: std::sync::Arc<str>,
}

impl Cached {
    /// Rendered HTML from a store; an error if it is not UTF-8.
    pub fn new(html: Bytes) -> Result<Self, Error> {
        let text = simdutf8::basic::from_utf8(&html).map_err(Error::store)?;
        Ok(Self { html: text.into() })
    }

    /// The HTML.
    pub fn as_str(&self) -> &str {
        &self.html
    }
}

impl Node for Cached {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push_str(self.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_different_arguments_differ() {
        let site = Location::caller();
        let a = keyed(site, &("a", "bc")).unwrap();
        let b = keyed(site, &("ab", "c")).unwrap();
        assert_ne!(a, b);
        assert_eq!(a, keyed(site, &("a", "bc")).unwrap());
    }
}
