//! The app layer with routes registered by hand (no build step): the
//! request context, pages and partials, method restrictions, CSRF, errors
//! and the embedded assets' headers.

use http::{Method, StatusCode, header};
use hyperox::html::htmx::HxResponse;
use hyperox::prelude::*;
use hyperox::router::test::body_string;
use hyperox::router::{Body, RouterService};
use hyperox::{App, AppContext, Config, Env, Next};
use std::io::Read;
use tower::ServiceExt;

struct State {
    greeting: &'static str,
}

#[derive(Clone)]
struct User(&'static str);

#[derive(serde::Deserialize)]
struct Search {
    q: String,
    page: Option<u32>,
}

#[derive(serde::Deserialize)]
struct Signup {
    name: String,
    age: u8,
}

async fn index(mut cx: Cx<'_, State>) -> Page {
    let user = cx.get::<User>().map_or("anonymous", |u| u.0);
    cx.insert(Seen(user));
    let greeting = cx.state().greeting;
    let head = cx.head();
    Page::new(html((head_(head), body(p(textf!("{greeting}, {user}"))))))
}

fn head_(n: impl Node) -> impl Node {
    head(n)
}

async fn user_page(cx: Cx<'_, State>) -> hyperox::Result<Partial> {
    let id: u32 = cx.param_as("id")?;
    let search: Search = cx.query()?;
    Ok(Partial::new(textf!(
        "user {id} q={} page={} raw={} cookie={} hx={} target={}",
        search.q,
        search.page.unwrap_or(1),
        cx.query_value("q").unwrap_or_default(),
        cx.cookie("theme").unwrap_or_else(|| "-".into()),
        cx.is_htmx(),
        cx.hx().target.unwrap_or_default(),
    )))
}

async fn save(mut cx: Cx<'_, State>) -> hyperox::Result<Partial> {
    let name = cx.form_value("name").await?.unwrap_or_default();
    Ok(Partial::new(textf!("saved {name}"))
        .status(StatusCode::CREATED)
        .hx(HxResponse::new().trigger("saved")))
}

async fn signup(mut cx: Cx<'_, State>) -> hyperox::Result<Partial> {
    let s: Signup = cx.form().await?;
    Ok(Partial::new(textf!("{} is {}", s.name, s.age)))
}

async fn go(_cx: Cx<'_, State>) -> Partial {
    Partial::redirect("/done")
}

async fn crash(_cx: Cx<'_, State>) -> Partial {
    panic!("the handler broke")
}

async fn failing(_cx: Cx<'_, State>) -> hyperox::Result<Partial> {
    Err("the database is gone".into())
}

/// Sets a per-request value the page reads, and a header on the way out
/// that reads what the page left.
async fn set_user(mut cx: Cx<'_, State>, next: Next<'_, State>) -> Response {
    if cx.headers().contains_key("x-user") {
        cx.insert(User("ada"));
    }
    let mut res = next.run(&mut cx).await;
    if let Some(seen) = cx.get::<Seen>() {
        res.headers_mut()
            .insert("x-seen", seen.0.to_string().parse().unwrap());
    }
    res
}

/// What the page saw, read back by the middleware.
#[derive(Clone)]
struct Seen(&'static str);

fn app(env: Env) -> RouterService<AppContext<State>> {
    let mut app = App::new(State { greeting: "Hello" });
    app.set_config(Config {
        env,
        secret: Some(SECRET.into()),
        ..Config::default()
    });
    app.middleware(set_user);
    app.page("/", index).unwrap();
    app.page("/users/:id", user_page).unwrap();
    app.page("/go", go).unwrap();
    app.page("/crash", crash).unwrap();
    app.page("/failing", failing).unwrap();
    app.route(Method::POST, "/_partials/save", save).unwrap();
    app.route(Method::PUT, "/_partials/save", save).unwrap();
    app.route(Method::POST, "/_partials/signup", signup)
        .unwrap();
    app.into_service()
}

fn get(uri: &str) -> http::request::Builder {
    http::Request::get(uri)
}

async fn send(svc: &RouterService<AppContext<State>>, req: http::Request<Body>) -> Response {
    svc.clone().oneshot(req).await.unwrap()
}

/// The key test apps sign CSRF tokens with.
const SECRET: &str = "the test key, thirty-two characters or more";

/// A CSRF token the test apps accept.
static TOKEN: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    hyperox::csrf::token(&hyperox::Config {
        secret: Some(SECRET.into()),
        ..hyperox::Config::default()
    })
    .unwrap()
});

/// A state-changing request that passes the CSRF check.
fn post(uri: &str) -> http::request::Builder {
    http::Request::post(uri)
        .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
        .header("x-csrf-token", &*TOKEN)
        .header("sec-fetch-site", "same-origin")
        .header("hx-request", "true")
}

fn form(b: http::request::Builder, body: impl Into<Body>) -> http::Request<Body> {
    b.header("content-type", "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn pages_have_a_doctype_head_tags_and_a_csrf_cookie() {
    let svc = app(Env::Production);
    let res = send(
        &svc,
        get("/").header("x-user", "1").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["x-seen"],
        "ada",
        "the middleware set a value the page read, and read what the page left"
    );
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let cookie = res.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("hyperox_csrf="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let token = cookie["hyperox_csrf=".len()..].split(';').next().unwrap();
    let body = body_string(res).await;
    assert!(body.starts_with("<!DOCTYPE html><html><head>"), "{body}");
    assert!(
        body.contains(&format!(r#"<meta name="csrf-token" content="{token}">"#)),
        "{body}"
    );
    assert!(body.contains(hyperox::assets::HTMX.url) && body.contains(hyperox::assets::CLIENT.url));
    assert!(!body.contains("livereload"), "no live reload in production");
    assert!(
        body.contains("<p>Hello, ada</p>"),
        "per-request value from middleware: {body}"
    );

    // A client that has a token keeps it.
    let res = send(
        &svc,
        get("/")
            .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    assert!(body_string(res).await.contains(&*TOKEN));
}

#[tokio::test]
async fn development_pages_listen_for_live_reload() {
    let svc = app(Env::Development);
    let body = body_string(send(&svc, get("/").body(Body::empty()).unwrap()).await).await;
    assert!(body.contains(r#"<meta name="hyperox-livereload" content="/_hyperox/livereload">"#));
    let res = send(
        &svc,
        get("/_hyperox/livereload").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();
    let frame = http_body_util::BodyExt::frame(&mut body)
        .await
        .unwrap()
        .unwrap();
    let data = frame.into_data().unwrap();
    assert!(
        data.starts_with(b"data: ") && data.ends_with(b"\n\n"),
        "{data:?}"
    );
}

#[tokio::test]
async fn the_context_reads_params_query_cookies_and_htmx_headers() {
    let svc = app(Env::Production);
    let req = get("/users/7?q=caf%C3%A9+au+lait&page=2")
        .header("cookie", "theme=dark")
        .header("hx-request", "true")
        .header("hx-target", "#main")
        .body(Body::empty())
        .unwrap();
    let res = send(&svc, req).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()[header::VARY],
        "hx-request",
        "an answer that read HX-Request says it varies on it"
    );
    let body = body_string(res).await;
    assert_eq!(
        body,
        "user 7 q=café au lait page=2 raw=café au lait cookie=dark hx=true target=#main"
    );
    assert!(!body.contains("DOCTYPE"));

    // A param that does not parse is a 404; a query that does not fit a 400.
    let res = send(&svc, get("/users/seven?q=x").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), 404);
    let res = send(&svc, get("/users/7?page=two").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), 400);
    assert!(body_string(res).await.contains("invalid query string"));
}

#[tokio::test]
async fn forms_by_name_and_as_serde_types() {
    let svc = app(Env::Production);
    let res = send(&svc, form(post("/_partials/save"), "name=Ada+L%C3%B6w")).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["hx-trigger"], "saved");
    assert_eq!(body_string(res).await, "saved Ada Löw");

    let res = send(&svc, form(post("/_partials/signup"), "name=Ada&age=36")).await;
    assert_eq!(body_string(res).await, "Ada is 36");
    let res = send(&svc, form(post("/_partials/signup"), "name=Ada&age=old")).await;
    assert_eq!(res.status(), 400);
    assert!(body_string(res).await.contains("invalid form"));
    let res = send(
        &svc,
        post("/_partials/signup")
            .header("content-type", "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn partials_answer_only_their_methods() {
    let svc = app(Env::Production);
    let res = send(&svc, get("/_partials/save").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()[header::ALLOW], "POST, PUT");
    let res = send(
        &svc,
        form(post("/_partials/save").method(Method::PUT), "name=x"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = send(
        &svc,
        form(post("/_partials/signup").method(Method::DELETE), ""),
    )
    .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()[header::ALLOW], "POST");
}

#[tokio::test]
async fn csrf_refuses_cross_site_and_tokenless_requests() {
    let svc = app(Env::Production);
    let cases: Vec<(&str, http::Request<Body>, StatusCode, &str)> = vec![
        (
            "no cookie, no token",
            form(http::Request::post("/_partials/save"), "name=x"),
            StatusCode::FORBIDDEN,
            "CSRF token missing",
        ),
        (
            "cookie but no token",
            form(
                http::Request::post("/_partials/save")
                    .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN)),
                "name=x",
            ),
            StatusCode::FORBIDDEN,
            "CSRF token missing",
        ),
        (
            "token that does not match",
            form(
                http::Request::post("/_partials/save")
                    .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
                    .header("x-csrf-token", TOKEN.replace('0', "1")),
                "name=x",
            ),
            StatusCode::FORBIDDEN,
            "does not match",
        ),
        (
            "cross-site fetch metadata",
            form(
                post("/_partials/save").header("sec-fetch-site", "cross-site"),
                "name=x",
            ),
            StatusCode::FORBIDDEN,
            "cross-site",
        ),
        (
            "foreign origin",
            form(
                post("/_partials/save")
                    .header("host", "127.0.0.1:3000")
                    .header("origin", "https://evil.example"),
                "name=x",
            ),
            StatusCode::FORBIDDEN,
            "cross-origin",
        ),
        (
            "own host under another scheme",
            form(
                post("/_partials/save")
                    .header("host", "127.0.0.1:3000")
                    .header("origin", "https://127.0.0.1:3000"),
                "name=x",
            ),
            StatusCode::FORBIDDEN,
            "cross-origin",
        ),
        (
            "a host the app does not serve (DNS rebinding)",
            form(
                post("/_partials/save")
                    .header("host", "evil.example:3000")
                    .header("origin", "http://evil.example:3000"),
                "name=x",
            ),
            StatusCode::MISDIRECTED_REQUEST,
            "does not serve the host",
        ),
        (
            "a planted cookie the app did not sign, no Origin or fetch metadata",
            form(
                http::Request::post("/_partials/save").header("cookie", "hyperox_csrf=X"),
                "name=x&_csrf=X",
            ),
            StatusCode::FORBIDDEN,
            "not one this site issued",
        ),
        (
            "same origin with the header token",
            form(
                post("/_partials/save")
                    .header("host", "localhost:3000")
                    .header("origin", "http://localhost:3000"),
                "name=x",
            ),
            StatusCode::CREATED,
            "saved x",
        ),
        (
            "form field token without JavaScript",
            form(
                http::Request::post("/_partials/save")
                    .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN)),
                format!("name=y&_csrf={}", &*TOKEN),
            ),
            StatusCode::CREATED,
            "saved y",
        ),
    ];
    for (name, req, status, text) in cases {
        let res = send(&svc, req).await;
        assert_eq!(res.status(), status, "{name}");
        let body = body_string(res).await;
        assert!(body.contains(text), "{name}: {body}");
    }
}

#[tokio::test]
async fn redirects_know_htmx() {
    let svc = app(Env::Production);
    let res = send(&svc, get("/go").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/done");
    let res = send(
        &svc,
        get("/go")
            .header("hx-request", "true")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["hx-redirect"], "/done");
}

#[tokio::test]
async fn errors_are_500_with_details_only_in_development() {
    for (env, detail) in [(Env::Production, false), (Env::Development, true)] {
        let svc = app(env);
        for (path, text) in [
            ("/crash", "the handler broke"),
            ("/failing", "the database is gone"),
        ] {
            let res = send(&svc, get(path).body(Body::empty()).unwrap()).await;
            assert_eq!(res.status(), 500, "{path}");
            let body = body_string(res).await;
            assert!(body.starts_with("Application Error"), "{body}");
            assert_eq!(body.contains(text), detail, "{env:?} {path}: {body}");
        }
        // The app goes on.
        let res = send(&svc, get("/").body(Body::empty()).unwrap()).await;
        assert_eq!(res.status(), 200);
    }
}

fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => {
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .unwrap();
        }
        "br" => {
            brotli_decompress(bytes, &mut out);
        }
        _ => out.extend_from_slice(bytes),
    }
    out
}

fn brotli_decompress(bytes: &[u8], out: &mut Vec<u8>) {
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(out)
        .unwrap();
}

#[tokio::test]
async fn assets_have_immutable_hashed_urls_etags_and_encodings() {
    let svc = app(Env::Production);
    let htmx = hyperox::assets::HTMX;
    assert!(htmx.url.starts_with("/assets/htmx.min.") && htmx.url.ends_with(".js"));

    let mut etag = None;
    for enc in ["br", "gzip", "identity"] {
        let res = send(
            &svc,
            get(htmx.url)
                .header("accept-encoding", enc)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(res.status(), 200, "{enc}");
        let h = res.headers();
        assert_eq!(h[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
        assert_eq!(
            h[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(h[header::VARY], "accept-encoding");
        let got = h
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(got.as_deref(), (enc != "identity").then_some(enc));
        etag = Some(h[header::ETAG].clone());
        let len: usize = h[header::CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
        let bytes = res.into_body().collect_bytes().await.unwrap();
        assert_eq!(bytes.len(), len);
        if enc != "identity" {
            assert!(bytes.len() < htmx.body.len() / 2, "{enc} is compressed");
        }
        assert_eq!(decode(enc, &bytes), htmx.body, "{enc} decodes to the file");
    }

    // Revalidation: 304 for the ETag, on the hashed and the plain URL.
    let etag = etag.unwrap();
    for url in [htmx.url.to_owned(), htmx.plain_url()] {
        let res = send(
            &svc,
            get(&url)
                .header("if-none-match", etag.clone())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{url}");
        assert_eq!(body_string(res).await, "");
    }
    let res = send(&svc, get(&htmx.plain_url()).body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");

    // HEAD has the headers and no body; unknown assets are 404.
    let res = send(
        &svc,
        http::Request::head(htmx.url).body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(body_string(res).await, "");
    let res = send(
        &svc,
        get("/assets/htmx.min.000000000000.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), 404);
}

#[test]
fn htmx_is_the_pinned_npm_file() {
    use sha2::Digest;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/vendor/htmx");
    let sums = std::fs::read_to_string(format!("{dir}/SHA256SUMS")).unwrap();
    let version = std::fs::read_to_string(format!("{dir}/VERSION")).unwrap();
    assert!(
        version.contains("package: htmx.org") && version.contains("version: 4.0."),
        "{version}"
    );
    for line in sums.lines() {
        let (sum, file) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(format!("{dir}/{file}")).unwrap();
        let hex: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, sum, "{file} differs from the recorded checksum");
        if file == "htmx.min.js" {
            assert_eq!(
                bytes,
                hyperox::assets::HTMX.body,
                "the embedded htmx is the recorded file"
            );
        }
    }
}

mod head_tags {
    use hyperox::App;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn forgot(_cx: Cx<'_, ()>) -> Page {
        Page::new(html((head(title("No tags")), body(h1("Hi")))))
    }

    async fn no_head(_cx: Cx<'_, ()>) -> Page {
        Page::new(html(body(h1("Hi"))))
    }

    async fn has(cx: Cx<'_, ()>) -> Page {
        Page::new(html((head((title("Tags"), cx.head())), body(h1("Hi")))))
    }

    async fn fragment(_cx: Cx<'_, ()>) -> Partial {
        Partial::new(p("a fragment"))
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/forgot", forgot).unwrap();
        app.page("/no-head", no_head).unwrap();
        app.page("/has", has).unwrap();
        app.page("/fragment", fragment).unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_page_that_forgot_its_head_tags_gets_them() {
        let client = client();
        let page = client.get("/forgot").await;
        let text = page.text();
        assert!(
            text.starts_with(r#"<!DOCTYPE html><html><head><meta name="csrf-token" content=""#),
            "{text}"
        );
        assert!(text.contains("<title>No tags</title>"), "{text}");
        assert!(text.contains("<script src=\"/assets/htmx."), "{text}");
        // Its token is the client's: the cookie that goes with it is set.
        let token = client.csrf_token().expect("a token cookie");
        assert!(text.contains(&token), "{text}");

        let page = client.get("/no-head").await;
        assert!(
            page.text()
                .starts_with(r#"<!DOCTYPE html><html><head><meta name="csrf-token""#),
            "{}",
            page.text()
        );
        assert!(
            page.text().contains("</head><body><h1>Hi</h1>"),
            "{}",
            page.text()
        );
    }

    #[tokio::test]
    async fn a_page_with_its_tags_and_a_fragment_are_left_alone() {
        let client = client();
        let page = client.get("/has").await;
        assert_eq!(
            page.text().matches(r#"name="csrf-token""#).count(),
            1,
            "{}",
            page.text()
        );
        let part = client.get("/fragment").htmx().await;
        assert_eq!(part.text(), "<p>a fragment</p>");
    }
}

mod error_pages {
    use hyperox::prelude::*;
    use hyperox::test::Client;
    use hyperox::{App, Rejection};

    async fn missing(_cx: Cx<'_, ()>) -> Result<Page, Rejection> {
        Err(Rejection::not_found("No such todo: <42>"))
    }

    async fn boom(_cx: Cx<'_, ()>) -> Page {
        panic!("the handler fell over")
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/todos/42", missing).unwrap();
        app.page("/boom", boom).unwrap();
        Client::new(app)
    }

    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    #[tokio::test]
    async fn a_browser_gets_a_styled_page_with_the_status_and_message() {
        let client = client();
        let res = client.get("/todos/42").header("accept", BROWSER).await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
        let text = res.text();
        assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
        assert!(text.contains("<title>404 Not Found</title>"), "{text}");
        assert!(text.contains("<h1>No such todo: &lt;42&gt;</h1>"), "{text}");
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert!(res.header("content-security-policy").is_some());

        for (path, status) in [("/nowhere", 404), ("/boom", 500)] {
            let res = client.get(path).header("accept", BROWSER).await;
            assert_eq!(res.status(), status, "{path}");
            assert!(
                res.text().contains(&format!("<title>{status} ")),
                "{path}: {}",
                res.text()
            );
        }
        let res = client.post("/todos/42").header("accept", BROWSER).await;
        assert_eq!(res.status(), 405);
        assert!(
            res.text().contains("<title>405 Method Not Allowed</title>"),
            "{}",
            res.text()
        );
    }

    #[tokio::test]
    async fn htmx_and_api_clients_keep_the_plain_message() {
        let client = client();
        let res = client
            .get("/todos/42")
            .htmx()
            .header("accept", BROWSER)
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.text(), "No such todo: <42>");
        let res = client
            .get("/todos/42")
            .header("accept", "application/json")
            .await;
        assert_eq!(res.text(), "No such todo: <42>");
    }
}

mod csrf_fields {
    use hyperox::App;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn forms(_cx: Cx<'_, ()>) -> Page {
        Page::new(html(body((
            form((
                attr("method", "post"),
                attr("action", "/toggle"),
                button("Toggle"),
            )),
            form((attr("method", "POST"), button("Here"))),
            form((
                attr("method", "get"),
                attr("action", "/search"),
                input(name("q")),
            )),
            form((
                attr("method", "post"),
                attr("action", "https://elsewhere.example/x"),
            )),
            form((
                attr("method", "post"),
                attr("action", "//elsewhere.example/x"),
            )),
            form((
                attr("method", "post"),
                attr("action", "/\\elsewhere.example/x"),
            )),
        ))))
    }

    async fn has_field(cx: Cx<'_, ()>) -> Page {
        Page::new(html(body(form((
            attr("method", "post"),
            attr("action", "/toggle"),
            cx.csrf_field(),
        )))))
    }

    async fn toggle(_cx: Cx<'_, ()>) -> Partial {
        Partial::new("toggled")
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/", forms).unwrap();
        app.page("/has", has_field).unwrap();
        app.route(hyperox::http::Method::POST, "/toggle", toggle)
            .unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_form_that_posts_here_gets_its_field_and_others_do_not() {
        let client = client();
        let page = client.get("/").await;
        let text = page.text();
        let token = client.csrf_token().expect("a token");
        let field = format!(r#"<input type="hidden" name="_csrf" value="{token}">"#);
        assert!(
            text.contains(&format!(
                r#"<form method="post" action="/toggle">{field}<button>"#
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(r#"<form method="POST">{field}"#)),
            "{text}"
        );
        assert_eq!(text.matches(r#"name="_csrf""#).count(), 2, "{text}");
        // The field works: the form posts without JavaScript.
        let posted = client
            .post("/toggle")
            .without_csrf()
            .body(
                "application/x-www-form-urlencoded",
                format!("_csrf={token}"),
            )
            .header("origin", "http://localhost")
            .await;
        assert_eq!(posted.status(), 200, "{}", posted.text());
    }

    #[tokio::test]
    async fn a_form_with_its_field_is_left_alone() {
        let client = client();
        let page = client.get("/has").await;
        assert_eq!(
            page.text().matches(r#"name="_csrf""#).count(),
            1,
            "{}",
            page.text()
        );
    }
}

mod polling_tags {
    use hyperox::App;
    use hyperox::html::htmx;
    use hyperox::prelude::*;
    use hyperox::test::Client;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    type State = Arc<AtomicUsize>;

    async fn poller(cx: Cx<'_, State>) -> Page {
        Page::new(html((
            head((title("Poll"), cx.head())),
            body(div((htmx::get("/news"), htmx::ptag("0")))),
        )))
    }

    async fn plain(cx: Cx<'_, State>) -> Page {
        Page::new(html((
            head((title("Plain"), cx.head())),
            body(p("no polling")),
        )))
    }

    async fn news(cx: Cx<'_, State>) -> Partial {
        Partial::new(p(format!("edition {}", cx.state().load(Ordering::SeqCst))))
    }

    fn client() -> (Client<State>, State) {
        let edition = Arc::new(AtomicUsize::new(1));
        let mut app = App::new(edition.clone());
        app.page("/", poller).unwrap();
        app.page("/plain", plain).unwrap();
        app.page("/news", news).unwrap();
        (Client::new(app), edition)
    }

    #[tokio::test]
    async fn a_page_loads_the_extensions_it_uses_and_no_other() {
        let (client, _) = client();
        let page = client.get("/").await;
        let ptag = hyperox::assets::PTAG.url;
        let text = page.text();
        assert!(
            text.contains(&format!("<script src=\"{ptag}\"></script></head>")),
            "{text}"
        );
        assert!(!client.get("/plain").await.text().contains(ptag));
        assert_eq!(client.get(ptag).await.status(), 200);
    }

    #[tokio::test]
    async fn an_unchanged_poll_is_a_304_and_a_changed_one_the_new_answer() {
        let (client, edition) = client();
        let first = client
            .get("/news")
            .htmx()
            .header("HX-PTag", "0")
            .send()
            .await;
        assert_eq!(first.status(), 200);
        assert_eq!(first.text(), "<p>edition 1</p>");
        let tag = first
            .header("hx-ptag")
            .expect("the answer's tag")
            .to_owned();
        assert!(first.header("vary").unwrap_or("").contains("hx-ptag"));

        let again = client
            .get("/news")
            .htmx()
            .header("HX-PTag", &tag)
            .send()
            .await;
        assert_eq!(again.status(), 304);
        assert_eq!(again.text(), "");
        assert_eq!(again.header("hx-ptag"), Some(tag.as_str()));

        edition.store(2, Ordering::SeqCst);
        let changed = client
            .get("/news")
            .htmx()
            .header("HX-PTag", &tag)
            .send()
            .await;
        assert_eq!(changed.status(), 200);
        assert_eq!(changed.text(), "<p>edition 2</p>");
        assert_ne!(changed.header("hx-ptag"), Some(tag.as_str()));

        // A request without a tag gets no tag.
        assert!(
            client
                .get("/news")
                .htmx()
                .send()
                .await
                .header("hx-ptag")
                .is_none()
        );
    }
}

mod method_override {
    use hyperox::App;
    use hyperox::http::Method;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn remove(cx: Cx<'_, ()>) -> Partial {
        Partial::new(format!(
            "deleted, query {}",
            cx.uri().query().unwrap_or("none")
        ))
    }

    async fn home(cx: Cx<'_, ()>) -> Page {
        Page::new(html((head(cx.head()), body("home"))))
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/", home).unwrap();
        app.route(Method::DELETE, "/todos/7", remove).unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_form_posting_with_method_delete_reaches_the_delete_route() {
        let client = client();
        client.get("/").send().await; // a token cookie
        let res = client
            .post("/todos/7?_method=DELETE&keep=1")
            .form(&())
            .send()
            .await;
        assert_eq!(res.status(), 200, "{}", res.text());
        assert_eq!(res.text(), "deleted, query keep=1");
        let res = client
            .post("/todos/7?_method=delete")
            .form(&())
            .send()
            .await;
        assert_eq!(res.text(), "deleted, query none");
    }

    #[tokio::test]
    async fn only_a_post_naming_a_known_method_is_rerouted_and_still_csrf_checked() {
        let client = client();
        client.get("/").send().await;
        assert_eq!(client.post("/todos/7").form(&()).send().await.status(), 405);
        assert_eq!(
            client
                .post("/todos/7?_method=GET")
                .form(&())
                .send()
                .await
                .status(),
            405
        );
        assert_eq!(
            client.get("/todos/7?_method=DELETE").send().await.status(),
            405
        );
        let res = client
            .post("/todos/7?_method=DELETE")
            .without_csrf()
            .form(&())
            .send()
            .await;
        assert_eq!(res.status(), 403);
    }
}
