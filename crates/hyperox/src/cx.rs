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
use hyperox_html::prelude::{attr, link, meta, script};
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// use hyperox::AppContext;
    /// use hyperox::router::{IntoResponse, Request, Response};
    ///
    /// // A handler on the app's router itself, outside `App::page`.
    /// async fn raw(ctx: &mut AppContext<()>, req: &mut Request) -> Response {
    ///     let cx = Cx::new(ctx, req);
    ///     Partial::new(cx.uri().path().to_owned()).into_response()
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.router().get("/raw", raw).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/raw").await.text(), "/raw");
    /// # });
    /// ```
    pub fn new(ctx: &'a mut AppContext<S>, req: &'a mut Request) -> Self {
        Self { ctx, req }
    }

    /// A `Cx` for the same request that borrows this one, to hand to a
    /// function that takes a `Cx` by value.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn title(cx: Cx<'_, ()>) -> String {
    ///     cx.uri().path().to_owned()
    /// }
    ///
    /// async fn page(mut cx: Cx<'_, ()>) -> Partial {
    ///     let first = title(cx.reborrow()).await;
    ///     let again = title(cx).await;
    ///     Partial::new(format!("{first} {again}"))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/a", page).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/a").await.text(), "/a /a");
    /// # });
    /// ```
    pub fn reborrow(&mut self) -> Cx<'_, S> {
        Cx {
            ctx: self.ctx,
            req: self.req,
        }
    }

    /// The request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn version(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(format!("{:?}", cx.request().version()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", version).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").await.text(), "HTTP/1.1");
    /// # });
    /// ```
    pub fn request(&self) -> &Request {
        self.req
    }

    /// The request, to change (in a middleware, say).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// use hyperox::Next;
    /// use hyperox::router::Response;
    ///
    /// // A middleware that tags every request for the handlers after it.
    /// async fn tag(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
    ///     cx.request_mut().headers_mut().insert("x-tagged", "yes".parse().unwrap());
    ///     next.run(&mut cx).await
    /// }
    ///
    /// async fn page(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.header("x-tagged").unwrap_or("no").to_owned())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.middleware(tag);
    /// app.page("/", page).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").await.text(), "yes");
    /// # });
    /// ```
    pub fn request_mut(&mut self) -> &mut Request {
        self.req
    }

    /// The method.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn echo(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.method().as_str().to_owned())
    /// }
    /// # async fn index(cx: Cx<'_, ()>) -> hyperox::Page {
    /// #     hyperox::Page::new(hyperox::html::prelude::head(cx.head()))
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.route(hyperox::http::Method::DELETE, "/x", echo).unwrap();
    /// # app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// client.get("/").await; // a page first: it gives the CSRF token
    /// assert_eq!(client.delete("/x").await.text(), "DELETE");
    /// # });
    /// ```
    pub fn method(&self) -> &Method {
        self.req.method()
    }

    /// The URI.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn echo(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.uri().to_string())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/search", echo).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/search?q=rust").await.text(), "/search?q=rust");
    /// # });
    /// ```
    pub fn uri(&self) -> &Uri {
        self.req.uri()
    }

    /// The path param `name` (`*` for a catch-all), percent-decoded.
    ///
    /// Pages and partials marked `#[page]` or `#[partial]` take their
    /// params as typed arguments instead.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn file(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(format!("{} / {}", cx.param("user").unwrap(), cx.param("*").unwrap()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/files/:user/:*", file).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/files/ada%20l/a/b.txt").await.text(), "ada l / a/b.txt");
    /// # });
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn count(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.headers().get_all("x-tag").iter().count().to_string())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", count).unwrap();
    /// let client = Client::new(app);
    /// let res = client.get("/").header("x-tag", "a").header("x-tag", "b").await;
    /// assert_eq!(res.text(), "2");
    /// # });
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        self.req.headers()
    }

    /// The header `name`, when present and visible ASCII.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn agent(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.header("user-agent").unwrap_or("unknown").to_owned())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", agent).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").header("user-agent", "curl/8").await.text(), "curl/8");
    /// assert_eq!(client.get("/").await.text(), "unknown");
    /// # });
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.req.headers().get(name).and_then(|v| v.to_str().ok())
    }

    /// The cookie `name`, percent-decoded.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn theme(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.cookie("theme").unwrap_or_else(|| "light".into()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", theme).unwrap();
    /// let client = Client::new(app);
    /// let res = client.get("/").header("cookie", "theme=dark%20blue").await;
    /// assert_eq!(res.text(), "dark blue");
    /// # });
    /// ```
    pub fn cookie(&self, name: &str) -> Option<String> {
        cookie::get(self.req.headers(), name)
    }

    /// What htmx said about this request. The response then varies on
    /// `HX-Request` (`Vary` says so).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn target(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.hx().target.unwrap_or_default())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", target).unwrap();
    /// let client = Client::new(app);
    /// let res = client.get("/").htmx().header("hx-target", "list").await;
    /// assert_eq!(res.text(), "list");
    /// assert_eq!(res.header("vary"), Some("hx-request"));
    /// # });
    /// ```
    pub fn hx(&self) -> HxRequest {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        HxRequest::from_headers(self.req.headers())
    }

    /// Whether htmx sent this request. The response then varies on
    /// `HX-Request` (`Vary` says so), so that a cache never gives a
    /// fragment to a full-page load.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// use hyperox::html::prelude::*;
    ///
    /// async fn list(cx: Cx<'_, ()>) -> Partial {
    ///     let items = ul(li("one"));
    ///     if cx.is_htmx() {
    ///         Partial::new(items)
    ///     } else {
    ///         Partial::new(div((h1("List"), items)))
    ///     }
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/list", list).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/list").htmx().await.text(), "<ul><li>one</li></ul>");
    /// let full = client.get("/list").await;
    /// assert!(full.text().starts_with("<div><h1>List</h1>"));
    /// assert_eq!(full.header("vary"), Some("hx-request"));
    /// # });
    /// ```
    pub fn is_htmx(&self) -> bool {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        self.req.headers().contains_key("hx-request")
    }

    /// The query string as `T`; a 400 naming the problem when it does not
    /// fit.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// #[derive(serde::Deserialize)]
    /// struct Search { q: String, page: Option<u32> }
    ///
    /// async fn search(cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let s: Search = cx.query()?;
    ///     Ok(Partial::new(format!("{} p{}", s.q, s.page.unwrap_or(1))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/search", search).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/search?q=a%20b&page=2").await.text(), "a b p2");
    /// assert_eq!(client.get("/search?page=x").await.status(), 400);
    /// # });
    /// ```
    pub fn query<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
        let q = self.req.uri().query().unwrap_or("");
        serde_urlencoded::from_str(q)
            .map_err(|e| Rejection::bad_request(format!("invalid query string: {e}")))
    }

    /// The query string of the page an htmx request came from
    /// (`HX-Current-URL`) as `T`; `None` for a request not sent by htmx
    /// from a page of this app, or a query that does not fit `T`. The
    /// response then varies on `HX-Request`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// #[derive(serde::Deserialize)]
    /// struct View { filter: String }
    ///
    /// async fn count(cx: Cx<'_, ()>) -> Partial {
    ///     let filter = cx.current_query::<View>().map_or("all".into(), |v| v.filter);
    ///     Partial::new(filter)
    /// }
    /// # async fn index(cx: Cx<'_, ()>) -> hyperox::Page {
    /// #     hyperox::Page::new(hyperox::html::prelude::head(cx.head()))
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.route(hyperox::http::Method::POST, "/count", count).unwrap();
    /// # app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.post("/count").htmx()
    ///     .header("hx-current-url", "http://localhost/?filter=active").await;
    /// assert_eq!(res.text(), "active");
    /// # });
    /// ```
    pub fn current_query<T: DeserializeOwned>(&self) -> Option<T> {
        self.ctx.varies_on_htmx.store(true, Ordering::Relaxed);
        let url = self.header("hx-current-url")?;
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let query = query.split_once('#').map_or(query, |(q, _)| q);
        serde_urlencoded::from_str(query).ok()
    }

    /// The first query value named `name`, percent-decoded.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn greet(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.query_value("name").unwrap_or_else(|| "you".into()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", greet).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/?name=Ada%20L&name=x").await.text(), "Ada L");
    /// # });
    /// ```
    pub fn query_value(&self, name: &str) -> Option<String> {
        let q = self.req.uri().query()?;
        form_urlencoded_value(q.as_bytes(), name)
    }

    /// The urlencoded form body as `T`; 415 for another content type, 400
    /// naming the problem when it does not fit, 413 past the body limit.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// #[derive(serde::Deserialize, serde::Serialize)]
    /// struct Todo { title: String }
    ///
    /// async fn add(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let todo: Todo = cx.form().await?;
    ///     Ok(Partial::new(todo.title))
    /// }
    /// # async fn index(cx: Cx<'_, ()>) -> hyperox::Page {
    /// #     hyperox::Page::new(hyperox::html::prelude::head(cx.head()))
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// # app.page("/", index).unwrap();
    /// app.route(hyperox::http::Method::POST, "/add", add).unwrap();
    /// let client = Client::new(app);
    /// client.get("/").await; // a page first: it gives the CSRF token
    /// let res = client.post("/add").form(&Todo { title: "milk".into() }).await;
    /// assert_eq!(res.text(), "milk");
    /// let res = client.post("/add").body("application/json", "{}").await;
    /// assert_eq!(res.status(), 415);
    /// # });
    /// ```
    pub async fn form<T: DeserializeOwned>(&mut self) -> Result<T, Rejection> {
        let body = self.form_body().await?;
        serde_urlencoded::from_bytes(&body)
            .map_err(|e| Rejection::bad_request(format!("invalid form: {e}")))
    }

    /// The first form value named `name`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn add(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let title = cx.form_value("title").await?.unwrap_or_default();
    ///     Ok(Partial::new(title))
    /// }
    ///
    /// async fn index(cx: Cx<'_, ()>) -> hyperox::Page {
    ///     hyperox::Page::new(hyperox::html::prelude::head(cx.head()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// app.route(hyperox::http::Method::POST, "/add", add).unwrap();
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.post("/add").form(&[("title", "tea & cake")]).await;
    /// assert_eq!(res.text(), "tea &amp; cake");
    /// # });
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn size(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let body = cx.body().await?;
    ///     Ok(Partial::new(body.len().to_string()))
    /// }
    ///
    /// async fn index(cx: Cx<'_, ()>) -> hyperox::Page {
    ///     hyperox::Page::new(hyperox::html::prelude::head(cx.head()))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// app.route(hyperox::http::Method::PUT, "/upload", size).unwrap();
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.put("/upload").body("application/octet-stream", vec![0u8; 1000]).await;
    /// assert_eq!(res.text(), "1000");
    /// # });
    /// ```
    pub async fn body(&mut self) -> Result<Bytes, Rejection> {
        self.ctx.body(self.req, u64::MAX).await
    }

    /// This client's CSRF token (see [`csrf_field`](Self::csrf_field)).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// use hyperox::html::prelude::*;
    ///
    /// // The token for a request that a script sends itself.
    /// async fn index(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(div((head(cx.head()), data_attr("csrf", cx.csrf_token()))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// let res = client.get("/").await;
    /// let token = client.csrf_token().unwrap();
    /// assert!(res.text().contains(&token));
    /// # });
    /// ```
    pub fn csrf_token(&self) -> &str {
        self.ctx.csrf_token(self.req)
    }

    /// A stable, private id of this browser, for realtime sessions: an
    /// HMAC of its signed CSRF cookie under the app's key, the same for
    /// every tab and request of the browser, unknown to anyone without the
    /// key, and never the token itself. A request without the cookie gets
    /// a new one, set on this response.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn me(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.session_id())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/me", me).unwrap();
    /// let client = Client::new(app);
    /// let first = client.get("/me").await.text().to_owned();
    /// assert_eq!(client.get("/me").await.text(), first, "the same browser");
    /// assert_eq!(first.len(), 32);
    /// let cookie = client.cookie(hyperox::csrf::COOKIE).unwrap();
    /// assert!(!cookie.contains(&first), "not the token");
    /// # });
    /// ```
    pub fn session_id(&self) -> String {
        let token = self.ctx.csrf_token(self.req);
        self.ctx.shared().signer.derive("session", token)
    }

    /// Refuses a request that a browser marks as coming from another site
    /// (403): a `Sec-Fetch-Site` other than `same-origin` or `none`, more
    /// than one `Origin`, or an `Origin` other than the app's, scheme
    /// included. A request with neither header passes. This is the check
    /// every state-changing request gets before its route; a websocket
    /// handshake (a `GET`) needs it by hand, and `hyperox-ws` makes it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial, Rejection};
    /// use hyperox::test::Client;
    /// async fn join(cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
    ///     cx.check_same_origin()?;
    ///     Ok(Partial::new("joined"))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/join", join).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/join").await.status(), 200);
    /// let foreign = client.get("/join").header("origin", "https://evil.example").await;
    /// assert_eq!(foreign.status(), 403);
    /// # });
    /// ```
    pub fn check_same_origin(&self) -> Result<(), Rejection> {
        crate::origin::check_same_origin(&self.ctx.shared().policy, self.req)
    }

    /// This request's session (feature `session`), opened from its
    /// cookie the first time it is asked for; changes are saved after the
    /// handler. See [`session`](crate::session).
    ///
    /// # Errors
    ///
    /// 503 when the store cannot be read (nobody is signed in as someone
    /// else, no session is dropped); 500 when the app keeps no sessions
    /// ([`App::sessions`](crate::App::sessions) was not called).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::session::{MemoryStore, Sessions};
    /// use hyperox::test::Client;
    ///
    /// async fn sign_in(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let session = cx.session().await?;
    ///     session.sign_in("ada");
    ///     session.flash("Welcome back.");
    ///     Ok(Partial::redirect("/"))
    /// }
    /// async fn home(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let session = cx.session().await?;
    ///     let who = session.user().unwrap_or("nobody").to_owned();
    ///     Ok(Partial::new(format!("{who}: {}", session.take_flash().join(" "))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.sessions(Sessions::new(MemoryStore::new()));
    /// app.page("/", home).unwrap().page("/in", sign_in).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").await.text(), "nobody: ");
    /// client.get("/in").await;
    /// assert_eq!(client.get("/").await.text(), "ada: Welcome back.");
    /// assert_eq!(client.get("/").await.text(), "ada: ", "a flash is shown once");
    /// # });
    /// ```
    #[cfg(feature = "session")]
    pub async fn session(&mut self) -> Result<&mut crate::session::Session, Rejection> {
        if self.ctx.session.is_none() {
            let Some(sessions) = self.ctx.shared().sessions.clone() else {
                return Err(Rejection::new(
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    "this app keeps no sessions: call App::sessions",
                ));
            };
            let https = self.ctx.shared().policy.is_https();
            let session = sessions
                .open(self.req.headers(), https)
                .await
                .map_err(|e| {
                    tracing::error!("{e}; answered 503");
                    Rejection::unavailable("sessions cannot be read now: try again in a moment", 1)
                })?;
            self.ctx.session = Some(session);
        }
        Ok(self.ctx.session.as_mut().expect("opened above"))
    }

    /// The client's address: the peer's, unless the peer is one of the
    /// proxies of `HYPEROX_TRUSTED_PROXIES`, which names the client in
    /// `Forwarded` or `X-Forwarded-For` (read from the last hop back, up
    /// to the first address not trusted). A client cannot name itself
    /// someone else: headers from any other peer are ignored. `None` for
    /// a request that came over no socket (the in-process test client).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    ///
    /// async fn who(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.client_ip().map(|ip| ip.to_string()).unwrap_or_default())
    /// }
    /// App::new(()).page("/who", who).unwrap();
    /// ```
    pub fn client_ip(&self) -> Option<std::net::IpAddr> {
        let hyperox_router::server::PeerIp(peer) = *self.req.extensions().get()?;
        Some(crate::client_ip::client_ip(
            peer,
            &self.ctx.config().trusted_proxies,
            self.req.headers(),
        ))
    }

    /// The id of the page (one loaded document: one browser tab) this
    /// request comes from, for telling a change to every other page:
    /// `hub.room(…).except_page(cx.page_id())` in `hyperox-ws`. The
    /// bundled client makes the id as the page loads and sends it with
    /// every htmx request, streams included (`X-Hyperox-Page`); a stream
    /// opened otherwise can carry it as the `hyperox-page` query
    /// parameter. A request from no page (a form posted without
    /// JavaScript) gets a new id, which leaves no page out. Pages stay the
    /// same bytes for every load (the id is not in them), so their ETags
    /// hold.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn me(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.page_id().to_owned())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/me", me).unwrap();
    /// let client = Client::new(app);
    /// let page = "0123456789abcdef0123456789abcdef";
    /// assert_eq!(client.get("/me").header("x-hyperox-page", page).await.text(), page);
    /// assert_eq!(client.get(format!("/me?hyperox-page={page}")).await.text(), page);
    /// assert_ne!(client.get("/me").await.text(), client.get("/me").await.text());
    /// # });
    /// ```
    pub fn page_id(&self) -> &str {
        self.ctx.page_id(self.req)
    }

    /// The app's shutdown signal: it turns `true` when the server begins
    /// to stop, and long-lived streams (server-sent events, websockets)
    /// end on it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    /// async fn status(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(if *cx.shutdown_signal().borrow() { "stopping" } else { "serving" })
    /// }
    /// hyperox::App::new(()).page("/status", status).unwrap();
    /// ```
    pub fn shutdown_signal(&self) -> tokio::sync::watch::Receiver<bool> {
        self.ctx.shared().shutdown.clone()
    }

    /// In development, the id of this server process, which the page's
    /// `hyperox-boot` meta carries: a stream the page listens to that
    /// starts with an `hyperox:boot` event naming another id tells the
    /// bundled client the page is from a process since replaced, and it
    /// reloads (so a page with a stream of its own needs no second one for
    /// live reload). `None` in production.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    /// async fn boot(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.dev_boot_id().unwrap_or("production").to_owned())
    /// }
    /// hyperox::App::new(()).page("/boot", boot).unwrap();
    /// ```
    pub fn dev_boot_id(&self) -> Option<&str> {
        let shared = self.ctx.shared();
        shared.config.is_dev().then_some(shared.boot_id.as_str())
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
    ///
    /// A full page that leaves them out gets them all the same: they are
    /// put in right after its `<head>` (in a `<head>` of their own when it
    /// has none). Writing them places them where you want.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx};
    /// use hyperox::test::Client;
    /// use hyperox::Page;
    /// use hyperox::html::prelude::*;
    ///
    /// async fn index(cx: Cx<'_, ()>) -> Page {
    ///     Page::new(html((head((title("Home"), cx.head())), body(h1("Home")))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// let page = client.get("/").await;
    /// assert!(page.text().contains(r#"<meta name="csrf-token" content=""#));
    /// assert!(page.text().contains("<script src=\"/assets/htmx."));
    /// # });
    /// ```
    pub fn head(&self) -> impl Node + use<S> {
        head_tags(self.ctx, self.req)
    }
}

/// The tags of [`Cx::head`], for `ctx` answering `req`.
pub(crate) fn head_tags<S: Send + Sync + 'static>(
    ctx: &AppContext<S>,
    req: &Request,
) -> impl Node + use<S> {
    let token = ctx.csrf_token(req).to_owned();
    let shared = ctx.shared();
    let styles = shared
        .assets
        .by_name("styles.css")
        .map(|a| link((attr("rel", "stylesheet"), attr("href", a.url))));
    let reload = shared.config.is_dev().then(|| {
        (
            meta((
                attr("name", "hyperox-livereload"),
                attr("content", LIVERELOAD),
            )),
            meta((
                attr("name", "hyperox-boot"),
                attr("content", shared.boot_id.clone()),
            )),
        )
    });
    // Plain (not deferred) scripts, run in order while the head is read:
    // htmx then waits for the document before it processes it, so the
    // client and every extension are registered first. Deferred, htmx
    // would process the page as soon as it runs, before an extension
    // still on its way. The metas come first: the client reads them as
    // it runs.
    (
        meta((attr("name", "csrf-token"), attr("content", token))),
        reload,
        styles,
        script(attr("src", assets::HTMX.url)),
        script(attr("src", assets::CLIENT.url)),
    )
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
