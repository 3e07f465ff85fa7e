//! `Strict-Transport-Security` when the app serves HTTPS itself.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// `Strict-Transport-Security: max-age=…` (`HYPEROX_HSTS`) on every
/// answer of an app that serves HTTPS, unless it was reached under a
/// loopback name (a browser would then refuse plain HTTP on `localhost`
/// for every other app too), or the answer set its own.
pub(crate) fn hsts<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    let seconds = cx.config().hsts_seconds;
    if !cx.shared().policy.serves_tls() || seconds == 0 {
        return;
    }
    let loopback = crate::origin::request_host(req).is_none_or(crate::origin::is_loopback_host);
    if loopback {
        return;
    }
    res.headers_mut()
        .entry(header::STRICT_TRANSPORT_SECURITY)
        .or_insert_with(|| {
            HeaderValue::try_from(format!("max-age={seconds}")).expect("digits are header text")
        });
}
