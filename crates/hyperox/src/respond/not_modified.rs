//! Validators the app did not write: a strong ETag for an answer that
//! holds a cached component, `HX-PTag` for htmx's polling extension, and
//! the one 304 both lead to.

use crate::context::AppContext;
use http::{HeaderValue, Method, StatusCode, header};
use hyperox_router::{Request, Response};

/// Gives the answer its validators and answers 304 when the request
/// already holds it, in this order:
///
/// - an answer that holds a cached component gets a strong ETag of its
///   bytes (and `private, no-cache` unless it says otherwise: the browser
///   keeps it and asks again each time, and a repeat costs a cached render
///   and no body), and a GET whose `If-None-Match` names it is fresh;
/// - polling tags (htmx's `hx-ptag` extension): a GET that carries
///   `HX-PTag` is answered with the tag of its answer in `HX-PTag` (its
///   ETag when it has one, else one made of its bytes), and is fresh when
///   the tag it sent is that one, so htmx leaves the element as it is;
/// - a fresh request gets an empty 304 with the validators.
pub(crate) fn not_modified<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &Request,
    res: &mut Response,
) {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return;
    }
    let mut fresh = false;
    let holds_cached = cx.holds_cached.load(std::sync::atomic::Ordering::Relaxed);
    if holds_cached
        && res.status() == StatusCode::OK
        && !res.headers().contains_key(header::ETAG)
        && let Some(bytes) = res.body().as_bytes()
    {
        let tag = tag_of(bytes);
        fresh = hyperox_router::middleware::not_modified(req.headers(), &tag, None);
        let headers = res.headers_mut();
        headers.insert(
            header::ETAG,
            HeaderValue::try_from(tag).expect("hex in quotes is a valid header"),
        );
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("private, no-cache"));
    }
    if let Some(sent) = req.headers().get(super::HX_PTAG) {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("hx-ptag"));
        let tag = match res.headers().get(header::ETAG) {
            Some(etag) => Some(etag.clone()),
            None if res.status() == StatusCode::OK => res
                .body()
                .as_bytes()
                .map(|b| HeaderValue::try_from(tag_of(b)).expect("hex in quotes")),
            None => None,
        };
        if let Some(tag) = tag {
            fresh |= *sent == tag;
            res.headers_mut().insert(super::HX_PTAG, tag);
        }
    }
    if fresh {
        hyperox_router::middleware::into_not_modified(res);
    }
}

/// A strong ETag of `bytes`: 128 bits of foldhash, quoted.
fn tag_of(bytes: &[u8]) -> String {
    use std::hash::BuildHasher;
    let seeds = (
        foldhash::quality::FixedState::with_seed(0x6879_7065_726f_7801),
        foldhash::quality::FixedState::with_seed(0x6879_7065_726f_7802),
    );
    format!(
        "\"{:016x}{:016x}\"",
        seeds.0.hash_one(bytes),
        seeds.1.hash_one(bytes)
    )
}
