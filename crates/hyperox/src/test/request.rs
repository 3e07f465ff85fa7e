//! A request being built: method, headers, body, and whether it comes
//! from htmx; sent when awaited.

use super::*;

/// A request being built; `.await` it (or call [`send`](Self::send)) to
/// get the [`TestResponse`].
#[must_use = "a request does nothing until it is awaited"]
///
/// # Example
///
/// ```
/// use hyperox::test::Client;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
/// let client = Client::new(app);
/// client.get("/").await;
/// let res = client.post("/echo").htmx().header("x-a", "1").body("text/plain", "x").await;
/// assert_eq!(res.status(), 200);
/// # });
/// ```
pub struct RequestBuilder<'c, S: Send + Sync + 'static> {
    pub(super) client: &'c Client<S>,
    pub(super) method: Method,
    pub(super) url: String,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) csrf: bool,
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// let res = client.get("/").htmx().await;
    /// assert_eq!(res.status(), 200);
    /// # });
    /// ```
    pub fn htmx(self) -> Self {
        self.header("hx-request", "true")
    }

    /// Adds a request header (a name given twice is sent twice).
    ///
    /// # Panics
    ///
    /// When the name or value is not valid header text.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// let res = client.get("/echo").header("accept", "text/html").await;
    /// assert_eq!(res.status(), 200);
    /// # });
    /// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.post("/echo").form(&[("title", "a b")]).await;
    /// assert_eq!(res.text(), "POST /echo title=a+b");
    /// # });
    /// ```
    pub fn form<T: serde::Serialize + ?Sized>(mut self, form: &T) -> Self {
        let text = serde_urlencoded::to_string(form).expect("the form serialises");
        self.body = Bytes::from(text);
        self.header("content-type", "application/x-www-form-urlencoded")
    }

    /// Sends `body` with `content_type`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// let res = client.put("/echo").body("application/json", r#"{"a":1}"#).await;
    /// assert_eq!(res.text(), r#"PUT /echo {&quot;a&quot;:1}"#);
    /// # });
    /// ```
    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self.header("content-type", content_type)
    }

    /// Leaves the CSRF token out (to test the check).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// client.get("/").await;
    /// assert_eq!(client.post("/echo").without_csrf().await.status(), 403);
    /// # });
    /// ```
    pub fn without_csrf(mut self) -> Self {
        self.csrf = false;
        self
    }

    /// Sends it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// let res = client.get("/").send().await; // the same as `.await` on the builder
    /// assert_eq!(res.status(), 200);
    /// # });
    /// ```
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
