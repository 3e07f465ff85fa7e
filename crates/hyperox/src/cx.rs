//! `Cx`: what a page, partial or middleware is given.

use crate::assets;
use crate::context::AppContext;
use crate::cookie;
use crate::csrf;
use crate::error::Rejection;
use crate::form::{form_urlencoded_value, is_urlencoded};
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode, Uri};
use hyperox_html::Node;
use hyperox_html::htmx::HxRequest;
use hyperox_html::prelude::{attr, bool_attr, link, meta, script};
use hyperox_router::Request;
use serde::de::DeserializeOwned;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::Ordering;

/// Where development pages listen for server restarts.
pub(crate) const LIVERELOAD: &str = "/_hyperox/livereload";

/// What a page, partial or middleware is given: the request and the
/// app's [`AppContext`].
///
/// It dereferences to the `AppContext` (state, per-request values,
/// cookies to set) and reads the request: path params, query and form
/// values (by name or as serde types), headers, cookies and htmx's
/// request headers. An app built with `hyperox-build` has the alias
/// `Cx<'a>` for its state type in its generated prelude, so signatures
/// read `cx: Cx<'_>`.
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Page};
/// use hyperox::html::prelude::*;
///
/// struct State { greeting: &'static str }
///
/// #[derive(serde::Deserialize)]
/// struct Query { name: Option<String> }
///
/// async fn hello(cx: Cx<'_, State>) -> hyperox::Result<Page> {
///     let q: Query = cx.query()?;
///     let name = q.name.unwrap_or_else(|| "world".into());
///     Ok(Page::new(p(textf!("{} {}!", cx.state().greeting, name))))
/// }
///
/// let mut app = App::new(State { greeting: "Hello" });
/// app.page("/hello", hello).unwrap();
/// ```
pub struct Cx<'a, S: 'static> {
    pub(crate) ctx: &'a mut AppContext<S>,
    pub(crate) req: &'a mut Request,
}

impl<S> std::fmt::Debug for Cx<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cx")
            .field("method", self.req.method())
            .field("uri", self.req.uri())
            .finish_non_exhaustive()
    }
}

impl<'a, S: Send + Sync + 'static> Cx<'a, S> {
    /// Joins a context and its request.
    pub fn new(ctx: &'a mut AppContext<S>, req: &'a mut Request) -> Self {
        Self { ctx, req }
    }

    /// A `Cx` for the same request that borrows this one, to hand to a
    /// function that takes a `Cx` by value.
    pub fn reborrow(&mut self) -> Cx<'_, S> {
        Cx {
            ctx: self.ctx,
            req: self.req,
        }
    }

    /// The request.
    pub fn request(&self) -> &Request {
        self.req
    }

    /// The request, to change (in a middleware, say).
    pub fn request_mut(&mut self) -> &mut Request {
        self.req
    }

    /// The method.
    pub fn method(&self) -> &Method {
        self.req.method()
    }

    /// The URI.
    pub fn uri(&self) -> &Uri {
        self.req.uri()
    }

    /// The path param `name` (`*` for a catch-all), percent-decoded.
    ///
    /// Pages and partials marked `#[page]` or `#[partial]` take their
    /// params as typed arguments instead.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.req.param(name)
    }

    /// The path param `name` parsed as `T`; a 404 when it is missing or
    /// does not parse (the URL names no such thing).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    ///
    /// async fn user(cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let id: u32 = cx.param_as("id")?;
    ///     Ok(Partial::new(hyperox::html::prelude::textf!("user {id}")))
    /// }
    ///
    /// App::new(()).page("/users/:id", user).unwrap();
    /// ```
    pub fn param_as<T: std::str::FromStr>(&self, name: &str) -> Result<T, Rejection> {
        self.param(name)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Rejection::not_found(format!("no such `{name}`")))
    }

    /// The request headers.
    pub fn headers(&self) -> &HeaderMap {
        self.req.headers()
    }

    /// The header `name`, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.req.headers().get(name).and_then(|v| v.to_str().ok())
    }

    /// The cookie `name`, percent-decoded.
    pub fn cookie(&self, name: &str) -> Option<String> {
        cookie::get(self.req.headers(), name)
    }

    /// What htmx said about this request. The response then varies on
    /// `HX-Request` (`Vary` says so).
    pub fn hx(&self) -> HxRequest {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        HxRequest::from_headers(self.req.headers())
    }

    /// Whether htmx sent this request. The response then varies on
    /// `HX-Request` (`Vary` says so), so that a cache never gives a
    /// fragment to a full-page load.
    pub fn is_htmx(&self) -> bool {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        self.req.headers().contains_key("hx-request")
    }

    /// The query string as `T`; a 400 naming the problem when it does not
    /// fit.
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let q = self.req.uri().query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map_err(|e| Rejection::bad_request(format!("invalid query string: {e}")))
    }

    /// The query string of the page an htmx request came from
    /// (`HX-Current-URL`) as `T`; `None` for a request not sent by htmx
    /// from a page of this app, or a query that does not fit `T`. The
    /// response then varies on `HX-Request`.
    pub fn current_query<T: DeserializeOwned>(&self) -> Option<T> {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        let url = self.header("hx-current-url")?;
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        serde_urlencoded::from_str(query).ok()
    }

    /// The first query value named `name`, percent-decoded.
    pub fn query_value(&self, name: &str) -> Option<String> {
        let q = self.req.uri().query()?;
        form_urlencoded_value(q.as_bytes(), name)
    }

    /// The urlencoded form body as `T`; 415 for another content type, 400
    /// naming the problem when it does not fit, 413 past the body limit.
    pub async fn form<T: DeserializeOwned>(&mut self) -> Result<T, Rejection> {
        let body = self.form_body().await?;
        serde_urlencoded::from_bytes(&body)
            .map_err(|e| Rejection::bad_request(format!("invalid form: {e}")))
    }

    /// The first form value named `name`.
    pub async fn form_value(&mut self, name: &str) -> Result<Option<String>, Rejection> {
        let body = self.form_body().await?;
        Ok(form_urlencoded_value(&body, name))
    }

    async fn form_body(&mut self) -> Result<Bytes, Rejection> {
        if !is_urlencoded(self.req.headers()) {
            return Err(Rejection::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected a form (application/x-www-form-urlencoded)",
            ));
        }
        let limit = self.ctx.config().max_form_bytes;
        self.ctx.body(self.req, limit).await
    }

    /// The request body (up to the server's limit).
    pub async fn body(&mut self) -> Result<Bytes, Rejection> {
        self.ctx.body(self.req, u64::MAX).await
    }

    /// This client's CSRF token (see [`csrf_field`](Self::csrf_field)).
    pub fn csrf_token(&self) -> &str {
        self.ctx.csrf_token(self.req)
    }

    /// A hidden `_csrf` input for forms posted without JavaScript (htmx
    /// requests carry the token in a header).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use hyperox::html::prelude::*;
    ///
    /// async fn signup(cx: Cx<'_, ()>) -> Page {
    ///     Page::new(form((attr("method", "post"), cx.csrf_field(), button("Sign up"))))
    /// }
    /// App::new(()).page("/signup", signup).unwrap();
    /// ```
    pub fn csrf_field(&self) -> impl Node + use<S> {
        csrf::field(self.csrf_token().to_owned())
    }

    /// The tags a page's `<head>` needs: the CSRF token, the app's
    /// stylesheet, htmx and the hyperox client (and live reload in
    /// development).
    pub fn head(&self) -> impl Node + use<S> {
        let token = self.csrf_token().to_owned();
        let shared = self.ctx.shared();
        let styles = shared
            .assets
            .by_name("styles.css")
            .map(|a| link((attr("rel", "stylesheet"), attr("href", a.url))));
        let reload = shared.config.is_dev().then(|| {
            meta((
                attr("name", "hyperox-livereload"),
                attr("content", LIVERELOAD),
            ))
        });
        (
            meta((attr("name", "csrf-token"), attr("content", token))),
            styles,
            script((attr("src", assets::HTMX.url), bool_attr("defer", true))),
            script((attr("src", assets::CLIENT.url), bool_attr("defer", true))),
            reload,
        )
    }
}

impl<S> Deref for Cx<'_, S> {
    type Target = AppContext<S>;
    fn deref(&self) -> &AppContext<S> {
        self.ctx
    }
}

impl<S> DerefMut for Cx<'_, S> {
    fn deref_mut(&mut self) -> &mut AppContext<S> {
        self.ctx
    }
}
