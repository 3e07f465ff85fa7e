//! grom (gocraft/web), in hyperox's router.

use hyperox::http::{Method, StatusCode};
use hyperox::router::middleware;
use hyperox::router::test::call;
use hyperox::router::{Error, IntoResponse, Next, Request, Response, Router, SubContext};

/// The root context: made per request.
#[derive(Default)]
struct Ctx {
    user: Option<String>,
}

/// `/admin`'s context: reaches its parent's fields (through `hyperox`,
/// the derive names the router's path).
#[derive(SubContext)]
#[sub_context(crate = "hyperox::router")]
struct Child {
    #[parent]
    root: Ctx,
    level: u8,
}

async fn who(ctx: &mut Ctx, req: &mut Request, next: Next<'_, Ctx>) -> Response {
    ctx.user = req
        .headers()
        .get("x-user")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    next.run(ctx, req).await
}

async fn hello(ctx: &mut Ctx, _req: &mut Request) -> String {
    format!("hello {}", ctx.user.as_deref().unwrap_or("stranger"))
}

async fn admin(ctx: &mut Child, req: &mut Request) -> String {
    ctx.level = 2;
    format!(
        "admin of {} at {:?}, level {}",
        req.param("id").unwrap_or(""),
        req.route_pattern(),
        ctx.level
    )
}

/// `New`: a router with your context type.
#[test]
fn routers() {
    let make = Ctx::default;
    let mut router = Router::with_context(make);
    router.get("/", hello).unwrap();
    assert_eq!(
        call(&router.into_service(), "GET", "/"),
        (200, "hello stranger".into())
    );
}

/// `Router.Subrouter`: a child context under a prefix.
#[test]
fn subrouters() {
    let mut router = Router::<Ctx>::new();
    router
        .subrouter::<Child>("/admin")
        .unwrap()
        .get("/:id", admin)
        .unwrap();
    let (status, body) = call(&router.into_service(), "GET", "/admin/7");
    assert_eq!(
        (status, body.as_str()),
        (200, "admin of 7 at Some(\"/admin/:id\"), level 2")
    );
}

/// `Router.Middleware`: `async fn(&mut Ctx, &mut Request, Next)`.
#[test]
fn middleware() {
    let mut router = Router::<Ctx>::new();
    router.middleware(who);
    router.get("/", hello).unwrap();
    let svc = router.into_service();
    assert_eq!(call(&svc, "GET", "/").1, "hello stranger");
}

/// `Router.Get`: methods; a route registered twice is an error.
#[test]
fn routes() {
    let mut router = Router::<Ctx>::new();
    router.get("/a", hello).unwrap();
    router.post("/a", hello).unwrap();
    router.put("/a", hello).unwrap();
    router.delete("/a", hello).unwrap();
    router.patch("/a", hello).unwrap();
    router.head("/h", hello).unwrap();
    router.options("/o", hello).unwrap();
    router.route(Method::GET, "/b", hello).unwrap();
    let Err(twice) = router.get("/a", hello) else {
        panic!("a route registered twice is an error")
    };
    assert!(twice.to_string().contains("/a"), "{twice}");
    assert_eq!(call(&router.into_service(), "PUT", "/a").0, 200);
}

/// `Router.NotFound`: 404, and 405 with `Allow`.
#[test]
fn not_found() {
    async fn missing(_: &mut Ctx, req: &mut Request) -> Response {
        (
            StatusCode::NOT_FOUND,
            format!("no page at {}", req.uri().path()),
        )
            .into_response()
    }
    let mut router = Router::<Ctx>::new();
    router.not_found(missing);
    router.get("/", hello).unwrap();
    let svc = router.into_service();
    assert_eq!(call(&svc, "GET", "/x"), (404, "no page at /x".into()));
    assert_eq!(call(&svc, "POST", "/").0, 405);
}

/// `Router.Error`: errors and panics reach the error handler.
#[test]
fn errors() {
    async fn fails(_: &mut Ctx, _req: &mut Request) -> Result<String, std::io::Error> {
        Err(std::io::Error::other("disk full"))
    }
    async fn panics(_: &mut Ctx, _req: &mut Request) -> String {
        panic!("a bug")
    }
    async fn on_error(_: &mut Ctx, _req: &mut Request, err: Error) -> Response {
        (StatusCode::SERVICE_UNAVAILABLE, format!("sorry: {err}")).into_response()
    }
    let mut router = Router::<Ctx>::new();
    router.error_handler(on_error);
    router.get("/fails", fails).unwrap();
    router.get("/panics", panics).unwrap();
    let svc = router.into_service();
    assert_eq!(
        call(&svc, "GET", "/fails"),
        (503, "sorry: disk full".into())
    );
    assert_eq!(call(&svc, "GET", "/panics").0, 503);
    assert_eq!(call(&svc, "GET", "/fails").0, 503, "the server goes on");
}

/// `Router.OptionsHandler`.
#[test]
fn options() {
    // `allowed`: the methods registered at the path (here GET).
    async fn allow(_: &mut Ctx, _req: &mut Request, allowed: Vec<Method>) -> Response {
        format!("{} methods", allowed.len()).into_response()
    }
    let mut router = Router::<Ctx>::new();
    router.get("/", hello).unwrap();
    let plain = call(&router.into_service(), "OPTIONS", "/");
    assert_eq!(plain.0, 200);
    let mut router = Router::<Ctx>::new();
    router.options_handler(allow);
    router.get("/", hello).unwrap();
    assert_eq!(
        call(&router.into_service(), "OPTIONS", "/"),
        (200, "1 methods".into())
    );
}

/// `GET path` over a real socket to `addr`: the whole answer.
async fn get(addr: std::net::SocketAddr, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    for _ in 0..200 {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await {
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut text = String::new();
            stream.read_to_string(&mut text).await.unwrap();
            return text;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("no server at {addr}")
}

/// A free loopback address.
fn free_addr() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

/// `Router.ServeHTTP`: a tower `Service`, served by `serve`.
#[tokio::test]
async fn serving() {
    let mut router = Router::<Ctx>::new();
    router.get("/", hello).unwrap();
    let service = router.into_service();
    let addr = free_addr();
    let server = tokio::spawn(hyperox::router::serve(addr, service));
    let text = get(addr, "/").await;
    server.abort();
    assert!(
        text.starts_with("HTTP/1.1 200") && text.ends_with("hello stranger"),
        "{text}"
    );
}

/// `Request`: params and the matched route.
#[test]
fn requests() {
    async fn show(_: &mut Ctx, req: &mut Request) -> String {
        let all: Vec<String> = req.params().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "{} {:?} {:?} {}",
            req.is_routed(),
            req.route_pattern(),
            req.param("id"),
            all.join(",")
        )
    }
    let mut router = Router::<Ctx>::new();
    router.get("/users/:id", show).unwrap();
    assert_eq!(
        call(&router.into_service(), "GET", "/users/7").1,
        "true Some(\"/users/:id\") Some(\"7\") id=7"
    );
}

/// `ResponseWriter`: a handler returns its response.
#[test]
fn responses() {
    async fn created(_: &mut Ctx, _req: &mut Request) -> Response {
        (StatusCode::CREATED, "made").into_response()
    }
    let mut router = Router::<Ctx>::new();
    router.post("/", created).unwrap();
    assert_eq!(
        call(&router.into_service(), "POST", "/"),
        (201, "made".into())
    );
}

/// `LoggerMiddleware`, `ShowErrorsMiddleware`, `StaticMiddleware`.
#[tokio::test]
async fn bundled_middleware() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "static index").unwrap();
    let mut router = Router::<Ctx>::new();
    router
        .middleware(middleware::Logger)
        .middleware(middleware::ShowErrors)
        .middleware(
            middleware::StaticFiles::new(dir.path())
                .prefix("/static")
                .index("index.html"),
        );
    router.get("/", hello).unwrap();
    let addr = free_addr();
    let server = tokio::spawn(hyperox::router::serve(addr, router.into_service()));
    let file = get(addr, "/static/").await;
    let page = get(addr, "/").await;
    server.abort();
    assert!(
        file.starts_with("HTTP/1.1 200") && file.ends_with("static index"),
        "{file}"
    );
    assert!(page.ends_with("hello stranger"), "{page}");
}

/// `Router.Middleware` in an app: middleware with `Cx` and `Next`.
#[tokio::test]
async fn app_middleware() {
    use hyperox::prelude::*;
    async fn stamp(mut cx: hyperox::Cx<'_, ()>, next: hyperox::Next<'_, ()>) -> Response {
        let mut res = next.run(&mut cx).await;
        res.headers_mut().insert("x-stamp", "1".parse().unwrap());
        res
    }
    async fn home(_cx: hyperox::Cx<'_, ()>) -> Page {
        Page::new(p("home"))
    }
    let mut app = hyperox::App::new(());
    app.middleware(stamp);
    app.page("/", home).unwrap();
    let res = hyperox::test::Client::new(app).get("/").await;
    assert_eq!(res.header("x-stamp"), Some("1"));
}
