//! A request's input: its query, its form and its body.

use super::Cx;
use crate::error::Rejection;
use crate::form::{form_urlencoded_value, is_urlencoded};
use bytes::Bytes;
use http::StatusCode;
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;

impl<S: Send + Sync + 'static> Cx<'_, S> {
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
}
