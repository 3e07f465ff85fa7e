//! Handlers, middleware and `Next`: the async functions a router calls.

use crate::error::Error;
use crate::panic::Caught;
use crate::request::Request;
use crate::response::{IntoResponse, Response, pending_error, take_pending_error};
use http::Method;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed, `Send` future.
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

/// A handler, middleware, error handler or OPTIONS handler that takes
/// no context.
///
/// # Example
///
/// ```
/// use hyperox_router::{NoCtxNext, Request, Response, Router, no_ctx};
///
/// async fn health(_req: &mut Request) -> &'static str { "ok" }
///
/// async fn server_header(req: &mut Request, next: NoCtxNext<'_>) -> Response {
///     let mut res = next.run(req).await;
///     res.headers_mut().insert("server", "hyperox".parse().unwrap());
///     res
/// }
///
/// #[derive(Default)]
/// struct App;
///
/// let mut app = Router::<App>::new();
/// app.middleware(no_ctx(server_header));
/// app.get("/health", no_ctx(health)).unwrap();
/// ```
pub fn no_ctx<F>(f: F) -> NoCtx<F> {
    NoCtx(f)
}

/// A context-free handler, middleware, error handler or OPTIONS handler;
/// see [`no_ctx`].
#[derive(Debug, Clone, Copy)]
pub struct NoCtx<F>(F);

impl<'a, C: 'a, F, Fut> ErrorHandler<'a, C> for NoCtx<F>
where
    F: Fn(&'a mut Request, Error) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    fn call(&self, _ctx: &'a mut C, req: &'a mut Request, err: Error) -> Fut {
        (self.0)(req, err)
    }
}

impl<'a, C: 'a, F, Fut> OptionsHandler<'a, C> for NoCtx<F>
where
    F: Fn(&'a mut Request, Vec<Method>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    fn call(&self, _ctx: &'a mut C, req: &'a mut Request, methods: Vec<Method>) -> Fut {
        (self.0)(req, methods)
    }
}

impl<'a, C: 'a, F, Fut> Handler<'a, C> for NoCtx<F>
where
    F: Fn(&'a mut Request) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    #[inline]
    fn call(&self, _ctx: &'a mut C, req: &'a mut Request) -> Fut {
        (self.0)(req)
    }
}

impl<'a, C: Send + 'a, F, Fut> Middleware<'a, C> for NoCtx<F>
where
    F: Fn(&'a mut Request, NoCtxNext<'a>) -> Fut + Send + Sync + 'static,
    Fut: Future + Send + 'a,
    Fut::Output: IntoResponse,
{
    type Output = Fut::Output;
    type Future = Fut;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Fut {
        (self.0)(
            req,
            NoCtxNext {
                rest: Box::new(Rest { ctx, next }),
            },
        )
    }
}

/// The rest of the chain, for a middleware that takes no context (see
/// [`no_ctx`]).
pub struct NoCtxNext<'a> {
    rest: Box<dyn RunRest + 'a>,
}

impl std::fmt::Debug for NoCtxNext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoCtxNext").finish_non_exhaustive()
    }
}

impl<'a> NoCtxNext<'a> {
    /// Runs the rest of the chain.
    pub async fn run(self, req: &'a mut Request) -> Response {
        self.rest.run(req).await
    }
}

/// The context and the rest of its chain, with the context type erased.
trait RunRest: Send {
    fn run<'b>(self: Box<Self>, req: &'b mut Request) -> BoxFuture<'b, Response>
    where
        Self: 'b;
}

struct Rest<'a, C> {
    ctx: &'a mut C,
    next: Next<'a, C>,
}

impl<C: Send> RunRest for Rest<'_, C> {
    fn run<'b>(self: Box<Self>, req: &'b mut Request) -> BoxFuture<'b, Response>
    where
        Self: 'b,
    {
        let Rest { ctx, next } = *self;
        next.run_boxed(ctx, req)
    }
}

pin_project_lite::pin_project! {
    /// Turns the output of a handler's future into a response, without the
    /// extra copy of the future that an `async` wrapper would hold.
    struct IntoResponseFuture<F> {
        #[pin]
        inner: F,
    }
}

impl<F> Future for IntoResponseFuture<F>
where
    F: Future,
    F::Output: IntoResponse,
{
    type Output = Response;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Response> {
        self.project()
            .inner
            .poll(cx)
            .map(IntoResponse::into_response)
    }
}

/// Type-erased middleware as a router stores it.
pub(crate) trait DynMiddleware<C>: Send + Sync {
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        next: Next<'a, C>,
    ) -> BoxFuture<'a, Response>;
}

pub(crate) struct MiddlewareFn<M>(pub(crate) M);

impl<C, M> DynMiddleware<C> for MiddlewareFn<M>
where
    M: for<'a> Middleware<'a, C>,
{
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        next: Next<'a, C>,
    ) -> BoxFuture<'a, Response> {
        Box::pin(IntoResponseFuture {
            inner: self.0.call(ctx, req, next),
        })
    }
}

/// Something a chain ends in: a handler, a descent into a subrouter, or
/// routing itself.
pub(crate) trait Endpoint<C>: Send + Sync {
    fn call<'a>(&'a self, ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response>;
}

pub(crate) struct HandlerFn<H>(pub(crate) H);

impl<C, H> Endpoint<C> for HandlerFn<H>
where
    H: for<'a> Handler<'a, C>,
{
    #[inline]
    fn call<'a>(&'a self, ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response> {
        Box::pin(Caught::new(self.0.call(ctx, req)))
    }
}

/// Type-erased error handler.
pub(crate) trait DynErrorHandler<C>: Send + Sync {
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        err: Error,
    ) -> BoxFuture<'a, Response>;
}

pub(crate) struct ErrorHandlerFn<H>(pub(crate) H);

impl<C, H> DynErrorHandler<C> for ErrorHandlerFn<H>
where
    H: for<'a> ErrorHandler<'a, C>,
{
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        err: Error,
    ) -> BoxFuture<'a, Response> {
        Box::pin(IntoResponseFuture {
            inner: self.0.call(ctx, req, err),
        })
    }
}

/// Type-erased options handler.
pub(crate) trait DynOptionsHandler<C>: Send + Sync {
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        methods: Vec<Method>,
    ) -> BoxFuture<'a, Response>;
}

pub(crate) struct OptionsHandlerFn<H>(pub(crate) H);

impl<C, H> DynOptionsHandler<C> for OptionsHandlerFn<H>
where
    H: for<'a> OptionsHandler<'a, C>,
{
    fn call<'a>(
        &'a self,
        ctx: &'a mut C,
        req: &'a mut Request,
        methods: Vec<Method>,
    ) -> BoxFuture<'a, Response> {
        Box::pin(IntoResponseFuture {
            inner: self.0.call(ctx, req, methods),
        })
    }
}

/// What one router level contributes to every chain through it.
pub(crate) struct Level<C> {
    pub(crate) middleware: Box<[Arc<dyn DynMiddleware<C>>]>,
    pub(crate) error_handler: Option<Arc<dyn DynErrorHandler<C>>>,
}

/// The rest of the chain after the middleware that holds it.
///
/// Call [`Next::run`] to go on; drop it to end the chain with your own
/// response.
pub struct Next<'a, C> {
    level: &'a Level<C>,
    tail: &'a dyn Endpoint<C>,
    index: usize,
}

impl<C> std::fmt::Debug for Next<'_, C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field(
                "middleware_left",
                &self.level.middleware.len().saturating_sub(self.index),
            )
            .finish_non_exhaustive()
    }
}

impl<'a, C: Send> Next<'a, C> {
    pub(crate) fn start(level: &'a Level<C>, tail: &'a dyn Endpoint<C>) -> Self {
        Self {
            level,
            tail,
            index: 0,
        }
    }

    /// Runs the rest of the chain and returns its response.
    ///
    /// A panic or returned error below becomes a 500 response (carrying
    /// the error, see [`pending_error`](crate::pending_error)); the
    /// nearest error handler replaces it when it leaves that handler's
    /// router.
    #[inline]
    pub fn run(
        self,
        ctx: &'a mut C,
        req: &'a mut Request,
    ) -> impl Future<Output = Response> + Send + 'a {
        self.run_boxed(ctx, req)
    }

    /// [`Next::run`], with the future's type named (it is already boxed).
    #[inline]
    pub(crate) fn run_boxed(self, ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response> {
        match self.level.middleware.get(self.index) {
            Some(mw) => mw.call(
                ctx,
                req,
                Next {
                    index: self.index + 1,
                    ..self
                },
            ),
            None => self.tail.call(ctx, req),
        }
    }
}

/// Runs one router level's chain (its middleware, then `tail`), catching
/// panics, and lets the level's error handler answer for a failure.
pub(crate) async fn run_level<C: Send>(
    level: &Level<C>,
    tail: &dyn Endpoint<C>,
    ctx: &mut C,
    req: &mut Request,
) -> Response {
    let mut res = Caught::new(Next::start(level, tail).run(&mut *ctx, &mut *req)).await;
    crate::response::annotate_panic(&mut res, req);
    let recovering = match settle(res, level, ctx, req) {
        Ok(res) => return res,
        Err(recovering) => recovering,
    };
    recovering.await
}

/// The response of a router level, or, when it failed and the level has
/// an error handler, the (boxed, rare) future that recovers. Kept out of
/// line so that the futures of the chain stay small.
#[inline]
fn settle<'a, C>(
    res: Response,
    level: &'a Level<C>,
    ctx: &'a mut C,
    req: &'a mut Request,
) -> Result<Response, BoxFuture<'a, Response>>
where
    C: Send,
{
    match &level.error_handler {
        Some(handler) if pending_error(&res).is_some() => {
            Err(Box::pin(recover(res, &**handler, ctx, req)))
        }
        _ => Ok(res),
    }
}

/// Hands a failure to a router's error handler.
async fn recover<C>(
    mut res: Response,
    handler: &dyn DynErrorHandler<C>,
    ctx: &mut C,
    req: &mut Request,
) -> Response {
    match take_pending_error(&mut res) {
        Some(err) => {
            let mut res = Caught::new(handler.call(ctx, req, err)).await;
            crate::response::annotate_panic(&mut res, req);
            res
        }
        None => res,
    }
}
