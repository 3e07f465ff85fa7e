//! The built router: routing, the built-in responses, and `tower::Service`.

use crate::body::Body;
use crate::handler::{BoxFuture, DynOptionsHandler, Endpoint, Level, run_level};
use crate::options::{AllowedMethods, join_methods};
use crate::panic;
use crate::request::{Request, RouteInfo};
use crate::response::{Response, text};
use crate::router::{Entry, Router};
use crate::routing::tree::{Captures, Node, match_path};
use http::{HeaderValue, Method, StatusCode, header};
use std::convert::Infallible;
use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The methods listed in `Allow` and `Access-Control-Allow-Methods`, in
/// this order, followed by any others in registration order.
const METHOD_ORDER: [Method; 6] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::HEAD,
];

struct Route<C> {
    info: Arc<RouteInfo>,
    endpoint: Arc<dyn Endpoint<C>>,
    options: Arc<dyn Endpoint<C>>,
}

/// Routing as the last link of the root router's chain.
struct Routing<C> {
    /// One tree per method, in the order methods were first registered.
    trees: Vec<(Method, Node<usize>)>,
    routes: Vec<Route<C>>,
    not_found: Option<Arc<dyn Endpoint<C>>>,
    options_handler: Option<Arc<dyn DynOptionsHandler<C>>>,
}

struct Inner<C> {
    level: Level<C>,
    routing: Routing<C>,
    make_context: Arc<dyn Fn() -> C + Send + Sync>,
}

/// A built router: a cheap-to-clone `tower::Service` that answers
/// `http::Request`s.
///
/// # Example
///
/// ```
/// use hyperox_router::{Body, Request, Router};
/// use tower::ServiceExt;
///
/// async fn hi(_: &mut (), _: &mut Request) -> &'static str { "hi" }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let mut router = Router::<()>::new();
/// router.get("/", hi).unwrap();
/// let svc = router.into_service();
/// let res = svc.oneshot(http::Request::new(Body::empty())).await.unwrap();
/// assert_eq!(hyperox_router::test::body_string(res).await, "hi");
/// # });
/// ```
pub struct RouterService<C> {
    inner: Arc<Inner<C>>,
}

impl<C> Clone for RouterService<C> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<C> fmt::Debug for RouterService<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouterService")
            .field("routes", &self.inner.routing.routes.len())
            .finish()
    }
}

impl<C: Send + 'static> Router<C> {
    /// Builds the root router into a service.
    ///
    /// # Panics
    ///
    /// When two subrouters register the same method at the same place
    /// (one router refuses the second registration with
    /// [`RouteError::Duplicate`](crate::RouteError::Duplicate)); the
    /// message names both patterns.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    /// async fn hi(_: &mut (), _: &mut Request) -> &'static str { "hi" }
    /// let mut router = Router::<()>::new();
    /// router.get("/", hi).unwrap();
    /// let svc = router.into_service();
    /// assert_eq!(svc.routes().len(), 1);
    /// ```
    pub fn into_service(mut self) -> RouterService<C> {
        panic::install_hook();
        let not_found = self.not_found.take();
        let options_handler = self.options_handler.take();
        let make_context = self
            .make_context
            .take()
            .expect("a root router has a context maker");
        let (level, entries) = self.build_entries();
        let level =
            Arc::try_unwrap(level).unwrap_or_else(|_| unreachable!("root level is not shared"));
        let mut trees: Vec<(Method, Node<usize>)> = Vec::new();
        let mut routes = Vec::with_capacity(entries.len());
        for (
            id,
            Entry {
                method,
                full,
                pattern,
                endpoint,
                options,
            },
        ) in entries.into_iter().enumerate()
        {
            let tree = match trees.iter().position(|(m, _)| *m == method) {
                Some(i) => &mut trees[i].1,
                None => {
                    trees.push((method.clone(), Node::default()));
                    &mut trees.last_mut().expect("just pushed").1
                }
            };
            if let Some(&first) = tree.insert(&pattern.segments, id) {
                let first: &Route<C> = &routes[first];
                panic!(
                    "{}",
                    crate::RouteError::Duplicate {
                        method: method.to_string(),
                        pattern: full,
                        existing: first.info.pattern.to_string(),
                    }
                );
            }
            routes.push(Route {
                info: Arc::new(RouteInfo {
                    pattern: full.into(),
                    param_names: pattern.param_names.into_boxed_slice(),
                }),
                endpoint,
                options,
            });
        }
        RouterService {
            inner: Arc::new(Inner {
                level,
                routing: Routing {
                    trees,
                    routes,
                    not_found,
                    options_handler,
                },
                make_context,
            }),
        }
    }
}

impl<C> Routing<C> {
    #[inline]
    fn find_exact(&self, method: &Method, path: &str, caps: &mut Captures) -> Option<usize> {
        let (_, tree) = self.trees.iter().find(|(m, _)| m == method)?;
        caps.clear();
        tree.find(path.as_bytes(), 0, caps).copied()
    }

    /// The route `method` reaches at `path` (already trimmed by
    /// `match_path`), HEAD falling back to GET.
    #[inline]
    fn find(&self, method: &Method, path: &str, caps: &mut Captures) -> Option<usize> {
        match self.find_exact(method, path, caps) {
            None if method == Method::HEAD => self.find_exact(&Method::GET, path, caps),
            found => found,
        }
    }

    /// The methods whose routes match `path`, in the documented order, and
    /// the first such route.
    fn allowed(&self, path: &str) -> (Vec<Method>, Option<(usize, Captures)>) {
        let mut methods = Vec::new();
        let mut first: Option<(usize, Captures)> = None;
        for (m, tree) in &self.trees {
            let mut caps = Captures::new();
            if let Some(&id) = tree.find(path.as_bytes(), 0, &mut caps) {
                methods.push(m.clone());
                if first.as_ref().is_none_or(|(f, _)| id < *f) {
                    first = Some((id, caps));
                }
            }
        }
        let rank = |m: &Method| {
            METHOD_ORDER
                .iter()
                .position(|o| o == m)
                .unwrap_or(METHOD_ORDER.len())
        };
        methods.sort_by_key(rank);
        (methods, first)
    }
}

/// A route found by [`RouterService::find`]: its pattern and raw params.
#[derive(Debug)]
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, http::Method};
/// async fn show(_: &mut (), _: &mut Request) {}
/// let mut app = Router::<()>::new();
/// app.get("/u/:id", show).unwrap();
/// let svc = app.into_service();
/// let m = svc.find(&Method::GET, "/u/a%20b").unwrap();
/// assert_eq!((m.pattern(), m.param("id"), m.param_count()), ("/u/:id", Some("a%20b"), 1));
/// ```
pub struct RouteMatch<'r, 'p> {
    info: &'r RouteInfo,
    path: &'p str,
    caps: Captures,
}

impl<'r, 'p> RouteMatch<'r, 'p> {
    /// The full pattern of the route.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, http::Method};
    /// async fn show(_: &mut (), _: &mut Request) {}
    /// let mut app = Router::<()>::new();
    /// app.group("/api").unwrap().get("/u/:id", show).unwrap();
    /// let svc = app.into_service();
    /// assert_eq!(svc.find(&Method::GET, "/api/u/1").unwrap().pattern(), "/api/u/:id");
    /// ```
    pub fn pattern(&self) -> &'r str {
        &self.info.pattern
    }

    /// The raw (not percent-decoded) value of param `name`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, http::Method};
    /// async fn show(_: &mut (), _: &mut Request) {}
    /// let mut app = Router::<()>::new();
    /// app.get("/u/:id", show).unwrap();
    /// let svc = app.into_service();
    /// assert_eq!(svc.find(&Method::GET, "/u/7").unwrap().param("id"), Some("7"));
    /// ```
    pub fn param(&self, name: &str) -> Option<&'p str> {
        let i = self.info.param_names.iter().position(|n| &**n == name)?;
        let &(s, e) = self.caps.get(i)?;
        self.path.get(s as usize..e as usize)
    }

    /// How many params the route captured.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, http::Method};
    /// async fn show(_: &mut (), _: &mut Request) {}
    /// let mut app = Router::<()>::new();
    /// app.get("/:a/:b", show).unwrap();
    /// let svc = app.into_service();
    /// assert_eq!(svc.find(&Method::GET, "/x/y").unwrap().param_count(), 2);
    /// ```
    pub fn param_count(&self) -> usize {
        self.caps.len()
    }
}

impl<C> RouterService<C> {
    /// Finds the route that `method` and `path` reach, as a request would
    /// (one trailing slash ignored, HEAD falling back to GET), without
    /// running anything.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, http::Method};
    ///
    /// async fn show(_: &mut (), _: &mut Request) {}
    ///
    /// let mut app = Router::<()>::new();
    /// app.get("/repos/:owner/:repo", show).unwrap();
    /// let svc = app.into_service();
    /// let m = svc.find(&Method::GET, "/repos/rust-lang/rust/").unwrap();
    /// assert_eq!(m.pattern(), "/repos/:owner/:repo");
    /// assert_eq!(m.param("repo"), Some("rust"));
    /// ```
    #[inline]
    pub fn find<'r, 'p>(&'r self, method: &Method, path: &'p str) -> Option<RouteMatch<'r, 'p>> {
        let routing = &self.inner.routing;
        let path = match_path(path);
        let mut caps = Captures::new();
        let id = routing.find(method, path, &mut caps)?;
        Some(RouteMatch {
            info: &routing.routes[id].info,
            path,
            caps,
        })
    }

    /// Every route as `(method, pattern)`, in registration order.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, http::Method};
    /// async fn h(_: &mut (), _: &mut Request) {}
    /// let mut app = Router::<()>::new();
    /// app.get("/", h).unwrap().post("/todos", h).unwrap();
    /// let svc = app.into_service();
    /// assert_eq!(svc.routes(), [(Method::GET, "/"), (Method::POST, "/todos")]);
    /// ```
    pub fn routes(&self) -> Vec<(Method, &str)> {
        let routing = &self.inner.routing;
        let mut out: Vec<(usize, Method, &str)> = Vec::new();
        for (m, tree) in &routing.trees {
            let mut ids = Vec::new();
            tree.collect(&mut ids);
            out.extend(
                ids.into_iter()
                    .map(|id| (id, m.clone(), &*routing.routes[id].info.pattern)),
            );
        }
        out.sort_by_key(|(id, _, _)| *id);
        out.into_iter().map(|(_, m, p)| (m, p)).collect()
    }
}

impl<C: Send + 'static> Endpoint<C> for Routing<C> {
    fn routes_to(&self, method: &Method, path: &str) -> Option<bool> {
        let mut caps = Captures::new();
        Some(self.find(method, match_path(path), &mut caps).is_some())
    }

    fn call<'a>(&'a self, ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response> {
        let mut caps = Captures::new();
        let path = match_path(req.uri().path());
        if let Some(id) = self.find(req.method(), path, &mut caps) {
            let route = &self.routes[id];
            if req.set_route(&route.info, &caps).is_err() {
                return Box::pin(async { bad_path_encoding() });
            }
            return route.endpoint.call(ctx, req);
        }
        let (methods, first) = self.allowed(path);
        let Some(first) = first else {
            return match &self.not_found {
                Some(h) => h.call(ctx, req),
                None => Box::pin(async { text(StatusCode::NOT_FOUND, "Not Found") }),
            };
        };
        if req.method() != Method::OPTIONS {
            return Box::pin(async move {
                let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed");
                res.headers_mut()
                    .insert(header::ALLOW, join_methods(&methods));
                res
            });
        }
        Box::pin(async move {
            let (first, caps) = first;
            let route = &self.routes[first];
            if req.set_route(&route.info, &caps).is_err() {
                return bad_path_encoding();
            }
            req.extensions_mut().insert(AllowedMethods(methods));
            let mut res = route.options.call(ctx, req).await;
            if let Some(handler) = &self.options_handler
                && let Some(AllowedMethods(methods)) =
                    res.extensions_mut().remove::<AllowedMethods>()
            {
                // The handler's answer, with the headers the middleware
                // put on the automatic one (CORS, say) where it set none.
                let mut custom = handler.call(ctx, req, methods).await;
                let own: Vec<http::HeaderName> = custom.headers().keys().cloned().collect();
                for (name, value) in res.headers() {
                    if !own.contains(name) {
                        custom.headers_mut().append(name, value.clone());
                    }
                }
                return custom;
            }
            res
        })
    }
}

fn bad_path_encoding() -> Response {
    text(
        StatusCode::BAD_REQUEST,
        "Bad Request: the path is not valid UTF-8 once percent-decoded",
    )
}

async fn run<C: Send + 'static>(inner: &Inner<C>, ctx: &mut C, req: &mut Request) -> Response {
    let is_head = req.method() == Method::HEAD;
    let mut res = run_level(&inner.level, &inner.routing, ctx, req).await;
    if is_head {
        strip_body(&mut res);
    }
    res
}

/// Keeps a HEAD response's headers (with the length a GET would send) and
/// drops its body.
fn strip_body(res: &mut Response) {
    use http_body::Body as _;
    if !res.headers().contains_key(header::CONTENT_LENGTH)
        && let Some(len) = res.body().size_hint().exact()
    {
        res.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    *res.body_mut() = Body::empty();
}

impl<C, B> tower_service::Service<http::Request<B>> for RouterService<C>
where
    C: Send + 'static,
    B: Into<Body>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    #[inline]
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    #[inline]
    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        // The context and request live in their own allocation so that the
        // request future stays small (it is moved into its box).
        let mut state = Box::new(((inner.make_context)(), Request::new(req)));
        Box::pin(async move {
            let (ctx, req) = &mut *state;
            Ok(run(&inner, ctx, req).await)
        })
    }
}
