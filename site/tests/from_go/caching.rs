//! htmgo's caching, in hyperox.

use hyperox::cache::{Cache, MemoryStore, TieredStore};
use hyperox::prelude::*;
use hyperox::test::Client;
use hyperox::{App, Cx};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

static RENDERS: AtomicU32 = AtomicU32::new(0);

/// `h.Cached`: one render per place in the code, kept for `ttl`.
#[tokio::test]
async fn cached() {
    async fn page(cx: Cx<'_, ()>) -> Result<Page, Rejection> {
        let ttl = Duration::from_secs(60);
        let footer = cx
            .cached(ttl, || async {
                let n = RENDERS.fetch_add(1, Ordering::SeqCst) + 1;
                footer(textf!("render {n}"))
            })
            .await?;
        Ok(Page::new(body(footer)))
    }
    let mut app = App::new(());
    app.page("/", page).unwrap();
    let client = Client::new(app);
    let first = client.get("/").await.text().to_owned();
    let second = client.get("/").await.text().to_owned();
    assert!(
        first.contains("render 1") && second.contains("render 1"),
        "{second}"
    );
}

/// `h.CachedPerKey`: the key is part of the cache key.
#[tokio::test]
async fn cached_by_key() {
    async fn page(cx: Cx<'_, ()>) -> Result<Page, Rejection> {
        let ttl = Duration::from_secs(60);
        let key = cx.param("user").unwrap_or_default().to_owned();
        let card = cx
            .cached_by(ttl, key, |key| async move { p(textf!("card of {key}")) })
            .await?;
        Ok(Page::new(body(card)))
    }
    let mut app = App::new(());
    app.page("/users/:user", page).unwrap();
    let client = Client::new(app);
    assert!(
        client
            .get("/users/ada")
            .await
            .text()
            .contains("card of ada")
    );
    assert!(
        client
            .get("/users/bob")
            .await
            .text()
            .contains("card of bob")
    );
}

/// `h.CacheOption` `cache.Store`: stores.
#[tokio::test]
async fn stores() {
    static TIERED_RENDERS: AtomicU32 = AtomicU32::new(0);
    async fn page(cx: Cx<'_, ()>) -> Result<Page, Rejection> {
        let n = cx
            .cached(Duration::from_secs(60), || async {
                p(TIERED_RENDERS.fetch_add(1, Ordering::SeqCst) + 1)
            })
            .await?;
        Ok(Page::new(body(n)))
    }
    let near = MemoryStore::new(1 << 20);
    let far: Arc<dyn hyperox::cache::Store> = Arc::new(MemoryStore::new(1 << 20));
    let store = TieredStore::new(near, far, Duration::from_secs(5));
    let mut app = App::new(());
    app.cache(Cache::new(store));
    app.page("/", page).unwrap();
    let client = Client::new(app);
    assert!(client.get("/").await.text().contains("<p>1</p>"));
    assert!(client.get("/").await.text().contains("<p>1</p>"));
    assert_eq!(TIERED_RENDERS.load(Ordering::SeqCst), 1);
}
