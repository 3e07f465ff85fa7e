//! The one handler shape of an app: pages, partials and middleware take
//! a [`Cx`].

use crate::context::AppContext;
use crate::cx::Cx;
use hyperox_router::{self as router, IntoResponse, Request, Response};
use std::future::Future;

/// A page or partial: `async fn(cx: Cx<'_>) -> impl IntoResponse`.
///
/// Functions marked `#[page]` or `#[partial]` may take typed arguments
/// after `cx`; the attribute makes the function of this shape that the
/// generated `routes()` registers.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a page or partial of an app whose state is `{S}`",
    label = "expected an `async fn(cx: Cx<'_>) -> impl IntoResponse`",
    note = "a page or partial takes `cx: Cx<'_>` (`hyperox::Cx<'_, {S}>`) by value and returns a `Page`, a `Partial`, a `Response`, or a `Result` of one with a `Rejection`",
    note = "typed params, `Form<T>` and `Query<T>` arguments need `#[page]` or `#[partial(..)]` on a file under `src/pages` or `src/partials`"
)]
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Page};
///
/// // Any `async fn(Cx<'_, S>) -> impl IntoResponse` is a `PageFn`.
/// async fn index(_cx: Cx<'_, ()>) -> Page {
///     Page::new("home")
/// }
/// App::new(()).page("/", index).unwrap();
/// ```
pub trait PageFn<'a, S: 'static>: Send + Sync + 'static {
    /// What it returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls it.
    fn call(&self, cx: Cx<'a, S>) -> Self::Future;
}

impl<'a, S: 'static, F, Fut> PageFn<'a, S> for F
where
    F: Fn(Cx<'a, S>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    #[inline]
    fn call(&self, cx: Cx<'a, S>) -> Fut {
        self(cx)
    }
}

/// A middleware: `async fn(cx: Cx<'_>, next: Next<'_>) -> impl
/// IntoResponse`, running around the rest of the chain.
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Next};
/// use hyperox::router::Response;
///
/// #[derive(Clone)]
/// struct User(String);
///
/// async fn auth(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
///     if let Some(name) = cx.header("x-user").map(str::to_owned) {
///         cx.insert(User(name));
///     }
///     let mut res = next.run(&mut cx).await;
///     res.headers_mut().insert("x-seen", "1".parse().unwrap());
///     res
/// }
///
/// App::new(()).middleware(auth);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a middleware of an app whose state is `{S}`",
    label = "expected an `async fn(cx: Cx<'_>, next: Next<'_>) -> impl IntoResponse`",
    note = "a middleware takes `cx: Cx<'_>` and `next: Next<'_>` by value, calls `next.run(&mut cx).await` to go on, and returns a response"
)]
pub trait MiddlewareFn<'a, S: 'static>: Send + Sync + 'static {
    /// What it returns.
    type Output: IntoResponse;
    /// The future of one call.
    type Future: Future<Output = Self::Output> + Send + 'a;
    /// Calls it.
    fn call(&self, cx: Cx<'a, S>, next: Next<'a, S>) -> Self::Future;
}

impl<'a, S: 'static, F, Fut> MiddlewareFn<'a, S> for F
where
    F: Fn(Cx<'a, S>, Next<'a, S>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    #[inline]
    fn call(&self, cx: Cx<'a, S>, next: Next<'a, S>) -> Fut {
        self(cx, next)
    }
}

/// The rest of the chain after a middleware: [`run`](Self::run) it to go
/// on, or drop it to answer yourself.
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Next};
/// use hyperox::router::{IntoResponse, Response};
///
/// // Ends the chain early for a closed site; goes on otherwise.
/// async fn maintenance(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
///     if cx.uri().path() != "/status" && std::env::var_os("MAINTENANCE").is_some() {
///         return (hyperox::http::StatusCode::SERVICE_UNAVAILABLE, "back soon").into_response();
///     }
///     next.run(&mut cx).await
/// }
/// App::new(()).middleware(maintenance);
/// ```
pub struct Next<'a, S: 'static> {
    inner: router::Next<'a, AppContext<S>>,
}

impl<S> std::fmt::Debug for Next<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next").finish_non_exhaustive()
    }
}

impl<'a, S: Send + Sync + 'static> Next<'a, S> {
    /// Runs the rest of the chain for `cx`'s request and returns its
    /// response; `cx` is the middleware's again afterwards.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Next};
    /// use hyperox::router::Response;
    ///
    /// async fn log(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
    ///     let path = cx.uri().path().to_owned();
    ///     let res = next.run(&mut cx).await;
    ///     println!("{path}: {}", res.status());
    ///     res
    /// }
    /// hyperox::App::new(()).middleware(log);
    /// ```
    pub fn run<'b>(self, cx: &'b mut Cx<'_, S>) -> impl Future<Output = Response> + Send + 'b
    where
        'a: 'b,
    {
        let inner: router::Next<'b, AppContext<S>> = self.inner;
        inner.run(&mut *cx.ctx, &mut *cx.req)
    }
}

/// A [`PageFn`] as a router handler.
pub(crate) struct Page<F>(pub(crate) F);

impl<'a, S, F> router::Handler<'a, AppContext<S>> for Page<F>
where
    S: Send + Sync + 'static,
    F: PageFn<'a, S>,
{
    type Output = F::Output;
    type Future = F::Future;

    #[inline]
    fn call(&self, ctx: &'a mut AppContext<S>, req: &'a mut Request) -> F::Future {
        self.0.call(Cx::new(ctx, req))
    }
}

/// A [`MiddlewareFn`] as a router middleware.
pub(crate) struct Middleware<F>(pub(crate) F);

impl<'a, S, F> router::Middleware<'a, AppContext<S>> for Middleware<F>
where
    S: Send + Sync + 'static,
    F: MiddlewareFn<'a, S>,
{
    type Output = F::Output;
    type Future = F::Future;

    #[inline]
    fn call(
        &self,
        ctx: &'a mut AppContext<S>,
        req: &'a mut Request,
        next: router::Next<'a, AppContext<S>>,
    ) -> F::Future {
        self.0.call(Cx::new(ctx, req), Next { inner: next })
    }
}
