//! Catching panics of handlers and middleware, with their location and
//! backtrace.

use crate::error::{Error, PanicReport};
use std::backtrace::Backtrace;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use crate::handler::BoxFuture;
use crate::response::Response;

thread_local! {
    /// How many request futures this thread is polling under a catch.
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// What the panic hook saw of the last caught panic.
    static LAST: RefCell<Option<PanicReport>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();
static BACKTRACES: AtomicBool = AtomicBool::new(false);

/// Asks the panic hook to capture a backtrace for every caught panic
/// (the `show_errors` middleware turns this on).
pub(crate) fn capture_backtraces() {
    BACKTRACES.store(true, Ordering::Relaxed);
}

/// Installs, once, a panic hook that records the location (and backtrace)
/// of panics inside request handling and leaves all other panics to the
/// hook that was there before.
pub(crate) fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let backtrace = BACKTRACES
                .load(Ordering::Relaxed)
                .then(Backtrace::force_capture);
            let report = PanicReport {
                message: String::new(),
                location: info.location().map(ToString::to_string),
                backtrace,
            };
            LAST.with(|l| *l.borrow_mut() = Some(report));
        }));
    });
}

/// Polls a boxed future, turning a panic into an [`Error`].
pub(crate) struct CatchUnwind<'a> {
    inner: BoxFuture<'a, Response>,
}

impl<'a> CatchUnwind<'a> {
    pub(crate) fn new(inner: BoxFuture<'a, Response>) -> Self {
        Self { inner }
    }
}

impl Future for CatchUnwind<'_> {
    type Output = Result<Response, Error>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        DEPTH.with(|d| d.set(d.get() + 1));
        let polled = catch_unwind(AssertUnwindSafe(|| self.inner.as_mut().poll(cx)));
        DEPTH.with(|d| d.set(d.get() - 1));
        match polled {
            Ok(Poll::Ready(res)) => Poll::Ready(Ok(res)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let report = LAST.with(|l| l.borrow_mut().take());
                let err = Error::from_panic(payload, report);
                tracing::error!(error = %err, "request handler panicked");
                Poll::Ready(Err(err))
            }
        }
    }
}
