//! Counters that threads bump without a locked instruction.
//!
//! A hit is a few tens of nanoseconds; an atomic read-modify-write on it
//! (`lock xadd`) stalls the core until earlier loads finish and measured
//! as a fifth of a hit's time. So each thread owns a stripe of every
//! counter while it lives, and bumps it with a plain load and store;
//! readers add the stripes up. Threads beyond the stripes share them
//! with atomic adds.

use std::cell::Cell;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

const STRIPES: usize = 64;

#[repr(align(128))]
#[derive(Default)]
struct Stripe(AtomicU64);

/// A counter split over per-thread stripes.
pub(crate) struct Counter {
    stripes: Box<[Stripe; STRIPES]>,
}

impl Default for Counter {
    fn default() -> Self {
        Self {
            stripes: Box::new(std::array::from_fn(|_| Stripe::default())),
        }
    }
}

/// The stripes no living thread owns.
static FREE: Mutex<Vec<usize>> = Mutex::new(Vec::new());
/// How many stripes were ever handed out.
static HANDED: AtomicUsize = AtomicUsize::new(0);

/// This thread's stripe, returned when the thread ends.
struct Owner {
    index: usize,
    exclusive: bool,
}

impl Owner {
    fn take() -> Self {
        if let Some(index) = FREE.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            return Self {
                index,
                exclusive: true,
            };
        }
        let n = HANDED.fetch_add(1, Ordering::Relaxed);
        if n < STRIPES {
            Self {
                index: n,
                exclusive: true,
            }
        } else {
            HANDED.fetch_sub(1, Ordering::Relaxed);
            Self {
                index: n % STRIPES,
                exclusive: false,
            }
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        if self.exclusive {
            FREE.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(self.index);
        }
    }
}

/// Marks a stripe that other threads share (atomic adds).
const SHARED: usize = 1 << (usize::BITS - 1);
/// This thread has no stripe yet.
const UNSET: usize = usize::MAX;

thread_local! {
    /// This thread's stripe index, `SHARED`-marked if not its own: a
    /// plain cell, so the hot path is one TLS load.
    static STRIPE: Cell<usize> = const { Cell::new(UNSET) };
    /// Gives the stripe back when the thread ends.
    static OWNER: Owner = Owner::take();
}

#[cold]
fn assign() -> usize {
    OWNER
        .try_with(|o| {
            let i = if o.exclusive {
                o.index
            } else {
                o.index | SHARED
            };
            STRIPE.with(|s| s.set(i));
            i
        })
        .unwrap_or(SHARED)
}

impl Counter {
    #[inline]
    pub(crate) fn add(&self, n: u64) {
        let mut i = STRIPE.with(Cell::get);
        if i == UNSET {
            i = assign();
        }
        if i & SHARED == 0 {
            // Only this thread writes this stripe while it lives.
            let c = &self.stripes[i % STRIPES].0;
            c.store(c.load(Ordering::Relaxed).wrapping_add(n), Ordering::Relaxed);
        } else {
            self.stripes[i % STRIPES].0.fetch_add(n, Ordering::Relaxed);
        }
    }

    #[inline]
    pub(crate) fn incr(&self) {
        self.add(1);
    }

    pub(crate) fn get(&self) -> u64 {
        self.stripes
            .iter()
            .map(|s| s.0.load(Ordering::Relaxed))
            .fold(0, u64::wrapping_add)
    }
}

impl std::fmt::Debug for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_across_threads_even_more_threads_than_stripes() {
        let c = std::sync::Arc::new(Counter::default());
        let threads: Vec<_> = (0..(STRIPES + 16))
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || (0..1000).for_each(|_| c.incr()))
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(c.get(), (STRIPES as u64 + 16) * 1000);
        // Stripes of ended threads are handed out again, counts kept.
        let c2 = c.clone();
        std::thread::spawn(move || c2.add(5)).join().unwrap();
        assert_eq!(c.get(), (STRIPES as u64 + 16) * 1000 + 5);
    }
}
