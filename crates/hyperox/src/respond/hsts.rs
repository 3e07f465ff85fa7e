//! `Strict-Transport-Security` on answers to requests made over HTTPS.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// `Strict-Transport-Security: max-age=…` (`HYPEROX_HSTS`) on every
/// answer to a request made over HTTPS (to the app's own TLS, or to a
/// trusted proxy that forwards `proto=https`), unless it was reached under a
/// loopback name (a browser would then refuse plain HTTP on `localhost`
/// for every other app too), or the answer set its own.
pub(crate) fn hsts<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    let seconds = cx.config().hsts_seconds;
    if seconds == 0 || !cx.shared().policy.may_be_https() {
        return;
    }
    let (https, host) = cx.shared().policy.target(req);
    if !https {
        return;
    }
    let loopback = host.is_none_or(crate::origin::is_loopback_host);
    if loopback {
        return;
    }
    res.headers_mut()
        .entry(header::STRICT_TRANSPORT_SECURITY)
        .or_insert_with(|| {
            HeaderValue::try_from(format!("max-age={seconds}")).expect("digits are header text")
        });
}
