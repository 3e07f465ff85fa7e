//! Single-flight: one computation per missing key, however many wait.

use crate::error::Error;
use crate::store::ComputeFuture;
use bytes::Bytes;
use std::collections::HashMap;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use tokio::sync::watch;

type Outcome = Option<Result<Bytes, Error>>;

/// The computations running now, by key. Only misses touch its lock, and
/// only to join or leave a flight; nobody computes while holding it.
#[derive(Debug, Default)]
pub(crate) struct Flights {
    map: Mutex<HashMap<Box<str>, Flight>>,
    next_id: AtomicU64,
}

#[derive(Debug)]
struct Flight {
    id: u64,
    rx: watch::Receiver<Outcome>,
}

/// What joining found.
pub(crate) enum Joined {
    /// The value arrived while the lock was taken.
    Ready(Bytes),
    /// A computation is running; wait for its outcome.
    Wait(watch::Receiver<Outcome>),
}

impl Flights {
    fn lock(&self) -> MutexGuard<'_, HashMap<Box<str>, Flight>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Joins the computation running for `key`; or, when none runs and
    /// `recheck` (called under the lock) finds no value, starts the one
    /// `start` gives on a task of its own. `keep` stores a value under the
    /// lock, unless the key was forgotten while it was computed.
    pub(crate) fn join(
        self: &Arc<Self>,
        key: &str,
        recheck: impl FnOnce() -> Option<Bytes>,
        start: impl FnOnce() -> ComputeFuture,
        keep: impl FnOnce(&Bytes) + Send + 'static,
    ) -> Joined {
        let mut map = self.lock();
        if let Some(flight) = map.get(key) {
            return Joined::Wait(flight.rx.clone());
        }
        if let Some(value) = recheck() {
            return Joined::Ready(value);
        }
        let (tx, rx) = watch::channel(None);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let key: Box<str> = key.into();
        map.insert(key.clone(), Flight { id, rx: rx.clone() });
        drop(map);
        let landing = Landing {
            flights: self.clone(),
            key,
            id,
            tx,
        };
        let fut = guarded(start());
        tokio::spawn(async move {
            let outcome = fut.await;
            landing.land(outcome, keep);
        });
        Joined::Wait(rx)
    }

    /// Detaches any computation of `key`: it still answers its waiters,
    /// but its value is not kept, and the next caller starts anew.
    pub(crate) fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Detaches every computation.
    pub(crate) fn forget_all(&self) {
        self.lock().clear();
    }
}

/// A running computation's way back: it answers its waiters however the
/// task ends, and leaves the table.
struct Landing {
    flights: Arc<Flights>,
    key: Box<str>,
    id: u64,
    tx: watch::Sender<Outcome>,
}

impl Landing {
    fn land(self, outcome: Result<Bytes, Error>, keep: impl FnOnce(&Bytes)) {
        {
            let mut map = self.flights.lock();
            if map.get(&*self.key).is_some_and(|f| f.id == self.id) {
                if let Ok(value) = &outcome {
                    keep(value);
                }
                map.remove(&*self.key);
            }
        }
        self.tx.send_replace(Some(outcome));
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        if self.tx.borrow().is_none() {
            // The task was dropped before it finished (the runtime shut
            // down): waiters see the channel close; the table forgets it.
            let mut map = self.flights.lock();
            if map.get(&*self.key).is_some_and(|f| f.id == self.id) {
                map.remove(&*self.key);
            }
        }
    }
}

/// Waits for a flight's outcome.
pub(crate) async fn wait(mut rx: watch::Receiver<Outcome>) -> Result<Bytes, Error> {
    match rx.wait_for(Option::is_some).await {
        Ok(outcome) => outcome.clone().expect("waited for Some"),
        Err(_) => Err(Error::Panicked(Arc::from(
            "the computation was dropped before it finished",
        ))),
    }
}

/// `fut`, with a panic turned into [`Error::Panicked`].
pub(crate) fn guarded(fut: ComputeFuture) -> impl Future<Output = Result<Bytes, Error>> + Send {
    CatchUnwind(fut)
}

struct CatchUnwind(ComputeFuture);

impl Future for CatchUnwind {
    type Output = Result<Bytes, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = &mut self.0;
        match catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(poll) => poll,
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without a message".to_owned());
                Poll::Ready(Err(Error::Panicked(Arc::from(msg))))
            }
        }
    }
}
