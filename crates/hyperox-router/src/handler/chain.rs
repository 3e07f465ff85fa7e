//! One router level's chain: its middleware, then the endpoint.

use super::{BoxFuture, DynErrorHandler, DynMiddleware, Endpoint};
use crate::panic::Caught;
use crate::request::Request;
use crate::response::{Response, pending_error, take_pending_error};
use std::future::Future;
use std::sync::Arc;

/// What one router level contributes to every chain through it.
pub(crate) struct Level<C> {
    pub(crate) middleware: Box<[Arc<dyn DynMiddleware<C>>]>,
    pub(crate) error_handler: Option<Arc<dyn DynErrorHandler<C>>>,
}

/// The rest of the chain after the middleware that holds it.
///
/// Call [`Next::run`] to go on; drop it to end the chain with your own
/// response.
///
/// # Example
///
/// ```
/// use hyperox_router::{IntoResponse, Next, Request, Response, Router};
///
/// #[derive(Default)]
/// struct App { admin: bool }
///
/// async fn admins_only(app: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
///     app.admin = req.headers().contains_key("x-admin");
///     if !app.admin {
///         return http::StatusCode::FORBIDDEN.into_response(); // the chain ends here
///     }
///     next.run(app, req).await
/// }
/// Router::<App>::new().middleware(admins_only);
/// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Next, Request, Response, Router};
    ///
    /// async fn timed(ctx: &mut (), req: &mut Request, next: Next<'_, ()>) -> Response {
    ///     let t = std::time::Instant::now();
    ///     let res = next.run(ctx, req).await;
    ///     println!("{} in {:?}", req.uri(), t.elapsed());
    ///     res
    /// }
    /// Router::<()>::new().middleware(timed);
    /// ```
    pub fn run(
        self,
        ctx: &'a mut C,
        req: &'a mut Request,
    ) -> impl Future<Output = Response> + Send + 'a {
        self.run_boxed(ctx, req)
    }

    /// Whether a request for `method` at `path` would reach a route (as
    /// [`RouterService::find`](crate::RouterService::find) says), asked by
    /// a middleware of the root router before routing: a check that only
    /// guards routes (a CSRF check, say) lets the rest through to their
    /// 404 or 405. `None` in a subrouter's middleware, which runs after
    /// routing.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Next, Request, Response, Router, http::Method};
    /// # use hyperox_router::{Body, test::{body_string, poll_ready}};
    ///
    /// async fn guard(ctx: &mut (), req: &mut Request, next: Next<'_, ()>) -> Response {
    ///     if next.routes_to(req.method(), req.uri().path()) == Some(true) {
    ///         req.headers_mut().insert("x-guarded", "yes".parse().unwrap());
    ///     }
    ///     next.run(ctx, req).await
    /// }
    /// async fn show(_: &mut (), req: &mut Request) -> String {
    ///     format!("{:?}", req.headers().get("x-guarded"))
    /// }
    /// let mut router = Router::<()>::new();
    /// router.middleware(guard).get("/todos/:id", show).unwrap();
    /// # use tower::ServiceExt;
    /// # let svc = router.into_service();
    /// # let res = poll_ready(svc.oneshot(http::Request::builder().uri("/todos/1").body(Body::empty()).unwrap())).unwrap();
    /// # assert_eq!(poll_ready(body_string(res)), "Some(\"yes\")");
    /// ```
    pub fn routes_to(&self, method: &http::Method, path: &str) -> Option<bool> {
        self.tail.routes_to(method, path)
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
