//! Rejections: bad input answered with a 4xx and a message.

use http::StatusCode;
use hyperox_router::{Body, IntoResponse, Response};
use std::fmt;

/// A request refused with a client-error status and a message, such as a
/// form that does not parse (400) or a failed CSRF check (403).
///
/// Returned as an error (`?` in a handler that returns
/// `hyperox::Result`), it is answered with its status and message; the
/// server goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::{Cx, Partial, Rejection};
///
/// async fn todo(cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
///     let id: i64 = cx.param_as("id")?;
///     if id > 100 {
///         return Err(Rejection::not_found(format!("no todo {id}")).into());
///     }
///     Ok(Partial::new(format!("todo {id}")))
/// }
/// hyperox::App::new(()).page("/todos/:id", todo).unwrap();
/// ```
pub struct Rejection {
    status: StatusCode,
    message: String,
    retry_after: Option<u64>,
    /// htmx response headers sent with it.
    hx: Vec<(http::HeaderName, http::HeaderValue)>,
    /// Where a redirect sends the client.
    location: Option<http::HeaderValue>,
}

impl Rejection {
    /// A rejection with `status` and `message`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Rejection;
    /// use hyperox::http::StatusCode;
    /// let r = Rejection::new(StatusCode::CONFLICT, "already taken");
    /// assert_eq!((r.status(), r.message()), (StatusCode::CONFLICT, "already taken"));
    /// ```
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
            hx: Vec::new(),
            location: None,
        }
    }

    /// 429 Too Many Requests, asking the client to wait `seconds`
    /// (`Retry-After`): a sign-in tried too often, say.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Rejection;
    /// use hyperox::router::IntoResponse;
    ///
    /// let res = Rejection::too_many_requests("too many tries: wait 30 s", 30).into_response();
    /// assert_eq!(res.status(), 429);
    /// assert_eq!(res.headers()["retry-after"], "30");
    /// ```
    pub fn too_many_requests(message: impl Into<String>, seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, message)
        }
    }

    /// A refusal that sends the client elsewhere: `303 See Other` to
    /// `to` (a page that asks for a sign-in, say), `HX-Redirect` for
    /// htmx.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Rejection;
    /// use hyperox::router::IntoResponse;
    ///
    /// let res = Rejection::redirect("/login?next=%2Faccount").into_response();
    /// assert_eq!(res.status(), 303);
    /// assert_eq!(res.headers()["location"], "/login?next=%2Faccount");
    /// ```
    pub fn redirect(to: &str) -> Self {
        Self {
            location: Some(
                http::HeaderValue::try_from(to).unwrap_or(http::HeaderValue::from_static("/")),
            ),
            ..Self::new(StatusCode::SEE_OTHER, "")
        }
    }

    /// Sends the htmx response headers of `hx` with the refusal: an
    /// `HX-Trigger` whose event refreshes what the refusal shows to be
    /// stale (htmx fires it after an error answer too), an
    /// `HX-Retarget` for where its message goes.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Rejection;
    /// use hyperox::html::htmx::HxResponse;
    /// use hyperox::router::IntoResponse;
    ///
    /// let res = Rejection::not_found("no such todo")
    ///     .hx(HxResponse::new().trigger("list-stale"))
    ///     .into_response();
    /// assert_eq!(res.status(), 404);
    /// assert_eq!(res.headers()["hx-trigger"], "list-stale");
    /// ```
    pub fn hx(mut self, hx: hyperox_html::htmx::HxResponse) -> Self {
        self.hx.extend(hx.to_pairs());
        self
    }

    /// 503 Service Unavailable, asking the client to try again after
    /// `seconds` (`Retry-After`): a database that is busy or gone, say.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Rejection;
    /// use hyperox::router::IntoResponse;
    ///
    /// let res = Rejection::unavailable("the database is busy", 2).into_response();
    /// assert_eq!(res.status(), 503);
    /// assert_eq!(res.headers()["retry-after"], "2");
    /// ```
    pub fn unavailable(message: impl Into<String>, seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, message)
        }
    }

    /// 400 Bad Request.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(hyperox::Rejection::bad_request("no title").status(), 400);
    /// ```
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 403 Forbidden.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(hyperox::Rejection::forbidden("not yours").status(), 403);
    /// ```
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404 Not Found.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(hyperox::Rejection::not_found("no such todo").status(), 404);
    /// ```
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// The status.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(hyperox::Rejection::not_found("gone").status(), 404);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(hyperox::Rejection::not_found("gone").message(), "gone");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.status)
    }
}

impl std::error::Error for Rejection {}

/// A cached component that failed to render answers 500; the error is
/// logged, not shown.
///
/// # Example
///
/// ```
/// use hyperox::Rejection;
/// let r = Rejection::from(hyperox::cache::Error::compute("no database"));
/// assert_eq!(r.status(), 500);
/// ```
impl From<hyperox_cache::Error> for Rejection {
    fn from(e: hyperox_cache::Error) -> Self {
        tracing::error!(error = %e, "a cached component failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "a part of this page could not be rendered",
        )
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut res = Response::new(Body::from(self.message));
        *res.status_mut() = self.status;
        res.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        if let Some(seconds) = self.retry_after {
            res.headers_mut()
                .insert(http::header::RETRY_AFTER, http::HeaderValue::from(seconds));
        }
        for (name, value) in self.hx {
            res.headers_mut().insert(name, value);
        }
        if let Some(to) = self.location {
            res.headers_mut().insert(http::header::LOCATION, to);
            res.extensions_mut().insert(crate::page::HtmxRedirect);
        }
        res
    }
}

/// The result of a page or partial: any error goes to the app's error
/// handler (a [`Rejection`] becomes its 4xx, anything else a 500).
///
/// # Example
///
/// ```
/// fn parse(n: &str) -> hyperox::Result<u32> {
///     // `?` turns a `Rejection` (or any error) into the boxed error.
///     Ok(n.parse().map_err(|_| hyperox::Rejection::bad_request("not a number"))?)
/// }
/// assert_eq!(parse("7").unwrap(), 7);
/// assert_eq!(parse("x").unwrap_err().to_string(), "not a number (400 Bad Request)");
/// ```
pub type Result<T, E = hyperox_router::BoxError> = std::result::Result<T, E>;
