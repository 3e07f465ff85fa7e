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
    /// Makes a context of this level: the root's for each request; a
    /// nested router's from its parent's maker, to stand in for the
    /// parent's context while a child context owns it.
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// #[derive(Default)]
    /// struct App { hits: u32 }
    ///
    /// async fn hello(app: &mut App, _req: &mut Request) -> String {
    ///     app.hits += 1;
    ///     format!("hit {}", app.hits)
    /// }
    /// let mut router = Router::<App>::new();
    /// router.get("/", hello).unwrap();
    /// // A fresh context per request.
    /// let svc = router.into_service();
    /// assert_eq!(call(&svc, "GET", "/").1, "hit 1");
    /// assert_eq!(call(&svc, "GET", "/").1, "hit 1");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use std::sync::Arc;
    ///
    /// struct App { db: Arc<Vec<&'static str>> }
    ///
    /// async fn first(app: &mut App, _req: &mut Request) -> String {
    ///     app.db[0].to_owned()
    /// }
    /// let db = Arc::new(vec!["ada"]);
    /// let mut router = Router::with_context(move || App { db: db.clone() });
    /// router.get("/first", first).unwrap();
    /// assert_eq!(call(&router.into_service(), "GET", "/first").1, "ada");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use hyperox_router::{Next, Response};
    ///
    /// #[derive(Default)]
    /// struct App { user: Option<String> }
    ///
    /// async fn auth(app: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
    ///     app.user = req.headers().get("x-user").and_then(|v| v.to_str().ok()).map(str::to_owned);
    ///     next.run(app, req).await
    /// }
    ///
    /// async fn me(app: &mut App, _req: &mut Request) -> String {
    ///     app.user.clone().unwrap_or_else(|| "guest".into())
    /// }
    /// let mut router = Router::<App>::new();
    /// router.middleware(auth);
    /// router.get("/me", me).unwrap();
    /// assert_eq!(call(&router.into_service(), "GET", "/me").1, "guest");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use hyperox_router::{Error, Response, IntoResponse};
    ///
    /// async fn fails(_: &mut (), _req: &mut Request) -> Result<String, std::io::Error> {
    ///     Err(std::io::Error::other("disk full"))
    /// }
    ///
    /// async fn on_error(_: &mut (), _req: &mut Request, err: Error) -> Response {
    ///     (http::StatusCode::SERVICE_UNAVAILABLE, format!("sorry: {err}")).into_response()
    /// }
    /// let mut router = Router::<()>::new();
    /// router.error_handler(on_error);
    /// router.get("/", fails).unwrap();
    /// assert_eq!(call(&router.into_service(), "GET", "/"), (503, "sorry: disk full".into()));
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use hyperox_router::{Response, IntoResponse};
    ///
    /// async fn missing(_: &mut (), req: &mut Request) -> Response {
    ///     (http::StatusCode::NOT_FOUND, format!("no page at {}", req.uri().path())).into_response()
    /// }
    /// let mut router = Router::<()>::new();
    /// router.not_found(missing);
    /// assert_eq!(call(&router.into_service(), "GET", "/x"), (404, "no page at /x".into()));
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use hyperox_router::{Response, IntoResponse};
    /// use http::Method;
    ///
    /// async fn cors(_: &mut (), _req: &mut Request, allowed: Vec<Method>) -> Response {
    ///     let list: Vec<&str> = allowed.iter().map(Method::as_str).collect();
    ///     let mut res = "".into_response();
    ///     res.headers_mut().insert("access-control-allow-methods", list.join(", ").parse().unwrap());
    ///     res
    /// }
    /// async fn item(_: &mut (), _req: &mut Request) -> &'static str { "item" }
    ///
    /// let mut router = Router::<()>::new();
    /// router.options_handler(cors);
    /// router.get("/item", item).unwrap();
    /// router.delete("/item", item).unwrap();
    /// assert_eq!(call(&router.into_service(), "OPTIONS", "/item").0, 200);
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn purge(_: &mut (), _req: &mut Request) -> &'static str { "purged" }
    ///
    /// let mut router = Router::<()>::new();
    /// router.route("PURGE".parse().unwrap(), "/cache", purge).unwrap();
    /// let svc = router.into_service();
    /// assert_eq!(call(&svc, "PURGE", "/cache"), (200, "purged".into()));
    /// assert_eq!(call(&svc, "GET", "/cache").0, 405);
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn user(_: &mut (), req: &mut Request) -> String {
    ///     format!("user {}", req.param("id").unwrap())
    /// }
    /// let mut router = Router::<()>::new();
    /// router.get("/users/:id", user).unwrap();
    /// let svc = router.into_service();
    /// assert_eq!(call(&svc, "GET", "/users/7").1, "user 7");
    /// assert_eq!(call(&svc, "HEAD", "/users/7"), (200, String::new()));
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn create(_: &mut (), _req: &mut Request) -> (http::StatusCode, &'static str) {
    ///     (http::StatusCode::CREATED, "made")
    /// }
    /// let mut router = Router::<()>::new();
    /// router.post("/things", create).unwrap();
    /// assert_eq!(call(&router.into_service(), "POST", "/things"), (201, "made".into()));
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn replace(_: &mut (), _req: &mut Request) -> &'static str { "replaced" }
    /// let mut router = Router::<()>::new();
    /// router.put("/things/:id", replace).unwrap();
    /// assert_eq!(call(&router.into_service(), "PUT", "/things/1").1, "replaced");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn remove(_: &mut (), _req: &mut Request) -> &'static str { "gone" }
    /// let mut router = Router::<()>::new();
    /// router.delete("/things/:id", remove).unwrap();
    /// assert_eq!(call(&router.into_service(), "DELETE", "/things/1").1, "gone");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn edit(_: &mut (), _req: &mut Request) -> &'static str { "edited" }
    /// let mut router = Router::<()>::new();
    /// router.patch("/things/:id", edit).unwrap();
    /// assert_eq!(call(&router.into_service(), "PATCH", "/things/1").1, "edited");
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Body, Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn size(_: &mut (), _req: &mut Request) -> hyperox_router::Response {
    ///     let mut res = hyperox_router::Response::new(Body::empty());
    ///     res.headers_mut().insert("x-size", http::HeaderValue::from_static("42"));
    ///     res
    /// }
    /// let mut router = Router::<()>::new();
    /// router.head("/file", size).unwrap();
    /// assert_eq!(call(&router.into_service(), "HEAD", "/file").0, 200);
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// async fn opts(_: &mut (), _req: &mut Request) -> &'static str { "custom" }
    /// let mut router = Router::<()>::new();
    /// router.options("/api", opts).unwrap();
    /// assert_eq!(call(&router.into_service(), "OPTIONS", "/api").1, "custom");
    /// ```
    pub fn options<H>(&mut self, pattern: &str, handler: H) -> Result<&mut Self, RouteError>
    where
        H: for<'a> Handler<'a, C>,
    {
        self.route(Method::OPTIONS, pattern, handler)
    }

    /// Nests a router under `prefix` whose context is `Ch`: the same type as
    /// this router's (sharing its instance) or a child type made from it
    /// (see [`SubContext`]). Neither context needs `Default`: while the
    /// child owns the parent's context, a context made the way this
    /// router makes its own holds the parent's place (the root's
    /// [`with_context`](Self::with_context) function, or `Default`).
    ///
    /// # Errors
    ///
    /// A prefix that is not static segments starting with `/`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// # use hyperox_router::test::call;
    /// use hyperox_router::SubContext;
    ///
    /// #[derive(Default)]
    /// struct App { user: &'static str }
    ///
    /// struct Admin { app: App, checked: bool }
    ///
    /// impl SubContext<App> for Admin {
    ///     fn from_parent(app: App) -> Self {
    ///         Admin { app, checked: true }
    ///     }
    ///     fn into_parent(self) -> App {
    ///         self.app
    ///     }
    /// }
    ///
    /// async fn panel(admin: &mut Admin, _req: &mut Request) -> String {
    ///     format!("admin panel for {:?}, checked: {}", admin.app.user, admin.checked)
    /// }
    /// let mut router = Router::<App>::new();
    /// router.subrouter::<Admin>("/admin").unwrap().get("/", panel).unwrap();
    /// assert_eq!(call(&router.into_service(), "GET", "/admin").1, "admin panel for \"\", checked: true");
    /// ```
    pub fn subrouter<Ch>(&mut self, prefix: &str) -> Result<&mut Router<Ch>, RouteError>
    where
        Ch: SubContext<C>,
    {
        let full = normalize_prefix(&join(&self.prefix, &normalize_prefix(prefix)?))?;
        let parent = self.make_context.clone().expect(
            "every router made by new, with_context, subrouter or group can make its context",
        );
        let mut router = Router::empty(full, false);
        router.make_context = Some(Arc::new({
            let parent = parent.clone();
            move || Ch::from_parent(parent())
        }));
        self.children.push(Box::new(Child::<C, Ch> {
            router,
            stand_in: parent,
        }));
        let child = self.children.last_mut().expect("just pushed");
        Ok(child
            .as_any_mut()
            .downcast_mut::<Router<Ch>>()
            .expect("child router has the type it was made with"))
    }

    /// A group of routes under `prefix` with this router's context type:
    /// middleware and an error handler of its own, sharing the parent's
    /// context instance.
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
        let mut router = Router::empty(full, false);
        router.make_context = self.make_context.clone();
        self.children.push(Box::new(Group::<C> { router }));
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
    /// Makes a parent context to hold the parent's place while the child
    /// owns it.
    stand_in: Arc<dyn Fn() -> P + Send + Sync>,
}

impl<P, Ch> ChildRouter<P> for Child<P, Ch>
where
    P: Send + 'static,
    Ch: SubContext<P>,
{
    fn as_any_mut(&mut self) -> &mut dyn Any {
        &mut self.router
    }

    fn build_into(self: Box<Self>, parent: &mut Vec<Entry<P>>) {
        let (level, entries) = self.router.build_entries();
        let stand_in = self.stand_in;
        parent.extend(entries.into_iter().map(|e| Entry {
            method: e.method,
            full: e.full,
            pattern: e.pattern,
            endpoint: Arc::new(Descend::<P, Ch> {
                level: Arc::clone(&level),
                tail: e.endpoint,
                stand_in: Arc::clone(&stand_in),
            }),
            options: Arc::new(Descend::<P, Ch> {
                level: Arc::clone(&level),
                tail: e.options,
                stand_in: Arc::clone(&stand_in),
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
    stand_in: Arc<dyn Fn() -> P + Send + Sync>,
}

impl<P, Ch> Endpoint<P> for Descend<P, Ch>
where
    P: Send + 'static,
    Ch: SubContext<P>,
{
    fn call<'a>(&'a self, parent: &'a mut P, req: &'a mut Request) -> BoxFuture<'a, Response> {
        Box::pin(async move {
            if let Some(shared) = Ch::shared(&mut *parent) {
                return run_level(&self.level, &*self.tail, shared, req).await;
            }
            let child = Ch::from_parent(std::mem::replace(parent, (self.stand_in)()));
            let mut restore = Restore::<P, Ch> {
                parent,
                child: Some(child),
            };
            let ctx = restore.child.as_mut().expect("child is set until drop");
            run_level(&self.level, &*self.tail, ctx, req).await
        })
    }
}
