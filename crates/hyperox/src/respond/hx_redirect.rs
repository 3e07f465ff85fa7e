//! A redirect answering htmx, as `HX-Redirect`.

use crate::context::AppContext;
use crate::page::HtmxRedirect;
use http::{StatusCode, header};
use hyperox_router::{Request, Response};

/// Turns a redirect the app marked for htmx (`Partial::redirect`) into
/// `200` with `HX-Redirect` when htmx asked: htmx follows a 3xx in the
/// background and swaps the target page into the element, where the
/// browser should go there instead.
pub(crate) fn hx_redirect<S: Send + Sync + 'static>(
    _cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if res.extensions_mut().remove::<HtmxRedirect>().is_some()
        && req.headers().contains_key(super::HX_REQUEST)
        && let Some(to) = res.headers_mut().remove(header::LOCATION)
    {
        *res.status_mut() = StatusCode::OK;
        res.headers_mut().insert("hx-redirect", to);
    }
}
