//! A custom OPTIONS handler keeps the headers middleware added, a root
//! made with `with_context` has groups and subrouters with child
//! contexts, error handlers without a context, and panic reports that
//! name the request.

use hyperox_router::http::{Method, Request as HttpRequest, StatusCode};
use hyperox_router::test::body_string;
use hyperox_router::{
    Body, Error, Next, NoCtxNext, Request, Response, Router, RouterService, SubContext, no_ctx,
};
use tower::ServiceExt;

async fn send<C: Send + 'static>(svc: &RouterService<C>, req: HttpRequest<Body>) -> Response {
    svc.clone().oneshot(req).await.unwrap()
}

async fn cors(req: &mut Request, next: NoCtxNext<'_>) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        "access-control-allow-origin",
        "https://app.example".parse().unwrap(),
    );
    res
}

async fn item(_: &mut (), _: &mut Request) -> &'static str {
    "item"
}

async fn options(_: &mut (), _: &mut Request, methods: Vec<Method>) -> Response {
    let mut res = Response::new(Body::empty());
    *res.status_mut() = StatusCode::NO_CONTENT;
    let allow: Vec<&str> = methods.iter().map(Method::as_str).collect();
    res.headers_mut()
        .insert("allow", allow.join(", ").parse().unwrap());
    res
}

#[tokio::test]
async fn a_custom_options_answer_keeps_the_middleware_headers() {
    let mut app = Router::<()>::new();
    app.middleware(no_ctx(cors))
        .options_handler(options)
        .get("/items/:id", item)
        .unwrap()
        .delete("/items/:id", item)
        .unwrap();
    let svc = app.into_service();
    let res = send(
        &svc,
        HttpRequest::builder()
            .method(Method::OPTIONS)
            .uri("/items/3")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT, "the handler's status");
    assert_eq!(res.headers()["allow"], "GET, DELETE");
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://app.example",
        "the middleware's header survives"
    );
}

struct Db {
    name: &'static str,
    seen: Vec<&'static str>,
}

async fn admin_only(cx: &mut Db, req: &mut Request, next: Next<'_, Db>) -> Response {
    cx.seen.push("admin");
    next.run(cx, req).await
}

async fn users(cx: &mut Db, _: &mut Request) -> String {
    format!("{} {:?}", cx.name, cx.seen)
}

#[tokio::test]
async fn a_root_without_default_has_groups() {
    let mut app = Router::with_context(|| Db {
        name: "main",
        seen: Vec::new(),
    });
    app.get("/", users).unwrap();
    let admin = app.group("/admin").unwrap();
    admin.middleware(admin_only).get("/users", users).unwrap();
    admin.group("/deep").unwrap().get("/users", users).unwrap();
    let svc = app.into_service();
    let get = |p: &str| HttpRequest::get(p).body(Body::empty()).unwrap();
    assert_eq!(body_string(send(&svc, get("/")).await).await, "main []");
    assert_eq!(
        body_string(send(&svc, get("/admin/users")).await).await,
        r#"main ["admin"]"#
    );
    assert_eq!(
        body_string(send(&svc, get("/admin/deep/users")).await).await,
        r#"main ["admin"]"#,
        "a group inside a group runs the outer group's middleware"
    );
}

/// A child context of `Db`, which has no `Default`.
struct Admin {
    db: Db,
    checked: bool,
}

impl SubContext<Db> for Admin {
    fn from_parent(db: Db) -> Self {
        Admin { db, checked: false }
    }
    fn into_parent(self) -> Db {
        self.db
    }
}

/// A grandchild, to show the stand-in reaches every level.
struct Audit {
    admin: Admin,
}

impl SubContext<Admin> for Audit {
    fn from_parent(admin: Admin) -> Self {
        Audit { admin }
    }
    fn into_parent(self) -> Admin {
        self.admin
    }
}

async fn check(cx: &mut Admin, req: &mut Request, next: Next<'_, Admin>) -> Response {
    cx.checked = true;
    cx.db.seen.push("checked");
    next.run(cx, req).await
}

async fn panel(cx: &mut Admin, _: &mut Request) -> String {
    format!("{} {} {:?}", cx.db.name, cx.checked, cx.db.seen)
}

async fn audit(cx: &mut Audit, _: &mut Request) -> String {
    format!("audit {} {}", cx.admin.db.name, cx.admin.checked)
}

/// The root's middleware sees what the child changed.
async fn after(cx: &mut Db, req: &mut Request, next: Next<'_, Db>) -> Response {
    let mut res = next.run(cx, req).await;
    let seen = cx.seen.join(",");
    res.headers_mut().insert(
        "x-seen",
        hyperox_router::http::HeaderValue::from_str(&seen).unwrap(),
    );
    res
}

#[tokio::test]
async fn a_root_without_default_has_subrouters_with_child_contexts() {
    let mut app = Router::with_context(|| Db {
        name: "main",
        seen: Vec::new(),
    });
    app.middleware(after);
    let admin = app.subrouter::<Admin>("/admin").unwrap();
    admin.middleware(check).get("/", panel).unwrap();
    admin
        .subrouter::<Audit>("/audit")
        .unwrap()
        .get("/", audit)
        .unwrap();
    let svc = app.into_service();
    let get = |p: &str| HttpRequest::get(p).body(Body::empty()).unwrap();
    let res = send(&svc, get("/admin")).await;
    assert_eq!(
        res.headers()["x-seen"],
        "checked",
        "the parent sees the child's change"
    );
    assert_eq!(body_string(res).await, r#"main true ["checked"]"#);
    assert_eq!(
        body_string(send(&svc, get("/admin/audit")).await).await,
        "audit main true"
    );
}

async fn boom(_: &mut (), _: &mut Request) -> &'static str {
    panic!("the handler broke")
}

async fn report(req: &mut Request, err: Error) -> Response {
    let p = err.panic().expect("a panic");
    let text = format!(
        "{} {} {} {}",
        p.method.as_ref().map_or("?", Method::as_str),
        p.path.as_deref().unwrap_or("?"),
        req.uri().path(),
        p.message
    );
    let mut res = Response::new(Body::from(text));
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res
}

#[tokio::test]
async fn error_handlers_need_no_context_and_panics_name_the_request() {
    let mut app = Router::<()>::new();
    app.error_handler(no_ctx(report));
    app.post("/crash/:n", boom).unwrap();
    let svc = app.into_service();
    let res = send(
        &svc,
        HttpRequest::post("/crash/7").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body_string(res).await,
        "POST /crash/7 /crash/7 the handler broke"
    );
}
