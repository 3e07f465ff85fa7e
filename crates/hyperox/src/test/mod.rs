//! A client for testing an app in-process: requests go straight to the
//! app's service (no socket), cookies are kept between them like a
//! browser's, and state-changing requests carry the CSRF token the
//! first page gave.
//!
//! # Example
//!
//! ```
//! use hyperox::test::Client;
//! use hyperox::{App, Cx, Form, Page, Partial};
//! use hyperox::html::prelude::*;
//! use hyperox::http::{Method, StatusCode};
//!
//! async fn index(cx: Cx<'_, ()>) -> Page {
//!     Page::new(html((head(cx.head()), body(p("hi")))))
//! }
//!
//! #[derive(serde::Deserialize, serde::Serialize)]
//! struct Name { name: String }
//!
//! async fn greet(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
//!     let Name { name } = cx.form().await?;
//!     Ok(Partial::new(textf!("Hello {name}")))
//! }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let mut app = App::new(());
//! app.page("/", index).unwrap();
//! app.route(Method::POST, "/greet", greet).unwrap();
//! let client = Client::new(app);
//!
//! // Without a page first, there is no token: the check refuses.
//! let name = Name { name: "Ada".into() };
//! assert_eq!(client.post("/greet").form(&name).await.status(), StatusCode::FORBIDDEN);
//!
//! assert_eq!(client.get("/").await.status(), StatusCode::OK);
//! let res = client.post("/greet").htmx().form(&name).await;
//! assert_eq!(res.status(), StatusCode::OK);
//! assert_eq!(res.text(), "Hello Ada");
//! # });
//! ```

mod request;
mod response;

pub use request::RequestBuilder;
pub use response::TestResponse;

use crate::app::App;
use crate::link::Link;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use hyperox_router::Body;
use std::collections::BTreeMap;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Mutex;

/// The app the test client's examples run against: a page at `/` and, for
/// every method, `/echo` answering with the request's method, target and
/// body.
///
/// ```
/// use hyperox::{App, Cx, Page, Partial};
/// use hyperox::http::Method;
///
/// async fn index(cx: Cx<'_, ()>) -> Page {
///     Page::new(hyperox::html::prelude::head(cx.head()))
/// }
///
/// async fn echo(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
///     let body = cx.body().await?;
///     Ok(Partial::new(format!("{} {} {}", cx.method(), cx.uri(), String::from_utf8_lossy(&body))))
/// }
///
/// let mut app = App::new(());
/// app.page("/", index).unwrap();
/// for m in [Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
///     app.route(m, "/echo", echo).unwrap();
/// }
/// ```
#[doc(hidden)]
pub fn example_app() -> App<()> {
    async fn index(cx: crate::Cx<'_, ()>) -> crate::Page {
        crate::Page::new(hyperox_html::prelude::head(cx.head()))
    }
    async fn echo(mut cx: crate::Cx<'_, ()>) -> crate::Result<crate::Partial> {
        let body = cx.body().await?;
        Ok(crate::Partial::new(format!(
            "{} {} {}",
            cx.method(),
            cx.uri(),
            String::from_utf8_lossy(&body)
        )))
    }
    let mut app = App::new(());
    app.page("/", index).expect("a valid route");
    for m in [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
    ] {
        app.route(m, "/echo", echo).expect("a valid route");
    }
    app
}

/// The host and origin test requests are sent for.
const HOST: &str = "localhost";
const ORIGIN: &str = "http://localhost";

/// An in-process client of an app, with a cookie jar.
///
/// # Example
///
/// ```
/// use hyperox::test::Client;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
/// let client = Client::new(app);
/// client.get("/").await;
/// assert!(client.csrf_token().is_some());
/// # });
/// ```
pub struct Client<S: Send + Sync + 'static> {
    service: crate::Service<S>,
    jar: Mutex<BTreeMap<String, String>>,
    csrf: Mutex<Option<String>>,
}

impl<S: Send + Sync + 'static> std::fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("cookies", &self.jar.lock().map(|j| j.len()).unwrap_or(0))
            .finish_non_exhaustive()
    }
}

impl<S: Send + Sync + 'static> Client<S> {
    /// A client of `app`, with an empty cookie jar.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").await.status(), 200);
    /// # });
    /// ```
    pub fn new(app: App<S>) -> Self {
        Self::from_service(app.into_service())
    }

    /// A client of an app already turned into a service.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// let app = hyperox::App::new(());
    /// let client = Client::from_service(app.into_service());
    /// # let _ = client;
    /// ```
    pub fn from_service(service: crate::Service<S>) -> Self {
        Self {
            service,
            jar: Mutex::new(BTreeMap::new()),
            csrf: Mutex::new(None),
        }
    }

    /// A request with `method` to `url` (a path and query).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// use hyperox::http::Method;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.request(Method::PATCH, "/echo").await;
    /// assert_eq!(res.text(), "PATCH /echo ");
    /// # });
    /// ```
    pub fn request(&self, method: Method, url: impl Into<String>) -> RequestBuilder<'_, S> {
        RequestBuilder {
            client: self,
            method,
            url: url.into(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            csrf: true,
        }
    }

    /// A GET request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/echo?x=1").await.text(), "GET /echo?x=1 ");
    /// # });
    /// ```
    pub fn get(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::GET, url)
    }

    /// A POST request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert_eq!(client.post("/echo").body("text/plain", "hi").await.text(), "POST /echo hi");
    /// # });
    /// ```
    pub fn post(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::POST, url)
    }

    /// A PUT request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert_eq!(client.put("/echo").await.text(), "PUT /echo ");
    /// # });
    /// ```
    pub fn put(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::PUT, url)
    }

    /// A PATCH request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert_eq!(client.patch("/echo").await.text(), "PATCH /echo ");
    /// # });
    /// ```
    pub fn patch(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::PATCH, url)
    }

    /// A DELETE request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert_eq!(client.delete("/echo").await.text(), "DELETE /echo ");
    /// # });
    /// ```
    pub fn delete(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::DELETE, url)
    }

    /// A request for `link`, with its method and URL.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// use hyperox::Link;
    /// client.get("/").await;
    /// let link = Link::post("/echo").query("id", 7);
    /// assert_eq!(client.link(&link).await.text(), "POST /echo?id=7 ");
    /// # });
    /// ```
    pub fn link(&self, link: &Link) -> RequestBuilder<'_, S> {
        self.request(link.method().clone(), link.url())
    }

    /// The cookie `name` in the jar.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert!(client.cookie(hyperox::csrf::COOKIE).is_some());
    /// # });
    /// ```
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().ok()?.get(name).cloned()
    }

    /// The CSRF token of the last page that had one.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// assert_eq!(client.csrf_token(), None);
    /// client.get("/").await;
    /// assert!(client.csrf_token().is_some());
    /// # });
    /// ```
    pub fn csrf_token(&self) -> Option<String> {
        self.csrf.lock().ok()?.clone()
    }

    async fn send(&self, b: RequestBuilder<'_, S>) -> TestResponse {
        let mut req = http::Request::new(Body::from(b.body));
        *req.method_mut() = b.method.clone();
        *req.uri_mut() = b.url.parse().unwrap_or_else(|e| {
            panic!("`{}` is not a request target: {e}", b.url);
        });
        let headers = req.headers_mut();
        headers.insert(header::HOST, HeaderValue::from_static(HOST));
        let unsafe_method = !matches!(b.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method {
            headers.insert(header::ORIGIN, HeaderValue::from_static(ORIGIN));
            if b.csrf
                && let Some(token) = self.csrf_token()
                && let Ok(v) = HeaderValue::try_from(token)
            {
                headers.insert(crate::csrf::HEADER, v);
            }
        }
        let cookies = self.cookie_header();
        if let Some(c) = cookies {
            headers.insert(header::COOKIE, c);
        }
        // The builder's headers replace the defaults of the same name.
        for name in b.headers.keys() {
            headers.remove(name);
        }
        for (name, value) in &b.headers {
            headers.append(name, value.clone());
        }
        let mut service = self.service.clone();
        let res = tower_service::Service::call(&mut service, req)
            .await
            .unwrap_or_else(|e| match e {});
        let status = res.status();
        let headers = res.headers().clone();
        let body = res
            .into_body()
            .collect_bytes()
            .await
            .expect("the response body streams");
        let body = String::from_utf8_lossy(&body).into_owned();
        self.keep_cookies(&headers);
        // A page's meta, or the token of a session that began or ended
        // with this answer (as the bundled client takes it).
        let given = headers
            .get(crate::csrf::HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if let Some(token) = given.or_else(|| meta_csrf(&body))
            && let Ok(mut slot) = self.csrf.lock()
        {
            *slot = Some(token);
        }
        TestResponse {
            status,
            headers,
            body,
        }
    }

    fn cookie_header(&self) -> Option<HeaderValue> {
        let jar = self.jar.lock().ok()?;
        if jar.is_empty() {
            return None;
        }
        let text = jar
            .iter()
            .map(|(k, v)| crate::cookie::pair(k, v))
            .collect::<Vec<_>>()
            .join("; ");
        HeaderValue::try_from(text).ok()
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let Ok(mut jar) = self.jar.lock() else { return };
        for v in headers.get_all(header::SET_COOKIE) {
            let Some((name, value, gone)) =
                v.to_str().ok().and_then(crate::cookie::parse_set_cookie)
            else {
                continue;
            };
            if gone {
                jar.remove(&name);
            } else {
                jar.insert(name, value);
            }
        }
    }
}

/// The token in a page's `<meta name="csrf-token" content="…">`.
fn meta_csrf(html: &str) -> Option<String> {
    let (_, rest) = html.split_once(r#"<meta name="csrf-token" content=""#)?;
    let (token, _) = rest.split_once('"')?;
    Some(token.to_owned())
}
