//! The answer to a test request: status, headers and body, read.

use super::*;

/// What the app answered: status, headers and the body as text.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox::test::Client;
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
/// let client = Client::new(app);
/// let res = client.get("/echo").await;
/// assert_eq!((res.status().as_u16(), res.text()), (200, "GET /echo "));
/// # });
/// ```
pub struct TestResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: String,
}

impl TestResponse {
    /// The status.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/nowhere").await.status(), 404);
    /// # });
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// let res = client.get("/").await;
    /// assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    /// # });
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The header `name`, when present and text.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// let res = client.get("/").await;
    /// assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    /// # });
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body, lossily decoded as UTF-8.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::test::Client;
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// # let app = hyperox::test::example_app(); // a page at `/`, an echo at `/echo`
    /// let client = Client::new(app);
    /// assert!(client.get("/").await.text().starts_with("<!DOCTYPE html>"));
    /// # });
    /// ```
    pub fn text(&self) -> &str {
        &self.body
    }
}
