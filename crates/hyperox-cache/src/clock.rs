//! The clock entries expire by: the system's, or one a test moves.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Once, OnceLock};
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

/// The clock entries expire by.
///
/// The system clock is read by one thread every 2 ms and kept in an
/// atomic, so a hit checks its TTL with one load: `Instant::now` on every
/// hit (a serialising time-stamp read) measured as more than half again
/// the time of a bare `quick_cache` lookup (the `cache` benchmark), and
/// TTLs are far longer than 2 ms. The thread starts at the first read,
/// not when a store is made: an app that never uses its cache has no
/// thread waking 500 times a second beside its server.
#[derive(Debug, Clone)]
pub(crate) enum Clock {
    System,
    Manual(ManualClock),
}

impl Clock {
    pub(crate) fn system() -> Self {
        Self::System
    }

    /// Milliseconds since the clock began (the process's first read, for
    /// the system clock).
    #[inline]
    pub(crate) fn now(&self) -> u64 {
        match self {
            Self::System => system_millis(),
            Self::Manual(clock) => clock.millis.load(Ordering::Relaxed),
        }
    }
}

/// Milliseconds since the process's first read plus one, as the ticker
/// thread last saw them; 0 before it starts, `u64::MAX` if it could not.
static TICKED: AtomicU64 = AtomicU64::new(0);

/// How often the ticker thread moves [`TICKED`] on.
const TICK: Duration = Duration::from_millis(2);

/// When the process first read the clock.
static START: OnceLock<Instant> = OnceLock::new();

/// Milliseconds on a clock that a thread moves on every 2 ms, so that a
/// read is one load.
#[inline]
fn system_millis() -> u64 {
    match TICKED.load(Ordering::Relaxed) {
        0 | u64::MAX => slow_millis(),
        t => t - 1,
    }
}

/// Starts the ticker on the first read; reads the system clock itself
/// when there is no ticker.
#[cold]
fn slow_millis() -> u64 {
    static TICKER: Once = Once::new();
    let start = *START.get_or_init(Instant::now);
    TICKER.call_once(|| {
        TICKED.store(millis(start.elapsed()) + 1, Ordering::Relaxed);
        let spawned = std::thread::Builder::new()
            .name("hyperox-cache-clock".to_owned())
            .spawn(move || {
                loop {
                    std::thread::sleep(TICK);
                    TICKED.store(millis(start.elapsed()) + 1, Ordering::Relaxed);
                }
            });
        if spawned.is_err() {
            TICKED.store(u64::MAX, Ordering::Relaxed);
        }
    });
    millis(start.elapsed())
}
