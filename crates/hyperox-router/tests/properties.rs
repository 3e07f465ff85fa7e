//! Property tests of routing invariants.

use hyperox_router::http::Request as HttpRequest;
use hyperox_router::{Body, Request, Router, RouterService};
use proptest::prelude::*;
use tower::ServiceExt;

async fn pattern(_: &mut (), req: &mut Request) -> String {
    req.route_pattern().unwrap_or("?").to_owned()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

async fn status_and_body(svc: &RouterService<()>, path: &str) -> Option<(u16, String)> {
    let req = HttpRequest::get(path).body(Body::empty()).ok()?;
    let res = svc.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    Some((status, hyperox_router::test::body_string(res).await))
}

fn static_path() -> impl Strategy<Value = String> {
    prop::collection::vec("[a-d]{1,3}", 1..5).prop_map(|segs| format!("/{}", segs.join("/")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// No registered static route is ever lost, whatever else is in the tree.
    #[test]
    fn every_static_route_is_found(paths in prop::collection::btree_set(static_path(), 1..40)) {
        let mut router = Router::<()>::new();
        for p in &paths {
            router.get(p, pattern).unwrap();
            // Params and catch-alls beside them must not hide them.
            router.get(&format!("{p}/:x"), pattern).unwrap();
        }
        router.get("/:a/:*", pattern).unwrap();
        let svc = router.into_service();
        runtime().block_on(async {
            for p in &paths {
                let (status, body) = status_and_body(&svc, p).await.unwrap();
                prop_assert_eq!(status, 200);
                prop_assert_eq!(&body, p);
            }
            Ok(())
        })?;
    }

    /// Any path gets an answer (never a panic), and only one of the
    /// statuses routing can give.
    #[test]
    fn any_path_gets_an_answer(path in "/[a-z0-9%/:.*é-]{0,30}") {
        let mut router = Router::<()>::new();
        for p in ["/", "/a/:b", "/a/:n:[0-9]+/c", "/f/:*", "/x/y/z"] {
            router.get(p, pattern).unwrap();
        }
        router.post("/p", pattern).unwrap();
        let svc = router.into_service();
        if let Some((status, _)) = runtime().block_on(status_and_body(&svc, &path)) {
            prop_assert!([200, 400, 404, 405].contains(&status), "{} gave {}", path, status);
        }
    }

    /// Any pattern either registers or is rejected with an error naming it.
    #[test]
    fn any_pattern_registers_or_names_itself(p in "[/a:*()\\[\\]0-9+|]{0,20}") {
        let mut router = Router::<()>::new();
        if let Err(e) = router.get(&p, pattern) {
            let named = format!("`{}`", p);
            prop_assert!(e.to_string().contains(&named), "{}", e);
        }
    }
}
