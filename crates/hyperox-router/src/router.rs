//! The router builder: routes, middleware, subrouters and the handlers for
//! the built-in responses.

use crate::context::{Restore, SubContext};
use crate::error::RouteError;
use crate::handler::{
    BoxFuture, DynErrorHandler, DynMiddleware, DynOptionsHandler, Endpoint, ErrorHandler,
    ErrorHandlerFn, Handler, HandlerFn, Level, Middleware, MiddlewareFn, OptionsHandler,
    OptionsHandlerFn, run_level,
};
use crate::request::Request;
use crate::response::Response;
use crate::routing::pattern::{Pattern, join, normalize_prefix};
use http::Method;
use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

/// A router whose handlers and middleware share a context of type `C`,
/// made fresh for every request.
///
/// Register routes with [`get`](Router::get), [`post`](Router::post), ...,
/// middleware with [`middleware`](Router::middleware), nest routers with
/// [`subrouter`](Router::subrouter), then turn the root router into a
/// `tower::Service` with [`into_service`](Router::into_service).
///
/// # Example
///
/// ```
/// use hyperox_router::{Next, Request, Response, Router};
/// # use tower::ServiceExt;
///
/// #[derive(Default)]
/// struct App { hello_count: usize }
///
/// impl App {
///     async fn set_count(&mut self, req: &mut Request, next: Next<'_, App>) -> Response {
///         self.hello_count = 3;
///         next.run(self, req).await
///     }
///
///     async fn say_hello(&mut self, _req: &mut Request) -> String {
///         format!("{}World!", "Hello ".repeat(self.hello_count))
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mut app = Router::<App>::new();
/// app.middleware(App::set_count).get("/", App::say_hello).unwrap();
/// let res = app.into_service()
///     .oneshot(http::Request::get("/").body(hyperox_router::Body::empty()).unwrap())
///     .await.unwrap();
/// assert_eq!(hyperox_router::test::body_string(res).await, "Hello Hello Hello World!");
/// # }
/// ```
pub struct Router<C> {
    pub(crate) prefix: String,
    pub(crate) is_root: bool,
    pub(crate) middleware: Vec<Arc<dyn DynMiddleware<C>>>,
    pub(crate) error_handler: Option<Arc<dyn DynErrorHandler<C>>>,
    pub(crate) routes: Vec<RouteDef<C>>,
    pub(crate) children: Vec<Box<dyn ChildRouter<C>>>,
    pub(crate) not_found: Option<Arc<dyn Endpoint<C>>>,
    pub(crate) options_handler: Option<Arc<dyn DynOptionsHandler<C>>>,
    pub(crate) make_context: Option<Arc<dyn Fn() -> C + Send + Sync>>,
}

impl<C> std::fmt::Debug for Router<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Router")
            .field("prefix", &self.prefix)
            .field("routes", &self.routes.len())
            .field("middleware", &self.middleware.len())
            .finish_non_exhaustive()
    }
}

pub(crate) struct RouteDef<C> {
    pub(crate) method: Method,
    pub(crate) full: String,
    pub(crate) pattern: Pattern,
    pub(crate) endpoint: Arc<dyn Endpoint<C>>,
}

/// A route as the built router keeps it, for a context type `C` of the
/// router that keeps it.
pub(crate) struct Entry<C> {
    pub(crate) method: Method,
    pub(crate) full: String,
    pub(crate) pattern: Pattern,
    /// The chain from this router's context down to the handler.
    pub(crate) endpoint: Arc<dyn Endpoint<C>>,
    /// The same chain, ending in the automatic OPTIONS answer.
    pub(crate) options: Arc<dyn Endpoint<C>>,
}

impl<C: Default + Send + 'static> Router<C> {
    /// A root router whose context is made with `C::default()`.
    pub fn new() -> Self {
        Self::with_context(C::default)
    }
}

impl<C: Default + Send + 'static> Default for Router<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: Send + 'static> Router<C> {
    /// A root router whose context is made by `make` for every request.
    pub fn with_context(make: impl Fn() -> C + Send + Sync + 'static) -> Self {
        let mut router = Self::empty(String::new(), true);
        router.make_context = Some(Arc::new(make));
        router
    }

    fn empty(prefix: String, is_root: bool) -> Self {
        Self {
            prefix,
            is_root,
            middleware: Vec::new(),
            error_handler: None,
            routes: Vec::new(),
            children: Vec::new(),
            not_found: None,
            options_handler: None,
            make_context: None,
        }
    }

    /// Adds a middleware. Middleware run in the order added; the root
    /// router's run before routing, a subrouter's after it.
    pub fn middleware<M>(&mut self, middleware: M) -> &mut Self
    where
        M: for<'a> Middleware<'a, C>,
    {
        self.middleware.push(Arc::new(MiddlewareFn(middleware)));
        self
    }

    /// Sets the error handler: called with this router's context when a
    /// handler or middleware at this level or below (with no nearer error
    /// handler) panics or returns an error.
    pub fn error_handler<H>(&mut self, handler: H) -> &mut Self
    where
        H: for<'a> ErrorHandler<'a, C>,
    {
        self.error_handler = Some(Arc::new(ErrorHandlerFn(handler)));
        self
    }

    /// Sets the handler for requests no route matches (root router only;
    /// it gets the root context after the root middleware ran).
    ///
    /// # Panics
    ///
    /// On a subrouter: not-found handling belongs to the root.
    pub fn not_found<H>(&mut self, handler: H) -> &mut Self
    where
        H: for<'a> Handler<'a, C>,
    {
        assert!(
            self.is_root,
            "not_found is set on the root router, not on the subrouter `{}`",
            self.prefix
        );
        self.not_found = Some(Arc::new(HandlerFn(handler)));
        self
    }

    /// Sets the handler for OPTIONS requests that no OPTIONS route matches
    /// but routes of other methods do (root router only). It runs after
    /// the middleware of the router owning the route and receives the
    /// allowed methods.
    ///
    /// # Panics
    ///
    /// On a subrouter.
    pub fn options_handler<H>(&mut self, handler: H) -> &mut Self
    where
        H: for<'a> OptionsHandler<'a, C>,
    {
        assert!(
            self.is_root,
            "options_handler is set on the root router, not on the subrouter `{}`",
            self.prefix
        );
        self.options_handler = Some(Arc::new(OptionsHandlerFn(handler)));
        self
    }

    /// Adds a route for `method` and `pattern`.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn route<H>(
        &mut self,
        method: Method,
        pattern: &str,
        handler: H,
    ) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        let full = join(&self.prefix, pattern);
        let parsed = Pattern::parse(&full)?;
        if let Some(first) = self
            .routes
            .iter()
            .find(|r| r.method == method && r.pattern.same_place(&parsed))
        {
            return Err(RouteError::Duplicate {
                method: method.to_string(),
                pattern: full,
                existing: first.full.clone(),
            });
        }
        self.routes.push(RouteDef {
            method,
            full,
            pattern: parsed,
            endpoint: Arc::new(HandlerFn(handler)),
        });
        Ok(self)
    }

    /// Adds a GET route (which also answers HEAD).
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn get<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::GET, pattern, handler)
    }

    /// Adds a POST route.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn post<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::POST, pattern, handler)
    }

    /// Adds a PUT route.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn put<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::PUT, pattern, handler)
    }

    /// Adds a DELETE route.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn delete<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::DELETE, pattern, handler)
    }

    /// Adds a PATCH route.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn patch<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::PATCH, pattern, handler)
    }

    /// Adds a HEAD route (without one, HEAD falls back to GET).
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn head<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::HEAD, pattern, handler)
    }

    /// Adds an OPTIONS route (without one, OPTIONS is answered
    /// automatically).
    ///
    /// # Errors
    ///
    /// A pattern that is not valid: see [`RouteError`].
    pub fn options<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::OPTIONS, pattern, handler)
    }

    /// Nests a router under `prefix` whose context is `Ch`: the same type as
    /// this router's (sharing its instance) or a child type made from it
    /// (see [`SubContext`]).
    ///
    /// # Errors
    ///
    /// A prefix that is not static segments starting with `/`.
    pub fn subrouter<Ch>(&mut self, prefix: &str) -> Result<&mut Router<Ch>, RouteError>
    where
        Ch: SubContext<C>,
        C: Default,
    {
        let full = normalize_prefix(&join(&self.prefix, &normalize_prefix(prefix)?))?;
        self.children.push(Box::new(Child::<C, Ch> {
            router: Router::empty(full, false),
            _parent: PhantomData,
        }));
        let child = self.children.last_mut().expect("just pushed");
        Ok(child
            .as_any_mut()
            .downcast_mut::<Router<Ch>>()
            .expect("child router has the type it was made with"))
    }

    /// A group of routes under `prefix` with this router's context type:
    /// middleware and an error handler of its own, sharing the parent's
    /// context instance. Unlike [`subrouter`](Self::subrouter), the
    /// context needs no `Default`, so a root made with
    /// [`with_context`](Self::with_context) can have groups.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Next, Request, Response, Router};
    ///
    /// struct Ctx { db: &'static str, admin: bool }
    ///
    /// async fn admins(cx: &mut Ctx, req: &mut Request, next: Next<'_, Ctx>) -> Response {
    ///     cx.admin = true;
    ///     next.run(cx, req).await
    /// }
    /// async fn users(cx: &mut Ctx, _: &mut Request) -> String {
    ///     format!("{} {}", cx.db, cx.admin)
    /// }
    ///
    /// let mut app = Router::with_context(|| Ctx { db: "main", admin: false });
    /// app.group("/admin").unwrap().middleware(admins).get("/users", users).unwrap();
    /// ```
    ///
    /// # Errors
    ///
    /// A prefix that is not static segments starting with `/`.
    pub fn group(&mut self, prefix: &str) -> Result<&mut Router<C>, RouteError> {
        let full = normalize_prefix(&join(&self.prefix, &normalize_prefix(prefix)?))?;
        self.children.push(Box::new(Group::<C> {
            router: Router::empty(full, false),
        }));
        let child = self.children.last_mut().expect("just pushed");
        Ok(child
            .as_any_mut()
            .downcast_mut::<Router<C>>()
            .expect("a group has its parent's context type"))
    }

    /// Builds this router's level and the entries of every route at or
    /// below it, each as a chain starting from a context of type `C`.
    pub(crate) fn build_entries(self) -> (Arc<Level<C>>, Vec<Entry<C>>) {
        let level = Arc::new(Level {
            middleware: self.middleware.into_boxed_slice(),
            error_handler: self.error_handler,
        });
        let options: Arc<dyn Endpoint<C>> = Arc::new(crate::options::AutoOptions);
        let mut entries: Vec<Entry<C>> = self
            .routes
            .into_iter()
            .map(|r| Entry {
                method: r.method,
                full: r.full,
                pattern: r.pattern,
                endpoint: r.endpoint,
                options: Arc::clone(&options),
            })
            .collect();
        for child in self.children {
            child.build_into(&mut entries);
        }
        (level, entries)
    }
}

/// A nested router, type-erased for its parent.
pub(crate) trait ChildRouter<P>: Send {
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// Adds the child's routes to its parent's, each wrapped in a descent
    /// into the child's context and middleware.
    fn build_into(self: Box<Self>, parent: &mut Vec<Entry<P>>);
}

struct Child<P, Ch> {
    router: Router<Ch>,
    _parent: PhantomData<fn(P) -> P>,
}

impl<P, Ch> ChildRouter<P> for Child<P, Ch>
where
    P: Default + Send + 'static,
    Ch: SubContext<P>,
{
    fn as_any_mut(&mut self) -> &mut dyn Any {
        &mut self.router
    }

    fn build_into(self: Box<Self>, parent: &mut Vec<Entry<P>>) {
        let (level, entries) = self.router.build_entries();
        parent.extend(entries.into_iter().map(|e| Entry {
            method: e.method,
            full: e.full,
            pattern: e.pattern,
            endpoint: Arc::new(Descend::<P, Ch> {
                level: Arc::clone(&level),
                tail: e.endpoint,
                _parent: PhantomData,
            }),
            options: Arc::new(Descend::<P, Ch> {
                level: Arc::clone(&level),
                tail: e.options,
                _parent: PhantomData,
            }),
        }));
    }
}

/// A group: a nested router with its parent's context type.
struct Group<C> {
    router: Router<C>,
}

impl<C: Send + 'static> ChildRouter<C> for Group<C> {
    fn as_any_mut(&mut self) -> &mut dyn Any {
        &mut self.router
    }

    fn build_into(self: Box<Self>, parent: &mut Vec<Entry<C>>) {
        let (level, entries) = self.router.build_entries();
        parent.extend(entries.into_iter().map(|e| Entry {
            method: e.method,
            full: e.full,
            pattern: e.pattern,
            endpoint: Arc::new(Enter {
                level: Arc::clone(&level),
                tail: e.endpoint,
            }),
            options: Arc::new(Enter {
                level: Arc::clone(&level),
                tail: e.options,
            }),
        }));
    }
}

/// Enters a group: runs its middleware and what follows on the same
/// context.
struct Enter<C> {
    level: Arc<Level<C>>,
    tail: Arc<dyn Endpoint<C>>,
}

impl<C: Send + 'static> Endpoint<C> for Enter<C> {
    fn call<'a>(&'a self, ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response> {
        Box::pin(run_level(&self.level, &*self.tail, ctx, req))
    }
}

/// Enters a subrouter: makes its context from the parent's, runs its
/// middleware and what follows, and gives the parent its context back.
struct Descend<P, Ch> {
    level: Arc<Level<Ch>>,
    tail: Arc<dyn Endpoint<Ch>>,
    _parent: PhantomData<fn(P) -> P>,
}

impl<P, Ch> Endpoint<P> for Descend<P, Ch>
where
    P: Default + Send + 'static,
    Ch: SubContext<P>,
{
    fn call<'a>(&'a self, parent: &'a mut P, req: &'a mut Request) -> BoxFuture<'a, Response> {
        Box::pin(async move {
            if let Some(shared) = Ch::shared(&mut *parent) {
                return run_level(&self.level, &*self.tail, shared, req).await;
            }
            let child = Ch::from_parent(std::mem::take(parent));
            let mut restore = Restore::<P, Ch> {
                parent,
                child: Some(child),
            };
            let ctx = restore.child.as_mut().expect("child is set until drop");
            run_level(&self.level, &*self.tail, ctx, req).await
        })
    }
}
