//! The response pipeline: what every answer goes through after its
//! handler, one step a file, run in the order [`App::new`](crate::App::new)
//! lists them (its `steps`).
//!
//! A step sees the request and the answer so far, and the request's
//! context (what the handler read, made or asked to set); it changes the
//! answer in place. Steps are plain functions, not middleware around the
//! handler: the list costs a loop, not a future per step.

mod cookies;
mod error_page;
mod failure;
mod fill_in;
mod hsts;
mod hx_redirect;
mod noscript;
mod not_modified;
mod scan;
mod security;
#[cfg(feature = "session")]
mod session;
mod vary;

pub(crate) use cookies::cookies;
pub(crate) use error_page::error_page;
pub(crate) use failure::failure;
pub(crate) use fill_in::fill_in;
pub(crate) use hsts::hsts;
pub(crate) use hx_redirect::hx_redirect;
pub(crate) use noscript::{answer_partial, show_fragment};
pub(crate) use not_modified::not_modified;
pub(crate) use security::{headers as security_headers, security};
pub(crate) use vary::vary;

use crate::context::AppContext;
pub(crate) use crate::context::Step;
use hyperox_router::http::HeaderName;
use hyperox_router::middleware::AccessLog;
use hyperox_router::{Next, Request, Response};

/// `HX-Request`, made once: a name given as `&str` is parsed and checked
/// at every lookup, and the steps look for this one on every answer.
pub(crate) const HX_REQUEST: HeaderName = HeaderName::from_static("hx-request");
/// `HX-PTag`, the tag of the partial htmx has (see `not_modified`).
pub(crate) const HX_PTAG: HeaderName = HeaderName::from_static("hx-ptag");

/// Runs the request checks, then the handler (and the middleware below),
/// turns a failure into its answer (a rejection's own, else a 500), saves
/// the session it changed, then runs the app's steps in their order, and
/// writes the access log's line: so that the steps and the log see the
/// answer the client gets, not a failure's placeholder. The checks and
/// the log are here rather than middleware of their own: two futures
/// (and their boxes) a request fewer.
pub(crate) async fn respond<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
    next: Next<'_, AppContext<S>>,
) -> Response {
    let line = AccessLog::begin(req);
    let mut res = crate::builtin::request_checks(cx, req, next).await;
    if let Some(err) = hyperox_router::take_pending_error(&mut res) {
        res = failure(cx, req, err);
    }
    // Boxed, and only for a request that opened a session: waiting on a
    // store would otherwise make every answer's future as large as its
    // (about 1.3 KiB, moved into the box the router makes of it).
    #[cfg(feature = "session")]
    if cx.session.is_some() {
        Box::pin(session::save(cx, &mut res)).await;
    }
    for i in 0..cx.shared().steps.len() {
        let step = cx.shared().steps[i];
        step(cx, req, &mut res);
    }
    if let Some(line) = line {
        line.finish(&res);
    }
    res
}
