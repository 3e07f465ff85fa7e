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

use crate::app::App;
use crate::context::AppContext;
use crate::link::Link;
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use hyperox_router::{Body, RouterService};
use std::collections::BTreeMap;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Mutex;

/// The host and origin test requests are sent for.
const HOST: &str = "localhost";
const ORIGIN: &str = "http://localhost";

/// An in-process client of an app, with a cookie jar.
pub struct Client<S: Send + Sync + 'static> {
    service: RouterService<AppContext<S>>,
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
    pub fn new(app: App<S>) -> Self {
        Self::from_service(app.into_service())
    }

    /// A client of an app already turned into a service.
    pub fn from_service(service: RouterService<AppContext<S>>) -> Self {
        Self {
            service,
            jar: Mutex::new(BTreeMap::new()),
            csrf: Mutex::new(None),
        }
    }

    /// A request with `method` to `url` (a path and query).
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
    pub fn get(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::GET, url)
    }

    /// A POST request.
    pub fn post(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::POST, url)
    }

    /// A PUT request.
    pub fn put(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::PUT, url)
    }

    /// A PATCH request.
    pub fn patch(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::PATCH, url)
    }

    /// A DELETE request.
    pub fn delete(&self, url: impl Into<String>) -> RequestBuilder<'_, S> {
        self.request(Method::DELETE, url)
    }

    /// A request for `link`, with its method and URL.
    pub fn link(&self, link: &Link) -> RequestBuilder<'_, S> {
        self.request(link.method().clone(), link.url())
    }

    /// The cookie `name` in the jar.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.lock().ok()?.get(name).cloned()
    }

    /// The CSRF token of the last page that had one.
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
        if let Some(token) = meta_csrf(&body)
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
            .map(|(k, v)| {
                cookie::Cookie::new(k.as_str(), v.as_str())
                    .encoded()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("; ");
        HeaderValue::try_from(text).ok()
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let Ok(mut jar) = self.jar.lock() else { return };
        for v in headers.get_all(header::SET_COOKIE) {
            let Some(c) = v
                .to_str()
                .ok()
                .and_then(|v| cookie::Cookie::parse_encoded(v.to_owned()).ok())
            else {
                continue;
            };
            let gone = c.max_age().is_some_and(|a| a.is_zero() || a.is_negative());
            if gone {
                jar.remove(c.name());
            } else {
                jar.insert(c.name().to_owned(), c.value().to_owned());
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

/// A request being built; `.await` it (or call [`send`](Self::send)) to
/// get the [`TestResponse`].
#[must_use = "a request does nothing until it is awaited"]
pub struct RequestBuilder<'c, S: Send + Sync + 'static> {
    client: &'c Client<S>,
    method: Method,
    url: String,
    headers: HeaderMap,
    body: Bytes,
    csrf: bool,
}

impl<S: Send + Sync + 'static> std::fmt::Debug for RequestBuilder<'_, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl<'c, S: Send + Sync + 'static> RequestBuilder<'c, S> {
    /// Sends it as htmx would: `HX-Request: true`.
    pub fn htmx(self) -> Self {
        self.header("hx-request", "true")
    }

    /// Adds a request header (a name given twice is sent twice).
    ///
    /// # Panics
    ///
    /// When the name or value is not valid header text.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name = HeaderName::try_from(name).expect("a valid header name");
        let value = HeaderValue::try_from(value).expect("a valid header value");
        self.headers.append(name, value);
        self
    }

    /// Sends `form` as an urlencoded body.
    ///
    /// # Panics
    ///
    /// When `form` does not serialise as a form.
    pub fn form<T: serde::Serialize + ?Sized>(mut self, form: &T) -> Self {
        let text = serde_urlencoded::to_string(form).expect("the form serialises");
        self.body = Bytes::from(text);
        self.header("content-type", "application/x-www-form-urlencoded")
    }

    /// Sends `body` with `content_type`.
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self.header("content-type", content_type)
    }

    /// Leaves the CSRF token out (to test the check).
    pub fn without_csrf(mut self) -> Self {
        self.csrf = false;
        self
    }

    /// Sends it.
    pub async fn send(self) -> TestResponse {
        let client = self.client;
        client.send(self).await
    }
}

impl<'c, S: Send + Sync + 'static> IntoFuture for RequestBuilder<'c, S> {
    type Output = TestResponse;
    type IntoFuture = Pin<Box<dyn Future<Output = TestResponse> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// What the app answered: status, headers and the body as text.
#[derive(Debug, Clone)]
pub struct TestResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl TestResponse {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The header `name`, when present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body, lossily decoded as UTF-8.
    pub fn text(&self) -> &str {
        &self.body
    }
}
