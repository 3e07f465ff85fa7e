//! The development error page.

use crate::error::Error;
use crate::handler::{BoxFuture, Middleware, Next};
use crate::panic;
use crate::request::Request;
use crate::response::{Response, take_pending_error};
use http::{HeaderValue, StatusCode, header};
use std::fmt::Write as _;

/// Renders an HTML page with the error, where it happened and the
/// backtrace when a handler or middleware below fails and no nearer error
/// handler took the error. For development only: it shows source paths.
///
/// # Example
///
/// ```
/// use hyperox_router::{Router, middleware::{Logger, ShowErrors}};
///
/// #[derive(Default)]
/// struct App;
///
/// let mut app = Router::<App>::new();
/// app.middleware(Logger).middleware(ShowErrors);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct ShowErrors;

impl<'a, C: Send + 'a> Middleware<'a, C> for ShowErrors {
    type Output = Response;
    type Future = BoxFuture<'a, Response>;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Self::Future {
        panic::capture_backtraces();
        Box::pin(async move {
            let method = req.method().clone();
            let path = req.uri().path().to_owned();
            let mut res = next.run(ctx, req).await;
            if let Some(err) = take_pending_error(&mut res) {
                res = page(&err, &method, &path);
            }
            res
        })
    }
}

fn page(err: &Error, method: &http::Method, path: &str) -> Response {
    let mut html = String::with_capacity(4096);
    html.push_str(concat!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Application Error</title>",
        "<style>body{font-family:sans-serif;margin:2rem;color:#222}",
        "pre{background:#f4f4f4;padding:1rem;overflow:auto;font-size:13px}",
        "h1{color:#b00}</style></head><body><h1>Application Error</h1>"
    ));
    let _ = write!(
        html,
        "<p><strong>{} {}</strong></p>",
        escape(method.as_str()),
        escape(path)
    );
    match err.panic() {
        Some(report) => {
            let _ = write!(html, "<h2>Panic</h2><pre>{}</pre>", escape(&report.message));
            if let Some(loc) = &report.location {
                let _ = write!(html, "<p>at <code>{}</code></p>", escape(loc));
            }
            if let Some(bt) = &report.backtrace {
                let _ = write!(
                    html,
                    "<h2>Backtrace</h2><pre>{}</pre>",
                    escape(&bt.to_string())
                );
            }
        }
        None => {
            let _ = write!(
                html,
                "<h2>Error</h2><pre>{}</pre>",
                escape(&err.to_string())
            );
            let mut source = err.source_error().and_then(std::error::Error::source);
            while let Some(s) = source {
                let _ = write!(
                    html,
                    "<p>caused by: <code>{}</code></p>",
                    escape(&s.to_string())
                );
                source = s.source();
            }
        }
    }
    html.push_str("</body></html>");
    let mut res = Response::new(html.into());
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
