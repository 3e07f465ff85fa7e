//! Handlers, middleware and `Next`: the async functions a router calls.
//!
//! The public traits are here; `no_ctx` wraps functions without a
//! context, `erased` stores them behind `dyn`, and `chain` runs a level's
//! middleware down to its endpoint.

mod chain;
mod erased;
mod no_ctx;

pub use chain::Next;
pub(crate) use chain::{Level, run_level};
pub(crate) use erased::{
    DynErrorHandler, DynMiddleware, DynOptionsHandler, Endpoint, ErrorHandlerFn, HandlerFn,
    MiddlewareFn, OptionsHandlerFn,
};
pub use no_ctx::{NoCtx, NoCtxNext, no_ctx};

use crate::error::Error;
use crate::request::Request;
use crate::response::IntoResponse;
use http::Method;
use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future.
///
/// # Example
///
/// ```
/// use hyperox_router::BoxFuture;
///
/// fn later(n: u32) -> BoxFuture<'static, u32> {
///     Box::pin(async move { n * 2 })
/// }
/// assert_eq!(hyperox_router::test::poll_ready(later(21)), 42);
/// ```
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An async function that answers a request, given the router's context.
///
/// Implemented for every `async fn(&mut C, &mut Request) -> impl
/// IntoResponse`, including methods such as `App::say_hello`, and for
/// context-free handlers wrapped in [`no_ctx`].
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router};
///
/// #[derive(Default)]
/// struct App { name: String }
///
/// impl App {
///     async fn say_hello(&mut self, _req: &mut Request) -> String {
///         format!("Hello {}", self.name)
///     }
/// }
///
/// let mut app = Router::<App>::new();
/// app.get("/", App::say_hello).unwrap();
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a handler for a router whose context is `{C}`",
    label = "expected an `async fn(&mut {C}, &mut Request) -> impl IntoResponse`",
    note = "a handler for another context type belongs on the subrouter of that type; a handler without a context needs `no_ctx(handler)`"
)]
pub trait Handler<'a, C: 'a>: Send + Sync + 'static {
    /// What the handler returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls the handler.
    fn call(&self, ctx: &'a mut C, req: &'a mut Request) -> Self::Future;
}

impl<'a, C: 'a, F, Fut> Handler<'a, C> for F
where
    F: Fn(&'a mut C, &'a mut Request) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    #[inline]
    fn call(&self, ctx: &'a mut C, req: &'a mut Request) -> Fut {
        self(ctx, req)
    }
}

/// An async function that runs around the rest of the chain.
///
/// Implemented for every `async fn(&mut C, &mut Request, Next<'_, C>) ->
/// impl IntoResponse`; the middleware calls `next.run(ctx, req).await` to
/// go on, or returns without calling it to end the chain.
///
/// # Example
///
/// ```
/// use hyperox_router::{Next, Request, Response, Router};
///
/// #[derive(Default)]
/// struct App { user: Option<String> }
///
/// async fn auth(ctx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
///     ctx.user = req.headers().get("x-user").and_then(|v| v.to_str().ok()).map(String::from);
///     next.run(ctx, req).await
/// }
///
/// let mut app = Router::<App>::new();
/// app.middleware(auth);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a middleware for a router whose context is `{C}`",
    label = "expected an `async fn(&mut {C}, &mut Request, Next<'_, {C}>) -> impl IntoResponse`",
    note = "a middleware without a context needs `no_ctx(middleware)` and takes a `NoCtxNext`"
)]
pub trait Middleware<'a, C: 'a>: Send + Sync + 'static {
    /// What the middleware returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls the middleware.
    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Self::Future;
}

impl<'a, C: 'a, F, Fut> Middleware<'a, C> for F
where
    F: Fn(&'a mut C, &'a mut Request, Next<'a, C>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    #[inline]
    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Fut {
        self(ctx, req, next)
    }
}

/// An async function that turns a failure into a response, given its
/// router's context: `async fn(&mut C, &mut Request, Error) -> impl
/// IntoResponse`.
///
/// # Example
///
/// ```
/// use hyperox_router::{Error, IntoResponse, Request, Response, Router};
///
/// #[derive(Default)]
/// struct App { request_id: u64 }
///
/// async fn on_error(app: &mut App, _req: &mut Request, err: Error) -> Response {
///     let status = if err.is_panic() { 500 } else { 503 };
///     let status = http::StatusCode::from_u16(status).unwrap();
///     (status, format!("request {} failed", app.request_id)).into_response()
/// }
/// Router::<App>::new().error_handler(on_error);
/// ```
pub trait ErrorHandler<'a, C: 'a>: Send + Sync + 'static {
    /// What the error handler returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls the error handler.
    fn call(&self, ctx: &'a mut C, req: &'a mut Request, err: Error) -> Self::Future;
}

impl<'a, C: 'a, F, Fut> ErrorHandler<'a, C> for F
where
    F: Fn(&'a mut C, &'a mut Request, Error) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, err: Error) -> Fut {
        self(ctx, req, err)
    }
}

/// An async function that answers an OPTIONS request no route handles:
/// `async fn(&mut C, &mut Request, Vec<Method>) -> impl IntoResponse`,
/// given the methods the path allows.
///
/// # Example
///
/// ```
/// use hyperox_router::{IntoResponse, Request, Response, Router, no_ctx};
/// use http::Method;
///
/// async fn options(_req: &mut Request, allowed: Vec<Method>) -> Response {
///     let mut res = ().into_response();
///     let list: Vec<&str> = allowed.iter().map(Method::as_str).collect();
///     res.headers_mut().insert("allow", list.join(", ").parse().unwrap());
///     res
/// }
/// Router::<()>::new().options_handler(no_ctx(options));
/// ```
pub trait OptionsHandler<'a, C: 'a>: Send + Sync + 'static {
    /// What the options handler returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls the options handler.
    fn call(&self, ctx: &'a mut C, req: &'a mut Request, methods: Vec<Method>) -> Self::Future;
}

impl<'a, C: 'a, F, Fut> OptionsHandler<'a, C> for F
where
    F: Fn(&'a mut C, &'a mut Request, Vec<Method>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, methods: Vec<Method>) -> Fut {
        self(ctx, req, methods)
    }
}
