//! The cookies the request asked for.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// Sets the CSRF cookie when the request made a token, and the cookies
/// the handlers set (`Cx::set_cookie`).
pub(crate) fn cookies<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    _req: &Request,
    res: &mut Response,
) {
    let headers = res.headers_mut();
    if let Some((token, true)) = cx.csrf.get() {
        let cookie = cx.shared().signer.cookie(token).to_string();
        let value = HeaderValue::try_from(cookie).expect("a token cookie is valid header text");
        headers.append(header::SET_COOKIE, value);
    }
    for c in cx.cookies_out.drain(..) {
        headers.append(header::SET_COOKIE, c);
    }
}
