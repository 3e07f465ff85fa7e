//! Registers arbitrary patterns and matches arbitrary paths against them,
//! directly and through the whole service: nothing may panic, and a path
//! that is one of the registered static patterns must be found.
#![no_main]

use hyperox_router::test::poll_ready;
use hyperox_router::{Body, Request, Router};
use libfuzzer_sys::fuzz_target;
use tower_service::Service;

async fn pattern(_: &mut (), req: &mut Request) -> String {
    req.route_pattern().unwrap_or_default().to_owned()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Lines before a blank line are patterns, after it paths.
    let (patterns, paths) = text.split_once("\n\n").unwrap_or((text, ""));
    let mut router = Router::<()>::new();
    let mut statics = Vec::new();
    for p in patterns.lines().take(64) {
        if router.get(p, pattern).is_ok() && !p.contains(':') && !p.contains("//") {
            statics.push(p.to_owned());
        }
    }
    let svc = router.into_service();
    for path in paths.lines().take(64).chain(patterns.lines().take(64)) {
        let _ = svc.find(&http::Method::GET, path);
        let Ok(req) = http::Request::get(path).body(Body::empty()) else {
            continue;
        };
        let mut svc = svc.clone();
        let res = poll_ready(svc.call(req)).expect("infallible");
        assert!(
            res.status().as_u16() < 500,
            "{path:?} gave {}",
            res.status()
        );
    }
    for p in &statics {
        if http::Request::get(p.as_str()).body(()).is_ok() {
            let m = svc.find(&http::Method::GET, p);
            assert!(m.is_some(), "registered static pattern {p:?} is not found");
        }
    }
});
