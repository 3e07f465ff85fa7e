//! `Vary` for what the answer read.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// `Vary: HX-Request` when the answer read whether htmx asked
/// (`Cx::is_htmx`, `Cx::hx`), so that a cache does not give a fragment to a
/// browser's page load.
pub(crate) fn vary<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    _req: &Request,
    res: &mut Response,
) {
    if cx.varies_on_htmx.load(std::sync::atomic::Ordering::Relaxed) {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("hx-request"));
    }
}
