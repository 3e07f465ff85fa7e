//! Handlers and middleware as a router stores them, behind `dyn`.

use super::{BoxFuture, ErrorHandler, Handler, Middleware, Next, OptionsHandler};
use crate::error::Error;
use crate::panic::Caught;
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use http::Method;
use std::future::Future;
use std::pin::Pin;

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

    /// Whether `method` at `path` reaches a route, for the endpoint that
    /// routes; `None` for any other.
    fn routes_to(&self, _method: &http::Method, _path: &str) -> Option<bool> {
        None
    }
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
