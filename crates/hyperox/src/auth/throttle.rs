//! Login throttling, in the session store.

use crate::session::{Change, SessionStore, StoreError};
use std::sync::Arc;
use std::time::Duration;

/// Failed sign-ins counted per key (an account, a client address) in
/// the session store, each failure an entry of its own so that
/// concurrent tries are all counted (instances sharing the store share
/// the counts). Past `limit` failures within `window`, each further try
/// waits twice as long as the one before (5 s, 10 s, 20 s, … up to the
/// window); a success clears the account's count.
///
/// # Example
///
/// ```
/// use hyperox::auth::Throttle;
/// use hyperox::session::MemoryStore;
/// use std::sync::Arc;
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let throttle = Throttle::new(Arc::new(MemoryStore::new()), 3);
/// for _ in 0..3 {
///     assert_eq!(throttle.wait("user:ada").await.unwrap(), 0);
///     throttle.failed("user:ada").await.unwrap();
/// }
/// assert!(throttle.wait("user:ada").await.unwrap() > 0, "the fourth try waits");
/// throttle.succeeded("user:ada").await.unwrap();
/// assert_eq!(throttle.wait("user:ada").await.unwrap(), 0);
/// # });
/// ```
#[derive(Clone)]
pub struct Throttle {
    store: Arc<dyn SessionStore>,
    limit: usize,
    window: Duration,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("limit", &self.limit)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

impl Throttle {
    /// Allows `limit` failures a key within 15 minutes before waits.
    pub fn new(store: Arc<dyn SessionStore>, limit: usize) -> Self {
        Self {
            store,
            limit,
            window: Duration::from_secs(15 * 60),
            clock: Arc::new(crate::session::unix_now),
        }
    }

    /// Counts failures within `window` instead.
    pub fn window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Reads the time (seconds since the Unix epoch) from `clock`: for
    /// tests.
    pub fn clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Where the failures of `key` are kept (hashed: the store holds no
    /// account names or addresses in the clear).
    fn id(key: &str) -> String {
        use sha2::Digest;
        format!(
            "throttle:{}",
            crate::csrf::hex(&sha2::Sha256::digest(key.as_bytes()))
        )
    }

    /// How many seconds `key` must wait before its next try (0: it may
    /// try now).
    ///
    /// # Errors
    ///
    /// The store's.
    pub async fn wait(&self, key: &str) -> Result<u64, StoreError> {
        let now = (self.clock)();
        let Some(record) = self.store.load(&Self::id(key)).await? else {
            return Ok(0);
        };
        let since = now.saturating_sub(self.window.as_secs());
        let mut times: Vec<u64> = record
            .values
            .values()
            .filter_map(|v| v.parse().ok())
            .filter(|t| *t > since)
            .collect();
        if times.len() < self.limit {
            return Ok(0);
        }
        times.sort_unstable();
        let last = *times.last().expect("at least `limit` failures");
        let over = u32::try_from(times.len() - self.limit).unwrap_or(u32::MAX);
        let backoff = 5u64
            .checked_shl(over.min(40))
            .unwrap_or(u64::MAX)
            .min(self.window.as_secs());
        Ok((last + backoff).saturating_sub(now))
    }

    /// Counts a failed try of `key`.
    ///
    /// # Errors
    ///
    /// The store's.
    pub async fn failed(&self, key: &str) -> Result<(), StoreError> {
        let now = (self.clock)();
        let mut change = Change {
            created: now,
            seen: now,
            expires: now + self.window.as_secs(),
            ..Change::default()
        };
        change
            .values
            .insert(crate::csrf::random_id(), Some(now.to_string()));
        self.store.save(&Self::id(key), &change).await
    }

    /// Forgets the failures of `key` (after a sign-in that succeeded).
    ///
    /// # Errors
    ///
    /// The store's.
    pub async fn succeeded(&self, key: &str) -> Result<(), StoreError> {
        self.store.delete(&Self::id(key)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::MemoryStore;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[tokio::test]
    async fn waits_double_past_the_limit_and_lift() {
        let now = Arc::new(AtomicU64::new(crate::session::unix_now()));
        let clock = now.clone();
        let throttle = Throttle::new(Arc::new(MemoryStore::new()), 3)
            .clock(move || clock.load(Ordering::SeqCst));
        let tick = |s: u64| now.fetch_add(s, Ordering::SeqCst);
        for _ in 0..3 {
            assert_eq!(throttle.wait("a").await.unwrap(), 0);
            throttle.failed("a").await.unwrap();
        }
        assert_eq!(throttle.wait("a").await.unwrap(), 5, "past the limit: 5 s");
        assert_eq!(
            throttle.wait("b").await.unwrap(),
            0,
            "other keys are not held"
        );
        tick(5);
        assert_eq!(
            throttle.wait("a").await.unwrap(),
            0,
            "lifted after the wait"
        );
        throttle.failed("a").await.unwrap();
        assert_eq!(throttle.wait("a").await.unwrap(), 10, "then twice as long");
        tick(10);
        throttle.failed("a").await.unwrap();
        assert_eq!(throttle.wait("a").await.unwrap(), 20);
        // Failures older than the window no longer count.
        tick(15 * 60 + 1);
        assert_eq!(
            throttle.wait("a").await.unwrap(),
            0,
            "lifted after the window"
        );
        // A success clears the count.
        for _ in 0..3 {
            throttle.failed("c").await.unwrap();
        }
        throttle.succeeded("c").await.unwrap();
        assert_eq!(throttle.wait("c").await.unwrap(), 0);
    }
}
