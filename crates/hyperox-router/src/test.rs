//! Helpers for tests, benchmarks and fuzzing of routers.

use crate::body::Body;
use crate::response::Response;
use crate::service::RouterService;

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

/// Sends `method path` (no headers, no body) to a router's service in
/// process and gives the status and the body as text, polling with
/// [`poll_ready`] (so, for handlers that wait on no I/O or timer).
///
/// # Panics
///
/// When `method` or `path` cannot make a request.
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, test::call};
///
/// async fn hello(_cx: &mut (), _req: &mut Request) -> &'static str {
///     "hello"
/// }
/// let mut router = Router::<()>::new();
/// router.get("/", hello).unwrap();
/// assert_eq!(call(&router.into_service(), "GET", "/"), (200, "hello".to_owned()));
/// ```
pub fn call<C: Send + 'static>(svc: &RouterService<C>, method: &str, path: &str) -> (u16, String) {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .expect("a valid method and path");
    // Always ready: the service holds no resource to wait for.
    let mut svc = svc.clone();
    let res = match poll_ready(tower_service::Service::call(&mut svc, req)) {
        Ok(res) => res,
        Err(never) => match never {},
    };
    (res.status().as_u16(), poll_ready(body_string(res)))
}
