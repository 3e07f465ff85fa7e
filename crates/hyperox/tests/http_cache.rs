//! The asset answers held against an independent HTTP cache
//! implementation (the `http-cache-semantics` crate, RFC 7234/9111): a
//! shared cache in front of the app must not give one client's encoding
//! to another, and must be able to revalidate what it stored.

use http::{StatusCode, header};
use http_cache_semantics::{AfterResponse, BeforeRequest, CachePolicy};
use hyperox::router::Body;
use std::time::{Duration, SystemTime};
use tower::ServiceExt;

fn request(url: &str, accept_encoding: &str) -> http::Request<Body> {
    http::Request::get(url)
        .header(header::HOST, "127.0.0.1")
        .header(header::ACCEPT_ENCODING, accept_encoding)
        .body(Body::empty())
        .unwrap()
}

fn without_body(req: &http::Request<Body>) -> http::Request<()> {
    let mut out = http::Request::new(());
    *out.method_mut() = req.method().clone();
    *out.uri_mut() = req.uri().clone();
    *out.headers_mut() = req.headers().clone();
    out
}

async fn origin(req: http::Request<Body>) -> http::Response<()> {
    let mut app = hyperox::App::new(());
    app.set_config(hyperox::Config {
        env: hyperox::Env::Production,
        secret: Some("the cache test key, thirty-two characters".into()),
        ..hyperox::Config::default()
    });
    let res = app.into_service().oneshot(req).await.unwrap();
    let (parts, _) = res.into_parts();
    http::Response::from_parts(parts, ())
}

#[tokio::test]
async fn a_shared_cache_keeps_encodings_apart_and_revalidates_what_it_stored() {
    let htmx = hyperox::assets::HTMX;
    let now = SystemTime::now();
    for url in [htmx.url.to_owned(), htmx.plain_url()] {
        // Client A takes gzip; the cache stores that answer.
        let a = request(&url, "gzip");
        let stored = origin(request(&url, "gzip")).await;
        assert_eq!(stored.status(), StatusCode::OK);
        assert_eq!(stored.headers()[header::CONTENT_ENCODING], "gzip");
        let policy = CachePolicy::new(&without_body(&a), &stored);
        assert!(policy.is_storable(), "{url}: a shared cache may store it");

        // Client B takes no encoding: the stored gzip answer does not
        // match its request (Vary: Accept-Encoding), fresh or not.
        let b = request(&url, "identity");
        match policy.before_request(&without_body(&b), now) {
            BeforeRequest::Stale { matches, .. } => {
                assert!(
                    !matches,
                    "{url}: the gzip answer was offered to a client without it"
                )
            }
            BeforeRequest::Fresh(_) => {
                panic!("{url}: the gzip answer served to a client without it")
            }
        }
        // Its own answer from the origin has another validator.
        let plain = origin(b).await;
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_ne!(
            plain.headers()[header::ETAG],
            stored.headers()[header::ETAG],
            "{url}: one strong validator for two representations"
        );

        // Client A again, once the stored answer must be revalidated:
        // the cache asks with its validator, the origin says 304, and the
        // stored body is still good.
        let later = now + Duration::from_secs(2 * 365 * 24 * 3600);
        let revalidation = match policy.before_request(&without_body(&a), later) {
            BeforeRequest::Stale { request, matches } => {
                assert!(matches, "{url}: the same client's request matches");
                request
            }
            BeforeRequest::Fresh(_) => panic!("{url}: fresh after two years"),
        };
        assert_eq!(
            revalidation.headers[header::IF_NONE_MATCH],
            stored.headers()[header::ETAG],
            "{url}: the cache revalidates with its validator"
        );
        let mut req = http::Request::from_parts(revalidation, Body::empty());
        *req.uri_mut() = url.parse().unwrap();
        let not_modified = origin(req).await;
        assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED, "{url}");
        assert!(
            not_modified.headers().get(header::CONTENT_TYPE).is_none(),
            "{url}"
        );
        match policy.after_response(&without_body(&a), &not_modified, later) {
            AfterResponse::NotModified(policy, parts) => {
                assert_eq!(parts.headers[header::CONTENT_ENCODING], "gzip", "{url}");
                assert!(policy.is_storable());
            }
            AfterResponse::Modified(..) => panic!("{url}: the cache had to fetch the body again"),
        }
    }
}
