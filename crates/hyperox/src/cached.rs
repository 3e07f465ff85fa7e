//! Cached components in pages and partials: the app's cache, reached
//! from `Cx`.

use crate::cx::Cx;
use hyperox_cache::{Cache, Cached, Error};
use hyperox_html::Node;
use serde::Serialize;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::Duration;

impl<S: Send + Sync + 'static> Cx<'_, S> {
    /// The app's cache: the one given to [`App::cache`](crate::App::cache),
    /// else an in-process one of `HYPEROX_CACHE_MB` (64 MiB), or Redis at
    /// `HYPEROX_REDIS_URL` (the `redis` feature).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    ///
    /// async fn forget(cx: Cx<'_, ()>) -> Partial {
    ///     cx.cache().store().purge().await.unwrap();
    ///     Partial::new("purged")
    /// }
    /// App::new(()).page("/purge", forget).unwrap();
    /// ```
    pub fn cache(&self) -> &Cache {
        &self.ctx.shared().cache
    }

    /// A component rendered once per `ttl` and kept in the app's cache,
    /// keyed by this call site; the answer it goes into gets a strong ETag
    /// (a repeat GET with `If-None-Match` gets 304).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page, Rejection};
    /// use hyperox::html::prelude::*;
    /// use std::time::Duration;
    ///
    /// async fn index(cx: Cx<'_, ()>) -> Result<Page, Rejection> {
    ///     let footer = cx.cached(Duration::from_secs(300), || async { footer("© 2026 Todos") }).await?;
    ///     Ok(Page::new(html(body((h1("Todos"), footer)))))
    /// }
    /// App::new(()).page("/", index).unwrap();
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
        self.ctx.holds_cached.store(true, Ordering::Relaxed);
        self.cache().cached(ttl, render)
    }

    /// A component rendered once per `ttl` for each `key` (its arguments),
    /// which `render` gets back; keyed by this call site and the key, so
    /// different arguments never share an entry. The answer gets a strong
    /// ETag.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial, Rejection};
    /// use hyperox::html::prelude::*;
    /// use std::time::Duration;
    ///
    /// async fn card(cx: Cx<'_, ()>, id: u32) -> Result<Partial, Rejection> {
    ///     let card = cx
    ///         .cached_by(Duration::from_secs(60), id, |id| async move { article(("Card ", id)) })
    ///         .await?;
    ///     Ok(Partial::new(card))
    /// }
    /// # let _ = card;
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
        self.ctx.holds_cached.store(true, Ordering::Relaxed);
        self.cache().cached_by(ttl, key, render)
    }

    /// [`cached_by`](Self::cached_by) for a render that can fail (a
    /// database query inside): its error reaches the page (a 500 through
    /// `?`) and is not kept.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial, Rejection};
    /// use hyperox::html::prelude::*;
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// struct Db(Vec<&'static str>);
    ///
    /// async fn list(cx: Cx<'_, Arc<Db>>) -> Result<Partial, Rejection> {
    ///     let db = cx.state().clone();
    ///     let list = cx
    ///         .try_cached_by(Duration::from_secs(5), "all", move |_filter| async move {
    ///             let rows: Vec<&str> = db.0.clone(); // a query, say
    ///             Ok::<_, std::io::Error>(ul(each(rows, li)))
    ///         })
    ///         .await?;
    ///     Ok(Partial::new(list))
    /// }
    /// App::new(Arc::new(Db(vec!["milk"]))).page("/list", list).unwrap();
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
        self.ctx.holds_cached.store(true, Ordering::Relaxed);
        self.cache().try_cached_by(ttl, key, render)
    }
}
