//! The clock entries expire by: the system's, or one a test moves.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A clock that moves only when told to, for testing expiry.
///
/// # Example
///
/// ```
/// use hyperox_cache::{ManualClock, MemoryStore, Store};
/// use std::time::Duration;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let clock = ManualClock::new();
/// let store = MemoryStore::with_clock(1 << 20, clock.clone());
/// store.set("k", "v".into(), Duration::from_secs(10)).await.unwrap();
/// clock.advance(Duration::from_secs(9));
/// assert!(store.get("k").await.unwrap().is_some());
/// clock.advance(Duration::from_secs(1));
/// assert!(store.get("k").await.unwrap().is_none());
/// # });
/// ```
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    millis: Arc<AtomicU64>,
}

impl ManualClock {
    /// A clock at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: Duration) {
        self.millis.fetch_add(millis(by), Ordering::Relaxed);
    }
}

/// Milliseconds in `d`, saturating.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[derive(Debug, Clone)]
pub(crate) enum Clock {
    System(Instant),
    Manual(ManualClock),
}

impl Clock {
    pub(crate) fn system() -> Self {
        Self::System(Instant::now())
    }

    /// Milliseconds since the clock began.
    #[inline]
    pub(crate) fn now(&self) -> u64 {
        match self {
            Self::System(start) => millis(start.elapsed()),
            Self::Manual(clock) => clock.millis.load(Ordering::Relaxed),
        }
    }
}
