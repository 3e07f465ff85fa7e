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

use crate::response::{IntoResponse, Response, error_response};

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
                method: None,
                path: None,
            };
            LAST.with(|l| *l.borrow_mut() = Some(report));
        }));
    });
}

pin_project_lite::pin_project! {
    /// Polls a future, turning a panic into a 500 response that carries
    /// the [`Error`], and its output into a response.
    pub(crate) struct Caught<F> {
        #[pin]
        inner: F,
    }
}

impl<F> Caught<F> {
    pub(crate) fn new(inner: F) -> Self {
        Self { inner }
    }
}

impl<F> Future for Caught<F>
where
    F: Future,
    F::Output: IntoResponse,
{
    type Output = Response;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let inner = self.project().inner;
        DEPTH.with(|d| d.set(d.get() + 1));
        let polled = catch_unwind(AssertUnwindSafe(|| inner.poll(cx)));
        DEPTH.with(|d| d.set(d.get() - 1));
        match polled {
            Ok(Poll::Ready(out)) => Poll::Ready(out.into_response()),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => {
                let report = LAST.with(|l| l.borrow_mut().take());
                // Logged with the request's method and path by the router
                // level it leaves (`Error::annotate`).
                let err = Error::from_panic(payload, report);
                Poll::Ready(error_response(err))
            }
        }
    }
}
