//! The answer to a failure: a rejection's own, else a 500 that shows the
//! error in development only.

use crate::context::AppContext;
use crate::error::Rejection;
use http::StatusCode;
use hyperox_router::{Error, IntoResponse, Request, Response};

/// The answer to a failure: a rejection's own, else a 500.
pub(crate) fn failure<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
    err: Error,
) -> Response {
    if let Some(r) = err
        .source_error()
        .and_then(|e| e.downcast_ref::<Rejection>())
    {
        return r.clone().into_response();
    }
    if err.is_out_of_files() {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "out of file descriptors: {err}; answered 503");
        return Rejection::unavailable("the server is busy: try again in a moment", 1)
            .into_response();
    }
    let detail = match err.panic() {
        Some(p) => format!(
            "panic: {}{}",
            p.message,
            p.location
                .as_deref()
                .map(|l| format!(" at {l}"))
                .unwrap_or_default()
        ),
        None => err
            .source_error()
            .map(ToString::to_string)
            .unwrap_or_default(),
    };
    tracing::error!(method = %req.method(), path = %req.uri().path(), "{detail}");
    let body = if cx.config().is_dev() {
        format!("Application Error\n\n{detail}")
    } else {
        "Application Error".to_owned()
    };
    let mut res = body.into_response();
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res
}
