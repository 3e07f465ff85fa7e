//! `#[derive(SubContext)]` three levels deep: each level reaches its
//! ancestors' fields, changes made below are seen above once `next`
//! returns, and the other fields start from their `Default`.

use hyperox_router::test::body_string;
use hyperox_router::{Next, Request, Response, Router, SubContext};
use tower::ServiceExt;

#[derive(Default)]
struct App {
    user: String,
    trail: Vec<&'static str>,
}

#[derive(SubContext)]
struct Api {
    #[parent]
    app: App,
    key: Option<String>,
}

#[derive(SubContext)]
struct V1 {
    #[parent]
    api: Api,
    calls: u32,
}

async fn who(cx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
    cx.user = "ada".into();
    let mut res = next.run(cx, req).await;
    // What the deepest level left behind.
    let trail = cx.trail.join(">");
    res.headers_mut().insert("x-trail", trail.parse().unwrap());
    res
}

async fn key(cx: &mut Api, req: &mut Request, next: Next<'_, Api>) -> Response {
    cx.key = Some("k1".into());
    cx.trail.push("api");
    next.run(cx, req).await
}

async fn widget(cx: &mut V1, _req: &mut Request) -> String {
    cx.calls += 1;
    cx.trail.push("v1");
    format!(
        "user={} key={} calls={}",
        cx.user,
        cx.key.as_deref().unwrap_or("-"),
        cx.calls
    )
}

#[tokio::test]
async fn three_levels_share_one_context() {
    let mut app = Router::<App>::new();
    app.middleware(who);
    let api = app.subrouter::<Api>("/api").unwrap();
    api.middleware(key);
    api.subrouter::<V1>("/v1")
        .unwrap()
        .get("/widget", widget)
        .unwrap();
    let res = app
        .into_service()
        .oneshot(
            hyperox_router::http::Request::get("/api/v1/widget")
                .body(hyperox_router::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.headers()["x-trail"], "api>v1");
    assert_eq!(body_string(res).await, "user=ada key=k1 calls=1");
}

#[test]
fn a_child_of_a_default_parent_is_default() {
    let v1 = V1::default();
    assert_eq!(v1.calls, 0);
    assert!(v1.key.is_none());
    assert!(v1.user.is_empty());
    let app: App = SubContext::into_parent(Api::from_parent(App {
        user: "grace".into(),
        trail: Vec::new(),
    }));
    assert_eq!(app.user, "grace");
}
