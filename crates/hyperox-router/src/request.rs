//! The request handed to handlers and middleware.

use crate::body::Body;
use crate::routing::tree::{Captures, decode};
use smallvec::SmallVec;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// What the router knows about the route a request matched.
#[derive(Debug)]
pub(crate) struct RouteInfo {
    pub(crate) pattern: Box<str>,
    pub(crate) param_names: Box<[Box<str>]>,
}

#[derive(Debug, Clone)]
enum ParamValue {
    /// Byte range in the request path, already valid as it is.
    Raw(u32, u32),
    /// Percent-decoded text.
    Decoded(Box<str>),
}

/// An HTTP request with what routing found: path params and the matched
/// route pattern.
///
/// It dereferences to [`http::Request<Body>`], so `req.method()`,
/// `req.uri()`, `req.headers()` and `req.extensions_mut()` work as usual.
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router};
/// # use tower::ServiceExt;
///
/// #[derive(Default)]
/// struct App;
///
/// async fn show(_: &mut App, req: &mut Request) -> String {
///     format!("{} {}", req.route_pattern().unwrap(), req.param("id").unwrap())
/// }
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let mut app = Router::<App>::new();
/// app.get("/users/:id", show).unwrap();
/// let res = app.into_service().oneshot(
///     http::Request::get("/users/caf%C3%A9").body(hyperox_router::Body::empty()).unwrap(),
/// ).await.unwrap();
/// # let body = hyperox_router::test::body_string(res).await;
/// assert_eq!(body, "/users/:id café");
/// # }
/// ```
#[derive(Debug)]
pub struct Request {
    inner: http::Request<Body>,
    params: SmallVec<[ParamValue; 4]>,
    route: Option<Arc<RouteInfo>>,
    /// The peer's address, as the [`Server`](crate::server::Server)
    /// passes it (on the body, not in the extensions).
    peer: Option<std::net::IpAddr>,
}

/// A path segment that is not valid UTF-8 once percent-decoded.
#[derive(Debug)]
pub(crate) struct InvalidPathEncoding;

impl Request {
    /// Wraps an `http::Request` whose body converts into [`Body`].
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Request;
    /// let req = Request::new(http::Request::new("body"));
    /// assert_eq!(req.route_pattern(), None);
    /// ```
    pub fn new<B: Into<Body>>(req: http::Request<B>) -> Self {
        let inner = req.map(Into::into);
        Self {
            peer: inner.body().peer(),
            inner,
            params: SmallVec::new(),
            route: None,
        }
    }

    /// The address of the peer the request came over (the client itself,
    /// or a proxy in front of it): for every request the
    /// [`Server`](crate::server::Server) serves, and for one whose
    /// extensions hold a [`PeerIp`](crate::server::PeerIp) (put there by
    /// a server of one's own). `None` otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Request;
    /// use hyperox_router::server::PeerIp;
    ///
    /// let mut inner = http::Request::new("");
    /// inner.extensions_mut().insert(PeerIp([127, 0, 0, 2].into()));
    /// assert_eq!(Request::new(inner).peer_ip(), Some([127, 0, 0, 2].into()));
    /// assert_eq!(Request::new(http::Request::new("")).peer_ip(), None);
    /// ```
    #[inline]
    pub fn peer_ip(&self) -> Option<std::net::IpAddr> {
        #[cfg(feature = "server")]
        return self.peer.or_else(|| {
            self.inner
                .extensions()
                .get::<crate::server::PeerIp>()
                .map(|p| p.0)
        });
        #[cfg(not(feature = "server"))]
        self.peer
    }

    /// The percent-decoded value of the path param `name`
    /// (`*` for the catch-all).
    #[inline]
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    ///
    /// async fn file(_: &mut (), req: &mut Request) -> String {
    ///     format!("{} in {}", req.param("*").unwrap(), req.param("user").unwrap())
    /// }
    /// Router::<()>::new().get("/files/:user/:*", file).unwrap();
    /// ```
    pub fn param(&self, name: &str) -> Option<&str> {
        let route = self.route.as_ref()?;
        let i = route.param_names.iter().position(|n| &**n == name)?;
        self.param_at(i)
    }

    fn param_at(&self, i: usize) -> Option<&str> {
        match self.params.get(i)? {
            ParamValue::Raw(s, e) => self.inner.uri().path().get(*s as usize..*e as usize),
            ParamValue::Decoded(v) => Some(v),
        }
    }

    /// All path params as `(name, value)` pairs, in pattern order.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    ///
    /// async fn all(_: &mut (), req: &mut Request) -> String {
    ///     req.params().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    /// }
    /// Router::<()>::new().get("/:a/:b", all).unwrap();
    /// ```
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        let names = self.route.as_ref().map_or(&[][..], |r| &r.param_names[..]);
        names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| Some((&**n, self.param_at(i)?)))
    }

    /// The pattern of the matched route, with its routers' prefixes
    /// (`/admin/users/:id`); `None` before routing or when nothing matched.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    ///
    /// async fn which(_: &mut (), req: &mut Request) -> String {
    ///     req.route_pattern().unwrap_or("none").to_owned() // "/users/:id"
    /// }
    /// Router::<()>::new().get("/users/:id", which).unwrap();
    /// ```
    pub fn route_pattern(&self) -> Option<&str> {
        self.route.as_ref().map(|r| &*r.pattern)
    }

    /// Whether routing has happened: false in the root router's
    /// middleware, true from the first subrouter middleware on.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Next, Request, Response, Router};
    ///
    /// async fn mw(_: &mut (), req: &mut Request, next: Next<'_, ()>) -> Response {
    ///     // In the root router's middleware, routing has not happened yet.
    ///     assert!(!req.is_routed());
    ///     next.run(&mut (), req).await
    /// }
    /// Router::<()>::new().middleware(mw);
    /// ```
    pub fn is_routed(&self) -> bool {
        self.route.is_some()
    }

    /// Takes the body, leaving an empty one.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router};
    ///
    /// async fn upload(_: &mut (), req: &mut Request) -> Result<String, hyperox_router::BoxError> {
    ///     let bytes = req.take_body().collect_bytes().await?;
    ///     Ok(format!("{} bytes", bytes.len()))
    /// }
    /// Router::<()>::new().post("/upload", upload).unwrap();
    /// ```
    pub fn take_body(&mut self) -> Body {
        std::mem::take(self.inner.body_mut())
    }

    /// The wrapped `http::Request`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Request;
    /// let inner: http::Request<hyperox_router::Body> = Request::new(http::Request::new("x")).into_inner();
    /// assert_eq!(inner.method(), "GET");
    /// ```
    pub fn into_inner(self) -> http::Request<Body> {
        #[cfg_attr(not(feature = "server"), allow(unused_mut))]
        let mut inner = self.inner;
        // The peer goes along where any service can find it.
        #[cfg(feature = "server")]
        if let Some(ip) = self.peer
            && inner.extensions().get::<crate::server::PeerIp>().is_none()
        {
            inner.extensions_mut().insert(crate::server::PeerIp(ip));
        }
        inner
    }

    /// Records the route found for this request and its params.
    pub(crate) fn set_route(
        &mut self,
        route: &Arc<RouteInfo>,
        path_caps: &Captures,
    ) -> Result<(), InvalidPathEncoding> {
        let path = self.inner.uri().path();
        let mut params = SmallVec::new();
        for &(s, e) in path_caps {
            let raw = &path[s as usize..e as usize];
            params.push(match decode(raw) {
                Some(std::borrow::Cow::Borrowed(_)) => ParamValue::Raw(s, e),
                Some(std::borrow::Cow::Owned(v)) => ParamValue::Decoded(v.into()),
                None => return Err(InvalidPathEncoding),
            });
        }
        self.params = params;
        self.route = Some(Arc::clone(route));
        Ok(())
    }
}

impl<B: Into<Body>> From<http::Request<B>> for Request {
    fn from(req: http::Request<B>) -> Self {
        Self::new(req)
    }
}

impl Deref for Request {
    type Target = http::Request<Body>;

    #[inline]
    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl DerefMut for Request {
    #[inline]
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.inner
    }
}
