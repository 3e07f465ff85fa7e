//! The request context of pages and partials.

use crate::assets::{self, AssetIndex};
use crate::config::Config;
use crate::cookie::{self, SetCookie};
use crate::csrf;
use crate::error::Rejection;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use hyperox_html::Node;
use hyperox_html::htmx::HxRequest;
use hyperox_html::prelude::{attr, bool_attr, link, meta, script};
use hyperox_router::{Body, BodyTimeout, BodyTooLarge, Request, Response, RouterService};
use serde::de::DeserializeOwned;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

/// What every request of an app shares: the state, settings and assets.
pub(crate) struct Shared<S> {
    pub(crate) state: S,
    pub(crate) config: Config,
    pub(crate) assets: AssetIndex,
    pub(crate) boot_id: String,
    pub(crate) csrf_exempt: Vec<String>,
    pub(crate) policy: crate::origin::Policy,
    pub(crate) signer: csrf::Signer,
    /// The app's routes with nothing behind them, to tell whether a
    /// request reaches one before the router runs.
    pub(crate) routes: RouterService<()>,
    /// Turns true when the server starts shutting down (streams end).
    pub(crate) shutdown: tokio::sync::watch::Receiver<bool>,
}

impl<S> Shared<S> {
    /// Whether `method` at `path` reaches a route.
    pub(crate) fn routes_to(&self, method: &Method, path: &str) -> bool {
        self.routes.find(method, path).is_some()
    }
}

/// The router context of a hyperox app: shared state and this request's
/// values, cookies to set and CSRF token.
///
/// Middleware get `&mut Ctx<S>`; pages and partials get it inside a
/// [`Cx`], which dereferences to it.
pub struct Ctx<S: 'static> {
    shared: Arc<Shared<S>>,
    values: http::Extensions,
    pub(crate) cookies_out: Vec<HeaderValue>,
    csrf: Option<String>,
    body: Option<Bytes>,
    pub(crate) script_nonce: Option<String>,
}

impl<S: Send + Sync + 'static> Ctx<S> {
    pub(crate) fn new(shared: Arc<Shared<S>>) -> Self {
        Self {
            shared,
            values: http::Extensions::new(),
            cookies_out: Vec::new(),
            csrf: None,
            body: None,
            script_nonce: None,
        }
    }

    pub(crate) fn shared(&self) -> &Shared<S> {
        &self.shared
    }

    /// The app's state (a database pool, say), typed.
    pub fn state(&self) -> &S {
        &self.shared.state
    }

    /// The app's settings.
    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Stores a value for the rest of this request (set by a middleware,
    /// read by the page), replacing one of the same type.
    pub fn insert<T: Clone + Send + Sync + 'static>(&mut self, value: T) -> Option<T> {
        self.values.insert(value)
    }

    /// The value of type `T` stored for this request.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.values.get()
    }

    /// Sets a cookie on the response.
    pub fn set_cookie(&mut self, cookie: SetCookie) {
        match HeaderValue::try_from(cookie.to_string()) {
            Ok(v) => self.cookies_out.push(v),
            Err(_) => {
                tracing::warn!(cookie = %cookie.name(), "cookie value is not a valid header; not set")
            }
        }
    }

    /// This client's CSRF token, from its cookie or made now (and set as a
    /// cookie on the response).
    pub fn csrf_token(&mut self, req: &Request) -> &str {
        if self.csrf.is_none() {
            let signer = &self.shared.signer;
            let token = match cookie::get(req.headers(), signer.cookie) {
                Some(t) if signer.verify(t) => t.to_owned(),
                _ => {
                    let t = signer.issue();
                    let c = signer.cookie(&t);
                    self.set_cookie(c);
                    t
                }
            };
            self.csrf = Some(token);
        }
        self.csrf.as_deref().expect("set above")
    }

    /// A nonce for inline `<script nonce=…>` elements of this response,
    /// added to its `Content-Security-Policy`.
    pub fn script_nonce(&mut self) -> &str {
        self.script_nonce.get_or_insert_with(csrf::random_id)
    }

    /// The request body, read once and kept: a 413 at once when it
    /// declares more than `limit` bytes, when more arrive, or past the
    /// server's limit; a 408 when the client stops sending it.
    pub(crate) async fn body(&mut self, req: &mut Request, limit: u64) -> Result<Bytes, Rejection> {
        if let Some(b) = &self.body {
            return Ok(b.clone());
        }
        let too_large = || {
            Rejection::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body is larger than the limit of {limit} bytes"),
            )
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let body = http_body_util::Limited::new(
            req.take_body(),
            usize::try_from(limit).unwrap_or(usize::MAX),
        );
        let bytes = http_body_util::BodyExt::collect(body)
            .await
            .map(http_body_util::Collected::to_bytes)
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    too_large()
                } else if let Some(limit) = e.downcast_ref::<BodyTooLarge>() {
                    Rejection::new(StatusCode::PAYLOAD_TOO_LARGE, limit.to_string())
                } else if let Some(t) = e.downcast_ref::<BodyTimeout>() {
                    Rejection::new(StatusCode::REQUEST_TIMEOUT, t.to_string())
                } else {
                    Rejection::bad_request(format!("the request body could not be read: {e}"))
                }
            })?;
        self.body = Some(bytes.clone());
        Ok(bytes)
    }
}

/// What a page or partial is given: the request and its [`Ctx`].
///
/// It dereferences to the `Ctx` (state, per-request values, cookies to
/// set) and reads the request: path params, query and form values (by
/// name or as serde types), headers, cookies and htmx's request headers.
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
    ctx: &'a mut Ctx<S>,
    req: &'a mut Request,
}

impl<'a, S: Send + Sync + 'static> Cx<'a, S> {
    /// Joins a context and its request.
    pub fn new(ctx: &'a mut Ctx<S>, req: &'a mut Request) -> Self {
        Self { ctx, req }
    }

    /// The request.
    pub fn request(&self) -> &Request {
        self.req
    }

    /// The request, to change.
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
    pub fn param(&self, name: &str) -> Option<&str> {
        self.req.param(name)
    }

    /// The path param `name` parsed as `T`; a 404 when it is missing or
    /// does not parse (the URL names no such thing).
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

    /// The cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<&str> {
        cookie::get(self.req.headers(), name)
    }

    /// What htmx said about this request.
    pub fn hx(&self) -> HxRequest {
        HxRequest::from_headers(self.req.headers())
    }

    /// Whether htmx sent this request.
    pub fn is_htmx(&self) -> bool {
        self.req.headers().contains_key("hx-request")
    }

    /// The query string as `T`; a 400 naming the problem when it does not
    /// fit.
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let q = self.req.uri().query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map_err(|e| Rejection::bad_request(format!("invalid query string: {e}")))
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
    pub fn csrf_token(&mut self) -> &str {
        self.ctx.csrf_token(self.req)
    }

    /// A hidden `_csrf` input for forms posted without JavaScript (htmx
    /// requests carry the token in a header).
    pub fn csrf_field(&mut self) -> impl Node + use<S> {
        csrf::field(self.csrf_token().to_owned())
    }

    /// A redirect to `url`: `HX-Redirect` for htmx requests, `303 See
    /// Other` otherwise.
    pub fn redirect(&self, url: &str) -> Response {
        let value = HeaderValue::try_from(url).unwrap_or_else(|_| HeaderValue::from_static("/"));
        let mut res = Response::new(Body::empty());
        if self.is_htmx() {
            res.headers_mut().insert("hx-redirect", value);
        } else {
            *res.status_mut() = StatusCode::SEE_OTHER;
            res.headers_mut().insert(header::LOCATION, value);
        }
        res
    }

    /// The tags a page's `<head>` needs: the CSRF token, the app's
    /// stylesheet, htmx and the hyperox client (and live reload in
    /// development).
    pub fn head(&mut self) -> impl Node + use<S> {
        let token = self.csrf_token().to_owned();
        let shared = &self.ctx.shared;
        let styles = shared
            .assets
            .by_name("styles.css")
            .map(|a| link((attr("rel", "stylesheet"), attr("href", a.url))));
        let reload = shared.config.is_dev().then(|| {
            meta((
                attr("name", "hyperox-livereload"),
                attr("content", crate::app::LIVERELOAD),
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
    type Target = Ctx<S>;
    fn deref(&self) -> &Ctx<S> {
        self.ctx
    }
}

impl<S> DerefMut for Cx<'_, S> {
    fn deref_mut(&mut self) -> &mut Ctx<S> {
        self.ctx
    }
}

pub(crate) fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The first value named `name` in urlencoded `data`.
pub(crate) fn form_urlencoded_value(data: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(data).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}
