//! `Cx`: what a page, partial or middleware is given: the request and
//! its parts here, its input (query, form, body) in `input.rs`, what the
//! framework keeps for it (CSRF, session, client, page) in `keep.rs`.

mod input;
mod keep;

pub(crate) use keep::head_tags;

use crate::config::Config;
use crate::context::AppContext;
use crate::cookie::{self, SetCookie};
use crate::error::Rejection;
use http::{HeaderMap, Method, Uri};
use hyperox_html::htmx::HxRequest;
use hyperox_router::Request;
use std::sync::atomic::Ordering;

/// What a page, partial or middleware is given: the app's state and
/// settings, this request's values and cookies to set, and the request:
/// path params, query and form values (by name or as serde types),
/// headers, cookies and htmx's request headers. An app built with `hyperox-build` has the alias
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
    pub(crate) fn new(ctx: &'a mut AppContext<S>, req: &'a mut Request) -> Self {
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
        self.req.headers().contains_key(crate::respond::HX_REQUEST)
    }

    /// The app's state (a database pool, say), typed.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    ///
    /// struct State { site: &'static str }
    ///
    /// async fn title(cx: Cx<'_, State>) -> Partial {
    ///     Partial::new(cx.state().site)
    /// }
    /// hyperox::App::new(State { site: "Todos" }).page("/", title).unwrap();
    /// ```
    pub fn state(&self) -> &S {
        self.ctx.state()
    }

    /// The app's live-update hub (feature `live`): open a page's event
    /// stream on a room, push HTML to a room, a session or everyone.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::live::Sse;
    /// use hyperox::prelude::*;
    ///
    /// /// The page's stream: the room `lobby`.
    /// async fn events(cx: Cx<'_, ()>) -> Result<Sse, Rejection> {
    ///     Ok(cx.live().sse(&cx).room("lobby").open().await?)
    /// }
    ///
    /// /// Every page in the room gets the line.
    /// async fn say(cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
    ///     cx.live().room("lobby").push(li("hello")).await?;
    ///     Ok(Partial::empty())
    /// }
    /// # let mut app = hyperox::App::new(());
    /// # app.page("/events", events).unwrap();
    /// # app.route(hyperox::http::Method::POST, "/say", say).unwrap();
    /// ```
    #[cfg(feature = "live")]
    pub fn live(&self) -> &crate::live::Hub {
        self.ctx.live()
    }

    /// The app's settings.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    ///
    /// async fn mode(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(if cx.config().is_dev() { "development" } else { "production" })
    /// }
    /// hyperox::App::new(()).page("/", mode).unwrap();
    /// ```
    pub fn config(&self) -> &Config {
        self.ctx.config()
    }

    /// Stores a value for the rest of this request (set by a middleware,
    /// read by the page), replacing one of the same type.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Next, Partial};
    /// use hyperox::router::Response;
    /// use hyperox::test::Client;
    ///
    /// #[derive(Clone)]
    /// struct User(String);
    ///
    /// async fn auth(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
    ///     let name = cx.header("x-user").unwrap_or("guest").to_owned();
    ///     cx.insert(User(name));
    ///     next.run(&mut cx).await
    /// }
    ///
    /// async fn me(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.get::<User>().map_or("?", |u| u.0.as_str()).to_owned())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.middleware(auth);
    /// app.page("/me", me).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/me").header("x-user", "ada").await.text(), "ada");
    /// # });
    /// ```
    pub fn insert<T: Clone + Send + Sync + 'static>(&mut self, value: T) -> Option<T> {
        self.ctx.insert(value)
    }

    /// The value of type `T` stored for this request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    ///
    /// #[derive(Clone)]
    /// struct Locale(&'static str);
    ///
    /// async fn hello(cx: Cx<'_, ()>) -> Partial {
    ///     let locale = cx.get::<Locale>().map_or("en", |l| l.0);
    ///     Partial::new(if locale == "fr" { "Bonjour" } else { "Hello" })
    /// }
    /// hyperox::App::new(()).page("/", hello).unwrap();
    /// ```
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.ctx.get::<T>()
    }

    /// Sets a cookie on the response.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::{SameSite, SetCookie};
    /// use hyperox::test::Client;
    /// use hyperox::{App, Cx, Partial};
    ///
    /// async fn dark(mut cx: Cx<'_, ()>) -> Partial {
    ///     cx.set_cookie(SetCookie::new("theme", "dark").same_site(SameSite::Lax));
    ///     Partial::new("ok")
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/dark", dark).unwrap();
    /// let client = Client::new(app);
    /// client.get("/dark").await;
    /// assert_eq!(client.cookie("theme").as_deref(), Some("dark"));
    /// # });
    /// ```
    pub fn set_cookie(&mut self, cookie: SetCookie) {
        self.ctx.set_cookie(cookie)
    }

    /// A nonce for inline `<script nonce=…>` elements of this response,
    /// added to its `Content-Security-Policy`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Page};
    /// use hyperox::html::prelude::*;
    ///
    /// async fn index(cx: Cx<'_, ()>) -> Page {
    ///     let nonce = cx.script_nonce().to_owned();
    ///     Page::new(script((attr("nonce", nonce), "console.log('hi')")))
    /// }
    /// hyperox::App::new(()).page("/", index).unwrap();
    /// ```
    pub fn script_nonce(&self) -> &str {
        self.ctx.script_nonce()
    }
}
