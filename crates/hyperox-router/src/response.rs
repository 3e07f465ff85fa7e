//! Responses and the conversion of handler results into them.

use crate::body::Body;
use crate::error::{BoxError, Error};
use http::{HeaderValue, StatusCode, header};

/// An HTTP response with a [`Body`].
///
/// # Example
///
/// ```
/// use hyperox_router::{Body, Response};
/// let res: Response = http::Response::new(Body::from("ok"));
/// assert_eq!(res.status(), 200);
/// ```
pub type Response = http::Response<Body>;

/// Converts a handler's result into a response.
///
/// Implemented for strings and bytes (200, `text/plain` or
/// `application/octet-stream`), `StatusCode`, `(StatusCode, T)`,
/// `http::Response<B>`, `()` (200, empty), and `Result<T, E>`, whose error
/// goes to the nearest error handler.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be turned into a response",
    label = "handlers must return a type that implements `IntoResponse`",
    note = "strings, `Bytes`, `StatusCode`, `(StatusCode, T)`, `http::Response<B>` and `Result<T, E>` all do"
)]
///
/// # Example
///
/// ```
/// use hyperox_router::IntoResponse;
/// use http::StatusCode;
/// assert_eq!("hi".into_response().headers()["content-type"], "text/plain; charset=utf-8");
/// assert_eq!((StatusCode::CREATED, "made").into_response().status(), 201);
/// assert_eq!(StatusCode::NO_CONTENT.into_response().status(), 204);
/// ```
pub trait IntoResponse {
    /// Makes the response.
    fn into_response(self) -> Response;
}

impl IntoResponse for Response {
    #[inline]
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(Body::empty())
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = self;
        res
    }
}

fn with_type(body: Body, content_type: &'static str) -> Response {
    let mut res = Response::new(body);
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

const TEXT: &str = "text/plain; charset=utf-8";
const BINARY: &str = "application/octet-stream";

impl IntoResponse for &'static str {
    #[inline]
    fn into_response(self) -> Response {
        with_type(self.into(), TEXT)
    }
}

impl IntoResponse for String {
    #[inline]
    fn into_response(self) -> Response {
        with_type(self.into(), TEXT)
    }
}

impl IntoResponse for bytes::Bytes {
    fn into_response(self) -> Response {
        with_type(self.into(), BINARY)
    }
}

impl IntoResponse for Vec<u8> {
    fn into_response(self) -> Response {
        with_type(self.into(), BINARY)
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut res = self.1.into_response();
        *res.status_mut() = self.0;
        res
    }
}

impl IntoResponse for http::Response<String> {
    fn into_response(self) -> Response {
        self.map(Body::from)
    }
}

impl IntoResponse for http::Response<bytes::Bytes> {
    fn into_response(self) -> Response {
        self.map(Body::from)
    }
}

impl IntoResponse for http::Response<&'static str> {
    fn into_response(self) -> Response {
        self.map(Body::from)
    }
}

impl<T: IntoResponse, E: Into<BoxError>> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(v) => v.into_response(),
            Err(e) => error_response(Error::new(e)),
        }
    }
}

/// An error waiting in a response for the nearest error handler.
#[derive(Clone)]
pub(crate) struct PendingError(pub(crate) Error);

/// The default 500 response, carrying `err` until an error handler or the
/// `show_errors` middleware takes it.
///
/// A request body over the server's limit gives 413 instead, and running
/// out of file descriptors 503 with `Retry-After`.
pub(crate) fn error_response(err: Error) -> Response {
    let too_large = err
        .source_error()
        .is_some_and(|e| e.downcast_ref::<crate::body::BodyTooLarge>().is_some());
    let mut res = if too_large {
        text(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large")
    } else if err.is_out_of_files() {
        let mut res = text(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable");
        res.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("1"),
        );
        res
    } else {
        text(StatusCode::INTERNAL_SERVER_ERROR, "Application Error")
    };
    res.extensions_mut().insert(PendingError(err));
    res
}

/// The error a response carries, if a handler or middleware below failed
/// and no error handler has taken it yet.
///
/// # Example
///
/// ```
/// use hyperox_router::{IntoResponse, pending_error};
/// let res = Err::<(), _>(std::io::Error::other("boom")).into_response();
/// assert_eq!(res.status(), 500);
/// assert_eq!(pending_error(&res).unwrap().to_string(), "boom");
/// ```
pub fn pending_error(res: &Response) -> Option<&Error> {
    res.extensions().get::<PendingError>().map(|p| &p.0)
}

/// Notes the request in a panic the response carries (see
/// [`Error::annotate`]).
#[inline]
pub(crate) fn annotate_panic(res: &mut Response, req: &crate::Request) {
    if let Some(p) = res.extensions_mut().get_mut::<PendingError>() {
        p.0.annotate(req);
    }
}

/// Takes the error out of a failed response, if it carries one.
///
/// # Example
///
/// ```
/// use hyperox_router::{IntoResponse, pending_error, take_pending_error};
/// let mut res = Err::<(), _>(std::io::Error::other("boom")).into_response();
/// assert!(take_pending_error(&mut res).is_some());
/// assert!(pending_error(&res).is_none());
/// ```
pub fn take_pending_error(res: &mut Response) -> Option<Error> {
    res.extensions_mut().remove::<PendingError>().map(|p| p.0)
}

pub(crate) fn text(status: StatusCode, body: &'static str) -> Response {
    let mut res = with_type(Body::from(body), TEXT);
    *res.status_mut() = status;
    res
}
