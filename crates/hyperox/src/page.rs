//! Pages and partials: the HTML answers of an app.

use http::{HeaderName, HeaderValue, StatusCode, header};
use hyperox_html::Node;
use hyperox_html::htmx::HxResponse;
use hyperox_router::{Body, IntoResponse, Response};

const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");

/// A full HTML document: `<!DOCTYPE html>` and the node, 200 unless
/// changed.
///
/// # Example
///
/// ```
/// use hyperox::Page;
/// use hyperox::html::prelude::*;
///
/// let page = Page::new(html((head(title("Hi")), body(h1("Hi")))));
/// assert!(page.html().starts_with("<!DOCTYPE html><html>"));
/// ```
#[derive(Debug, Clone)]
pub struct Page {
    html: String,
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    bare: bool,
}

/// Marks an answer served as written: nothing filled in (see
/// [`Page::bare`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bare;

impl Page {
    /// Renders `node` as a document.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Page;
    /// use hyperox::html::prelude::*;
    /// let page = Page::new(html(body(h1("Hi"))));
    /// assert_eq!(page.html(), "<!DOCTYPE html><html><body><h1>Hi</h1></body></html>");
    /// ```
    pub fn new(node: impl Node) -> Self {
        Self {
            html: node.render_page(),
            status: StatusCode::OK,
            headers: Vec::new(),
            bare: false,
        }
    }

    /// Serves the document exactly as written: the framework fills in
    /// none of its head tags (CSRF token, stylesheet, htmx, the client,
    /// live reload), extension scripts or form tokens, and does not read
    /// the body for them. For a page with no htmx and no form of the
    /// app's (a printable view, a document for another program), where
    /// those bytes and that pass are waste.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use hyperox::html::prelude::*;
    /// use hyperox::test::Client;
    ///
    /// async fn print(_cx: Cx<'_, ()>) -> Page {
    ///     Page::new(html((head(title("Receipt")), body(p("Paid"))))).bare()
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/print", print).unwrap();
    /// let res = Client::new(app).get("/print").await;
    /// assert_eq!(
    ///     res.text(),
    ///     "<!DOCTYPE html><html><head><title>Receipt</title></head><body><p>Paid</p></body></html>"
    /// );
    /// # });
    /// ```
    pub fn bare(mut self) -> Self {
        self.bare = true;
        self
    }

    /// The rendered HTML.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Page;
    /// assert!(Page::new("x").html().ends_with("x"));
    /// ```
    pub fn html(&self) -> &str {
        &self.html
    }

    /// Answers with `status`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Page;
    /// use hyperox::http::StatusCode;
    /// use hyperox::router::IntoResponse;
    /// let res = Page::new("Not here").status(StatusCode::NOT_FOUND).into_response();
    /// assert_eq!(res.status(), 404);
    /// ```
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Adds a response header.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Page;
    /// use hyperox::http::{HeaderValue, header};
    /// use hyperox::router::IntoResponse;
    /// let res = Page::new("x")
    ///     .header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
    ///     .into_response();
    /// assert_eq!(res.headers()["cache-control"], "no-store");
    /// ```
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let mut res = respond(self.html, self.status, self.headers, None);
        if self.bare {
            res.extensions_mut().insert(Bare);
        }
        res
    }
}

/// An HTML fragment for htmx: no doctype, with its htmx response headers
/// and status.
///
/// # Example
///
/// ```
/// use hyperox::Partial;
/// use hyperox::html::prelude::*;
/// use hyperox::html::htmx::HxResponse;
/// use http::StatusCode;
///
/// let partial = Partial::new(p("Saved"))
///     .status(StatusCode::CREATED)
///     .hx(HxResponse::new().trigger("saved"));
/// assert_eq!(partial.html(), "<p>Saved</p>");
/// ```
#[derive(Debug, Clone)]
pub struct Partial {
    html: String,
    status: StatusCode,
    hx: Option<HxResponse>,
    headers: Vec<(HeaderName, HeaderValue)>,
    redirect: Option<String>,
}

/// Marks a `303` that htmx requests get as `HX-Redirect` instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HtmxRedirect;

impl Partial {
    /// Renders `node` as a fragment.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// use hyperox::html::prelude::*;
    /// assert_eq!(Partial::new(li("milk")).html(), "<li>milk</li>");
    /// ```
    pub fn new(node: impl Node) -> Self {
        Self {
            html: node.render(),
            status: StatusCode::OK,
            hx: None,
            headers: Vec::new(),
            redirect: None,
        }
    }

    /// Sends the browser to `url`: `HX-Redirect` for an htmx request (a
    /// full page load of `url`), `303 See Other` otherwise (a form posted
    /// without JavaScript).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial, Rejection};
    ///
    /// async fn save(cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
    ///     if cx.is_htmx() {
    ///         return Ok(Partial::new("saved"));
    ///     }
    ///     Ok(Partial::redirect("/"))
    /// }
    /// App::new(()).route(hyperox::http::Method::POST, "/save", save).unwrap();
    /// ```
    pub fn redirect(url: impl Into<String>) -> Self {
        Self {
            status: StatusCode::SEE_OTHER,
            redirect: Some(url.into()),
            ..Self::empty()
        }
    }

    /// An empty fragment (for a swap that removes its target).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// assert_eq!(Partial::empty().html(), "");
    /// ```
    pub fn empty() -> Self {
        Self::new(())
    }

    /// The rendered HTML.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// assert_eq!(Partial::new("a < b").html(), "a &lt; b");
    /// ```
    pub fn html(&self) -> &str {
        &self.html
    }

    /// Answers with `status` (422 for a form with errors, say).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// use hyperox::http::StatusCode;
    /// use hyperox::router::IntoResponse;
    /// let res = Partial::new("title is required")
    ///     .status(StatusCode::UNPROCESSABLE_ENTITY)
    ///     .into_response();
    /// assert_eq!(res.status(), 422);
    /// ```
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Sends these htmx response headers.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// use hyperox::html::htmx::HxResponse;
    /// use hyperox::router::IntoResponse;
    /// let res = Partial::new("saved").hx(HxResponse::new().trigger("saved")).into_response();
    /// assert_eq!(res.headers()["hx-trigger"], "saved");
    /// ```
    pub fn hx(mut self, hx: HxResponse) -> Self {
        self.hx = Some(hx);
        self
    }

    /// Adds a response header.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Partial;
    /// use hyperox::http::{HeaderValue, header};
    /// use hyperox::router::IntoResponse;
    /// let res = Partial::new("x")
    ///     .header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
    ///     .into_response();
    /// assert_eq!(res.headers()["cache-control"], "no-store");
    /// ```
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl IntoResponse for Partial {
    fn into_response(self) -> Response {
        let Some(url) = self.redirect else {
            return respond(self.html, self.status, self.headers, self.hx);
        };
        let mut res = Response::new(Body::empty());
        *res.status_mut() = self.status;
        let location = HeaderValue::try_from(url).unwrap_or_else(|_| {
            tracing::warn!("redirect target is not a valid header value; sent to /");
            HeaderValue::from_static("/")
        });
        res.headers_mut().insert(header::LOCATION, location);
        for (k, v) in self.headers {
            res.headers_mut().append(k, v);
        }
        res.extensions_mut().insert(HtmxRedirect);
        res
    }
}

fn respond(
    html: String,
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    hx: Option<HxResponse>,
) -> Response {
    let mut res = Response::new(Body::from(html));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HTML);
    if let Some(hx) = hx {
        hx.apply(h);
    }
    for (k, v) in headers {
        h.append(k, v);
    }
    res
}
