//! Two tiers: an in-process store in front of a shared one.

use crate::error::Error;
use crate::memory::MemoryStore;
use crate::store::{Compute, Stats, Store, StoreFuture};
use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;

/// An in-process store in front of a shared one (Redis): a hit in the
/// near tier costs what a [`MemoryStore`] hit costs, not a round trip.
///
/// A value comes from the far tier (which coordinates its computation
/// across instances) and is kept near for at most `near_ttl`, so a change
/// made through another instance shows here within `near_ttl`; keys that
/// carry a revision (as the todo example's do) never see a stale value.
/// A delete or purge here clears both tiers.
///
/// # Example
///
/// ```
/// use hyperox_cache::{Cache, MemoryStore, Store, TieredStore};
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// // A far store of any kind: Redis in production, memory here.
/// let far: Arc<dyn Store> = Arc::new(MemoryStore::new(1 << 20));
/// let tiered = TieredStore::new(MemoryStore::new(1 << 20), far.clone(), Duration::from_secs(1));
/// let cache = Cache::new(tiered);
/// let html = cache
///     .get_or_compute("k", Duration::from_secs(60), || async { Ok::<_, std::io::Error>("v".into()) })
///     .await
///     .unwrap();
/// assert_eq!(html, "v");
/// assert_eq!(far.get("k").await.unwrap().unwrap(), "v");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct TieredStore {
    near: MemoryStore,
    far: Arc<dyn Store>,
    near_ttl: Duration,
}

impl TieredStore {
    /// `near` in front of `far`, values kept near for at most `near_ttl`.
    pub fn new(near: MemoryStore, far: Arc<dyn Store>, near_ttl: Duration) -> Self {
        Self {
            near,
            far,
            near_ttl,
        }
    }
}

impl Store for TieredStore {
    #[inline]
    fn get_or_compute<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
        mut compute: Compute<'a>,
    ) -> StoreFuture<'a, Result<Bytes, Error>> {
        if let Some(html) = self.near.hit(key) {
            return StoreFuture::ready(Ok(html));
        }
        let far = self.far.clone();
        let near_ttl = ttl.min(self.near_ttl);
        StoreFuture::boxed(async move {
            let owned = key.to_owned();
            // The near tier's one fill asks the far tier, which computes
            // only if no instance has the value.
            let mut slot = Some(move || {
                let work = compute.start();
                async move {
                    let mut inner = Some(move || work);
                    far.get_or_compute(&owned, ttl, Compute::new(&mut inner))
                        .await
                }
            });
            self.near
                .get_or_compute(key, near_ttl, Compute::new(&mut slot))
                .await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<Option<Bytes>, Error>> {
        StoreFuture::boxed(async move {
            if let Some(html) = self.near.get(key).await? {
                return Ok(Some(html));
            }
            let found = self.far.get(key).await?;
            if let Some(html) = &found {
                self.near.set(key, html.clone(), self.near_ttl).await?;
            }
            Ok(found)
        })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), Error>> {
        StoreFuture::boxed(async move {
            self.near
                .set(key, value.clone(), ttl.min(self.near_ttl))
                .await?;
            self.far.set(key, value, ttl).await
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), Error>> {
        StoreFuture::boxed(async move {
            self.near.delete(key).await?;
            self.far.delete(key).await
        })
    }

    fn purge(&self) -> StoreFuture<'_, Result<(), Error>> {
        StoreFuture::boxed(async move {
            self.near.purge().await?;
            self.far.purge().await
        })
    }

    /// Hits in either tier; misses, computations, errors and fall-backs
    /// of the far tier; entries, bytes and evictions of the near one.
    fn stats(&self) -> Stats {
        let near = self.near.stats();
        let far = self.far.stats();
        Stats {
            hits: near.hits + far.hits,
            misses: far.misses,
            computations: far.computations,
            errors: far.errors,
            fallbacks: far.fallbacks,
            evictions: near.evictions,
            entries: near.entries,
            bytes: near.bytes,
        }
    }
}
