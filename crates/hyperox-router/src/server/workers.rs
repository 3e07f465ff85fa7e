//! Connections served on threads of their own: each worker thread runs
//! a single-threaded runtime, and the accepting runtime hands each
//! accepted connection to the next worker in turn. A connection's
//! requests then run on one thread from start to end (no task moves
//! between threads, no wake-up crosses one), while the accept loop, the
//! connection registry (so per-client limits stay the server's, not a
//! worker's) and shutdown stay where they were.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Notify, mpsc};

/// A connection's work, made on its worker (where its socket is
/// registered with that worker's runtime).
pub(super) type Job = Box<dyn FnOnce() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send>;

/// The worker threads, and how many connections they hold.
pub(super) struct Workers {
    senders: Vec<mpsc::UnboundedSender<Job>>,
    threads: Vec<std::thread::JoinHandle<()>>,
    next: usize,
    open: Arc<Open>,
}

/// The count of connections the workers hold, and a wake-up when it
/// falls to zero.
#[derive(Default)]
struct Open {
    count: AtomicUsize,
    idle: Notify,
}

/// Counts one connection for as long as it lives.
struct Held(Arc<Open>);

impl Drop for Held {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Workers {
    /// Starts `n` worker threads.
    ///
    /// # Errors
    ///
    /// A thread or its runtime that could not be made.
    pub(super) fn start(n: usize) -> std::io::Result<Self> {
        let mut senders = Vec::with_capacity(n);
        let mut threads = Vec::with_capacity(n);
        for i in 0..n {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
            let thread = std::thread::Builder::new()
                .name(format!("hyperox-worker-{i}"))
                .spawn(move || {
                    runtime.block_on(async move {
                        while let Some(job) = rx.recv().await {
                            tokio::spawn(job());
                        }
                    });
                    // Dropping the runtime drops the connections still
                    // open (the server waited for them up to its grace).
                })?;
            senders.push(tx);
            threads.push(thread);
        }
        Ok(Self {
            senders,
            threads,
            next: 0,
            open: Arc::default(),
        })
    }

    /// Hands `job` to the next worker, counted until it ends.
    pub(super) fn spawn<F, Fut>(&mut self, job: F)
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.open.count.fetch_add(1, Ordering::AcqRel);
        let held = Held(self.open.clone());
        let job: Job = Box::new(move || {
            Box::pin(async move {
                job().await;
                drop(held);
            })
        });
        let at = self.next % self.senders.len();
        self.next = self.next.wrapping_add(1);
        // A worker whose thread ended (it cannot, short of a panic in
        // its runtime) drops the job, and with it the count it held.
        let _ = self.senders[at].send(job);
    }

    /// How many connections the workers hold.
    pub(super) fn open(&self) -> usize {
        self.open.count.load(Ordering::Acquire)
    }

    /// Completes when the workers hold no connection.
    pub(super) async fn idle(&self) {
        loop {
            let idle = self.open.idle.notified();
            tokio::pin!(idle);
            // Registered before the count is read, so a last connection
            // ending in between still wakes this.
            idle.as_mut().enable();
            if self.open() == 0 {
                return;
            }
            idle.await;
        }
    }

    /// Stops the workers: their runtimes end, dropping what they still
    /// hold; returns once their threads have.
    pub(super) async fn stop(self) {
        drop(self.senders);
        let threads = self.threads;
        let _ = tokio::task::spawn_blocking(move || {
            for t in threads {
                let _ = t.join();
            }
        })
        .await;
    }
}
