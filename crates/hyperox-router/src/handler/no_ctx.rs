//! Handlers and middleware that take no context.

use super::{BoxFuture, ErrorHandler, Handler, Middleware, Next, OptionsHandler};
use crate::error::Error;
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use http::Method;
use std::future::Future;

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
///
/// # Example
///
/// ```
/// use hyperox_router::{NoCtx, Request, Router, no_ctx};
///
/// async fn health(_req: &mut Request) -> &'static str { "ok" }
/// let handler: NoCtx<_> = no_ctx(health);
/// Router::<String>::new().get("/health", handler).unwrap();
/// ```
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
///
/// # Example
///
/// ```
/// use hyperox_router::{NoCtxNext, Request, Response, Router, no_ctx};
///
/// async fn powered_by(req: &mut Request, next: NoCtxNext<'_>) -> Response {
///     let mut res = next.run(req).await;
///     res.headers_mut().insert("x-powered-by", "hyperox".parse().unwrap());
///     res
/// }
/// Router::<String>::new().middleware(no_ctx(powered_by));
/// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{NoCtxNext, Request, Response, Router, no_ctx};
    ///
    /// async fn only_get(req: &mut Request, next: NoCtxNext<'_>) -> Response {
    ///     if req.method() != "GET" {
    ///         return Response::new("GET only".into());
    ///     }
    ///     next.run(req).await
    /// }
    /// Router::<()>::new().middleware(no_ctx(only_get));
    /// ```
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
