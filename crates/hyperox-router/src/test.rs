//! Helpers for tests, benchmarks and fuzzing of routers.

use crate::response::Response;

/// Reads a response body into a `String` (lossily for non-UTF-8).
///
/// # Panics
///
/// When the body fails to stream.
///
/// # Example
///
/// ```
/// use hyperox_router::{IntoResponse, test::body_string};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// assert_eq!(body_string("hello".into_response()).await, "hello");
/// # });
/// ```
pub async fn body_string(res: Response) -> String {
    let bytes = res
        .into_body()
        .collect_bytes()
        .await
        .expect("response body streams");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Polls a future that completes without waiting (as in-process dispatch
/// of a router with no I/O does) until it is ready, with no runtime.
///
/// It spins if the future waits on I/O or timers: use it only where
/// nothing does.
///
/// # Example
///
/// ```
/// use hyperox_router::test::poll_ready;
/// assert_eq!(poll_ready(async { 1 + 1 }), 2);
/// ```
pub fn poll_ready<F: std::future::Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            return v;
        }
    }
}
