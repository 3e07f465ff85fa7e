//! Embedded assets: htmx, the hyperox client extension, the app's
//! stylesheet and `public/` folder, served under content-hash URLs.
//!
//! A hashed URL (`/assets/app.3f9a0c1b2d4e.js`) is cached for a year as
//! `immutable`; the plain name (`/assets/app.js`) is revalidated with its
//! ETag. Precompressed brotli and gzip copies made at build time are sent
//! to clients that accept them. In development an asset with a source file
//! is read from disk on every request, so edits show without a rebuild.

mod negotiate;

use http::{HeaderValue, Method, StatusCode, header};
use hyperox_router::{Body, Response};
use std::collections::HashMap;

pub use negotiate::{Encoding, preferred_encoding};

/// A file embedded in the binary, as written by `hyperox-build`.
#[derive(Debug)]
pub struct Asset {
    /// Its path below the assets root: `js/app.js`.
    pub name: &'static str,
    /// Its content-hash URL: `/assets/js/app.3f9a0c1b2d4e.js`.
    pub url: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its strong ETag, quoted.
    pub etag: &'static str,
    /// The file.
    pub body: &'static [u8],
    /// A gzip copy, when it is smaller.
    pub gzip: Option<&'static [u8]>,
    /// A brotli copy, when it is smaller.
    pub brotli: Option<&'static [u8]>,
    /// The source file, read instead in development when it exists.
    pub dev_path: Option<&'static str>,
}

impl Asset {
    /// The content-hash URL (the same as the `url` field).
    pub fn url(&self) -> &'static str {
        self.url
    }

    /// The URL by name, without the hash: `/assets/js/app.js`.
    pub fn plain_url(&self) -> String {
        format!("{PREFIX}/{}", self.name)
    }
}

/// Where assets are served.
pub const PREFIX: &str = "/assets";

include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// htmx, from the npm package `htmx.org` at the version recorded in
/// `assets/vendor/htmx/VERSION`.
pub static HTMX: &Asset = &builtin::HTMX_MIN_JS;

/// The hyperox client extension: CSRF header, live reload, `data-onload`
/// and error swaps.
pub static CLIENT: &Asset = &builtin::HYPEROX_JS;

/// Assets by hashed URL and by plain URL.
#[derive(Debug, Default)]
pub(crate) struct AssetIndex {
    by_url: HashMap<&'static str, &'static Asset>,
    by_name: HashMap<&'static str, &'static Asset>,
}

impl AssetIndex {
    pub(crate) fn insert(&mut self, asset: &'static Asset) {
        self.by_url.insert(asset.url, asset);
        self.by_name.insert(asset.name, asset);
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<&'static Asset> {
        self.by_name.get(name).copied()
    }

    /// The asset at `path` (below the prefix), and whether the path was
    /// the hashed one.
    pub(crate) fn find(&self, path: &str) -> Option<(&'static Asset, bool)> {
        if let Some(a) = self.by_url.get(path) {
            return Some((a, true));
        }
        let name = path.strip_prefix(PREFIX)?.strip_prefix('/')?;
        self.by_name.get(name).map(|a| (*a, false))
    }
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// The response for `asset` to `req`: 304 when the ETag matches, else the
/// best encoding the client accepts.
pub fn respond(asset: &Asset, hashed: bool, req: &http::Request<Body>) -> Response {
    let cache = if hashed { IMMUTABLE } else { REVALIDATE };
    let has_variants = asset.gzip.is_some() || asset.brotli.is_some();
    if hyperox_router::middleware::not_modified(req.headers(), asset.etag, None) {
        let mut res = status(StatusCode::NOT_MODIFIED);
        set(&mut res, header::ETAG, asset.etag);
        set(&mut res, header::CACHE_CONTROL, cache);
        if has_variants {
            set(&mut res, header::VARY, "accept-encoding");
        }
        return res;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (encoding, bytes) =
        match preferred_encoding(accept, asset.brotli.is_some(), asset.gzip.is_some()) {
            Encoding::Brotli => (Some("br"), asset.brotli.expect("offered only when present")),
            Encoding::Gzip => (Some("gzip"), asset.gzip.expect("offered only when present")),
            Encoding::Identity => (None, asset.body),
        };
    let body = if req.method() == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes::Bytes::from_static(bytes))
    };
    let mut res = Response::new(body);
    set(&mut res, header::CONTENT_TYPE, asset.content_type);
    set(&mut res, header::ETAG, asset.etag);
    set(&mut res, header::CACHE_CONTROL, cache);
    res.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    if let Some(enc) = encoding {
        set(&mut res, header::CONTENT_ENCODING, enc);
    }
    if has_variants {
        set(&mut res, header::VARY, "accept-encoding");
    }
    res
}

pub(crate) fn status(code: StatusCode) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = code;
    res
}

pub(crate) fn set(res: &mut Response, name: header::HeaderName, value: &'static str) {
    res.headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_lists_weak_and_star() {
        let matches = |given: Option<&'static str>| {
            let mut h = http::HeaderMap::new();
            if let Some(v) = given {
                h.insert(header::IF_NONE_MATCH, HeaderValue::from_static(v));
            }
            hyperox_router::middleware::not_modified(&h, "\"a\"", None)
        };
        assert!(matches(Some("\"a\"")));
        assert!(matches(Some("\"b\", W/\"a\"")));
        assert!(matches(Some("*")));
        assert!(!matches(Some("\"b\"")));
        assert!(!matches(None));
    }
}
