//! Contexts across three levels, middleware order, and the choice of
//! NotFound, OPTIONS and error handlers at each level.

use hyperox_router::http::{HeaderValue, Method, Request as HttpRequest, StatusCode};
use hyperox_router::{
    Body, Error, Next, NoCtxNext, Request, Response, Router, RouterService, SubContext, no_ctx,
};
use std::ops::{Deref, DerefMut};
use std::time::Duration;
use tower::ServiceExt;

#[derive(Default)]
struct App {
    trace: Vec<String>,
    user: String,
    children_made: usize,
}

struct Api {
    app: App,
    key: String,
}

struct V1 {
    api: Api,
    version: u32,
}

impl SubContext<App> for Api {
    fn from_parent(mut app: App) -> Self {
        app.children_made += 1;
        Api {
            app,
            key: String::new(),
        }
    }
    fn into_parent(self) -> App {
        self.app
    }
}

impl SubContext<Api> for V1 {
    fn from_parent(api: Api) -> Self {
        V1 { api, version: 1 }
    }
    fn into_parent(self) -> Api {
        self.api
    }
}

impl Default for Api {
    fn default() -> Self {
        Api::from_parent(App::default())
    }
}

impl Deref for Api {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}
impl DerefMut for Api {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}
impl Deref for V1 {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}
impl DerefMut for V1 {
    fn deref_mut(&mut self) -> &mut Api {
        &mut self.api
    }
}

fn tag(req: &Request) -> &'static str {
    if req.is_routed() {
        "routed"
    } else {
        "unrouted"
    }
}

async fn root1(ctx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
    ctx.trace.push(format!("root1:{}", tag(req)));
    ctx.user = "ada".into();
    let mut res = next.run(ctx, req).await;
    ctx.trace.push("root1<".into());
    let trace = ctx.trace.join(",");
    res.headers_mut()
        .insert("x-trace", HeaderValue::from_str(&trace).unwrap());
    res.headers_mut()
        .insert("x-children", ctx.children_made.into());
    res
}

async fn root2(ctx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
    ctx.trace.push("root2".into());
    // Stop the chain for one path, before routing.
    if req.uri().path() == "/stop" {
        return (StatusCode::IM_A_TEAPOT, "stopped").into_response_();
    }
    if req.uri().path() == "/panic-before-routing" {
        panic!("root middleware failed");
    }
    let res = next.run(ctx, req).await;
    ctx.trace.push("root2<".into());
    res
}

trait IntoResponseExt {
    fn into_response_(self) -> Response;
}
impl<T: hyperox_router::IntoResponse> IntoResponseExt for T {
    fn into_response_(self) -> Response {
        self.into_response()
    }
}

async fn api1(ctx: &mut Api, req: &mut Request, next: Next<'_, Api>) -> Response {
    ctx.trace.push(format!("api1:{}", tag(req)));
    ctx.key = "k".into();
    let res = next.run(ctx, req).await;
    ctx.trace.push("api1<".into());
    res
}

async fn api2(ctx: &mut Api, req: &mut Request, next: Next<'_, Api>) -> Response {
    ctx.trace.push("api2".into());
    if req.uri().path() == "/api/v1/deny" {
        return (StatusCode::FORBIDDEN, "denied").into_response_();
    }
    let res = next.run(ctx, req).await;
    ctx.trace.push("api2<".into());
    res
}

async fn v1a(ctx: &mut V1, req: &mut Request, next: Next<'_, V1>) -> Response {
    ctx.trace
        .push(format!("v1a:{}", req.route_pattern().unwrap()));
    ctx.version = 2;
    let res = next.run(ctx, req).await;
    ctx.trace.push("v1a<".into());
    res
}

async fn v1b(ctx: &mut V1, req: &mut Request, next: Next<'_, V1>) -> Response {
    ctx.trace.push("v1b".into());
    let res = next.run(ctx, req).await;
    ctx.trace.push("v1b<".into());
    res
}

async fn v1_handler(ctx: &mut V1, _req: &mut Request) -> String {
    ctx.trace.push("handler".into());
    format!("user={} key={} version={}", ctx.user, ctx.key, ctx.version)
}

async fn v1_panics(_: &mut V1, _: &mut Request) -> String {
    panic!("v1 handler failed")
}

async fn v1_errors(_: &mut V1, _: &mut Request) -> Result<String, std::io::Error> {
    Err(std::io::Error::other("disk on fire"))
}

async fn v1_slow(ctx: &mut V1, _: &mut Request) -> &'static str {
    ctx.user = "changed by a request that never finished".into();
    tokio::time::sleep(Duration::from_secs(3600)).await;
    "never"
}

async fn api_panics(_: &mut Api, _: &mut Request) -> String {
    panic!("api handler failed")
}

async fn v1_error_handler(ctx: &mut V1, _: &mut Request, err: Error) -> (StatusCode, String) {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        format!("v1 handled [{err}] version={} key={}", ctx.version, ctx.key),
    )
}

async fn root_error_handler(ctx: &mut App, _: &mut Request, err: Error) -> (StatusCode, String) {
    let kind = if err.is_panic() { "panic" } else { "error" };
    (
        StatusCode::BAD_GATEWAY,
        format!(
            "root handled {kind} [{}] user={}",
            err.panic().map_or("-", |p| &p.message),
            ctx.user
        ),
    )
}

async fn not_found(ctx: &mut App, req: &mut Request) -> (StatusCode, String) {
    (
        StatusCode::NOT_FOUND,
        format!("nothing at {} for {}", req.uri().path(), ctx.user),
    )
}

async fn options(ctx: &mut App, _: &mut Request, methods: Vec<Method>) -> String {
    let list: Vec<&str> = methods.iter().map(Method::as_str).collect();
    format!("options for {}: {}", ctx.user, list.join("|"))
}

async fn timeout(ctx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
    let res = tokio::time::timeout(Duration::from_millis(50), next.run(ctx, req)).await;
    match res {
        Ok(res) => res,
        Err(_) => (
            StatusCode::GATEWAY_TIMEOUT,
            format!("timed out; user={}", ctx.user),
        )
            .into_response_(),
    }
}

fn three_levels(root_error: bool) -> RouterService<App> {
    let mut root = Router::<App>::new();
    root.middleware(root1).middleware(root2);
    if root_error {
        root.error_handler(root_error_handler);
    }
    root.not_found(not_found).options_handler(options);
    let api = root.subrouter::<Api>("/api").unwrap();
    api.middleware(api1).middleware(api2);
    api.get("/panic", api_panics).unwrap();
    let v1 = api.subrouter::<V1>("/v1").unwrap();
    v1.middleware(v1a).middleware(v1b);
    v1.get("/hello", v1_handler)
        .unwrap()
        .post("/hello", v1_handler)
        .unwrap()
        .get("/deny", v1_handler)
        .unwrap()
        .get("/panic", v1_panics)
        .unwrap()
        .get("/error", v1_errors)
        .unwrap();
    let v1_handled = api.subrouter::<V1>("/v1h").unwrap();
    v1_handled.error_handler(v1_error_handler);
    v1_handled
        .get("/panic", v1_panics)
        .unwrap()
        .get("/error", v1_errors)
        .unwrap();
    root.into_service()
}

async fn send(svc: &RouterService<App>, method: &str, path: &str) -> (u16, String, String) {
    let req = HttpRequest::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap();
    let res = svc.clone().oneshot(req).await.unwrap();
    let status = res.status().as_u16();
    let trace = res
        .headers()
        .get("x-trace")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, trace, hyperox_router::test::body_string(res).await)
}

#[tokio::test]
async fn middleware_order_across_three_levels() {
    let svc = three_levels(true);
    let (status, trace, body) = send(&svc, "GET", "/api/v1/hello").await;
    assert_eq!(status, 200);
    assert_eq!(body, "user=ada key=k version=2");
    assert_eq!(
        trace,
        "root1:unrouted,root2,api1:routed,api2,v1a:/api/v1/hello,v1b,handler,v1b<,v1a<,api2<,api1<,root2<,root1<"
    );
}

#[tokio::test]
async fn middleware_can_stop_the_chain() {
    let svc = three_levels(true);
    let (status, trace, body) = send(&svc, "GET", "/stop").await;
    assert_eq!((status, body.as_str()), (418, "stopped"));
    assert_eq!(trace, "root1:unrouted,root2,root1<");
    let (status, trace, body) = send(&svc, "GET", "/api/v1/deny").await;
    assert_eq!((status, body.as_str()), (403, "denied"));
    assert_eq!(
        trace,
        "root1:unrouted,root2,api1:routed,api2,api1<,root2<,root1<"
    );
}

#[tokio::test]
async fn not_found_gets_root_context_and_skips_subrouter_middleware() {
    let svc = three_levels(true);
    let req = HttpRequest::get("/api/v1/nope")
        .body(Body::empty())
        .unwrap();
    let res = svc.clone().oneshot(req).await.unwrap();
    assert_eq!(
        res.headers()["x-children"],
        "0",
        "no child context is made before routing finds a route"
    );
    let trace = res.headers()["x-trace"].to_str().unwrap().to_owned();
    assert_eq!(trace, "root1:unrouted,root2,root2<,root1<");
    assert_eq!(
        hyperox_router::test::body_string(res).await,
        "nothing at /api/v1/nope for ada"
    );
}

#[tokio::test]
async fn options_runs_owning_router_middleware_then_custom_handler() {
    let svc = three_levels(true);
    let (status, trace, body) = send(&svc, "OPTIONS", "/api/v1/hello").await;
    assert_eq!(status, 200);
    assert_eq!(body, "options for ada: GET|POST");
    assert_eq!(
        trace,
        "root1:unrouted,root2,api1:routed,api2,v1a:/api/v1/hello,v1b,v1b<,v1a<,api2<,api1<,root2<,root1<"
    );
}

#[tokio::test]
async fn error_handler_nearest_to_the_target_router_with_its_own_context() {
    let svc = three_levels(true);
    // v1h has its own error handler: it gets the V1 context.
    let (status, _, body) = send(&svc, "GET", "/api/v1h/panic").await;
    assert_eq!(status, 503);
    assert!(body.starts_with("v1 handled [panicked at"), "{body}");
    assert!(
        body.ends_with("v1 handler failed] version=1 key=k"),
        "{body}"
    );
    let (status, _, body) = send(&svc, "GET", "/api/v1h/error").await;
    assert_eq!(
        (status, body.as_str()),
        (503, "v1 handled [disk on fire] version=1 key=k")
    );
    // v1 has none, api has none: the root's, with the root context.
    // The root's error handler answers as the response leaves the root
    // router, after the root middleware.
    let (status, _, body) = send(&svc, "GET", "/api/v1/panic").await;
    assert_eq!(
        (status, body.as_str()),
        (502, "root handled panic [v1 handler failed] user=ada")
    );
    let (status, _, body) = send(&svc, "GET", "/api/v1/error").await;
    assert_eq!(
        (status, body.as_str()),
        (502, "root handled error [-] user=ada")
    );
    let (status, _, body) = send(&svc, "GET", "/api/panic").await;
    assert_eq!(
        (status, body.as_str()),
        (502, "root handled panic [api handler failed] user=ada")
    );
    // Before routing: the root's.
    let (status, _, body) = send(&svc, "GET", "/panic-before-routing").await;
    assert_eq!(
        (status, body.as_str()),
        (502, "root handled panic [root middleware failed] user=ada")
    );
}

#[tokio::test]
async fn without_error_handlers_failures_are_500_application_error() {
    let svc = three_levels(false);
    for path in [
        "/api/v1/panic",
        "/api/v1/error",
        "/api/panic",
        "/panic-before-routing",
    ] {
        let (status, _, body) = send(&svc, "GET", path).await;
        assert_eq!(
            (status, body.as_str()),
            (500, "Application Error"),
            "{path}"
        );
    }
    // Middleware above a panicking handler go on and see the 500.
    let (_, trace, _) = send(&svc, "GET", "/api/v1/panic").await;
    assert!(
        trace.ends_with("v1b,v1b<,v1a<,api2<,api1<,root2<,root1<"),
        "{trace}"
    );
    // The service goes on.
    let (status, _, _) = send(&svc, "GET", "/api/v1/hello").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_panicking_error_handler_gives_500() {
    async fn bad(_: &mut App, _: &mut Request, _: Error) -> String {
        panic!("error handler failed too")
    }
    async fn boom(_: &mut App, _: &mut Request) -> String {
        panic!("boom")
    }
    let mut root = Router::<App>::new();
    root.error_handler(bad).get("/", boom).unwrap();
    let svc = root.into_service();
    let (status, _, body) = send(&svc, "GET", "/").await;
    assert_eq!((status, body.as_str()), (500, "Application Error"));
}

#[tokio::test]
async fn parent_context_is_restored_when_the_child_chain_is_dropped() {
    let mut root = Router::<App>::new();
    root.middleware(root1).middleware(timeout);
    root.subrouter::<Api>("/api")
        .unwrap()
        .subrouter::<V1>("/v1")
        .unwrap()
        .get("/slow", v1_slow)
        .unwrap();
    let svc = root.into_service();
    let (status, trace, body) = send(&svc, "GET", "/api/v1/slow").await;
    assert_eq!(status, 504);
    // The child changed `user` through its context; the parent sees it
    // although the child's chain never finished.
    assert_eq!(
        body,
        "timed out; user=changed by a request that never finished"
    );
    assert_eq!(trace, "root1:unrouted,root1<");
}

#[tokio::test]
async fn same_context_subrouter_shares_the_instance() {
    async fn set(ctx: &mut App, req: &mut Request, next: Next<'_, App>) -> Response {
        ctx.user = "from the child router".into();
        next.run(ctx, req).await
    }
    async fn show(ctx: &mut App, _: &mut Request) -> String {
        ctx.user.clone()
    }
    let mut root = Router::<App>::new();
    root.middleware(root1);
    root.subrouter::<App>("/same")
        .unwrap()
        .middleware(set)
        .get("/", show)
        .unwrap();
    let svc = root.into_service();
    let (status, _, body) = send(&svc, "GET", "/same").await;
    assert_eq!((status, body.as_str()), (200, "from the child router"));
}

#[tokio::test]
async fn generic_handlers_and_middleware() {
    async fn health(req: &mut Request) -> String {
        format!("ok {}", req.param("what").unwrap())
    }
    async fn stamp(req: &mut Request, next: NoCtxNext<'_>) -> Response {
        let mut res = next.run(req).await;
        res.headers_mut()
            .insert("x-stamp", HeaderValue::from_static("yes"));
        res
    }
    let mut root = Router::<App>::new();
    root.middleware(no_ctx(stamp));
    root.subrouter::<Api>("/api")
        .unwrap()
        .middleware(no_ctx(stamp))
        .get("/h/:what", no_ctx(health))
        .unwrap();
    let svc = root.into_service();
    let req = HttpRequest::get("/api/h/db").body(Body::empty()).unwrap();
    let res = svc.oneshot(req).await.unwrap();
    assert_eq!(
        res.headers().get_all("x-stamp").iter().count(),
        1,
        "inner insert replaced by outer insert"
    );
    assert_eq!(hyperox_router::test::body_string(res).await, "ok db");
}

#[tokio::test]
async fn context_from_a_maker() {
    struct Counter {
        start: u32,
    }
    async fn show(ctx: &mut Counter, _: &mut Request) -> String {
        ctx.start.to_string()
    }
    let mut root = Router::with_context(|| Counter { start: 41 });
    root.get("/", show).unwrap();
    let res = root
        .into_service()
        .oneshot(HttpRequest::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(hyperox_router::test::body_string(res).await, "41");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_run_concurrently_on_a_multi_thread_runtime() {
    async fn yielding(ctx: &mut V1, req: &mut Request) -> String {
        tokio::task::yield_now().await;
        format!("{}:{}", ctx.user, req.param("n").unwrap())
    }
    let mut root = Router::<App>::new();
    root.middleware(root1);
    root.subrouter::<Api>("/api")
        .unwrap()
        .subrouter::<V1>("/v1")
        .unwrap()
        .get("/n/:n", yielding)
        .unwrap();
    let svc = root.into_service();
    let mut tasks = Vec::new();
    for i in 0..500 {
        let svc = svc.clone();
        tasks.push(tokio::spawn(async move {
            let req = HttpRequest::get(format!("/api/v1/n/{i}"))
                .body(Body::empty())
                .unwrap();
            let res = svc.oneshot(req).await.unwrap();
            hyperox_router::test::body_string(res).await
        }));
    }
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.await.unwrap(), format!("ada:{i}"));
    }
}
