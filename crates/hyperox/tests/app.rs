//! The app layer with routes registered by hand (no build step): the
//! request context, pages and partials, method restrictions, CSRF, errors
//! and the embedded assets' headers.

use http::{Method, StatusCode, header};
use hyperox::html::htmx::HxResponse;
use hyperox::prelude::*;
use hyperox::router::Body;
use hyperox::router::test::body_string;
use hyperox::{App, Config, Env, Next, Service};
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

fn app(env: Env) -> Service<State> {
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

async fn send(svc: &Service<State>, req: http::Request<Body>) -> Response {
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
    let page = body_string(send(&svc, get("/").body(Body::empty()).unwrap()).await).await;
    assert!(page.contains(r#"<meta name="hyperox-livereload" content="/_hyperox/livereload">"#));
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
    // The page names the process that served it: the same id the stream
    // starts with, which a page's own stream can send instead.
    let boot = page
        .split(r#"<meta name="hyperox-boot" content=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a boot meta");
    assert_eq!(data, format!("data: {boot}\n\n").as_bytes());
    let prod =
        body_string(send(&app(Env::Production), get("/").body(Body::empty()).unwrap()).await).await;
    assert!(!prod.contains("hyperox-boot") && !prod.contains("hyperox-livereload"));
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

    let mut etags = Vec::new();
    // Brotli copies with the `brotli` feature only.
    let encodings: &[&str] = if cfg!(feature = "brotli") {
        &["br", "gzip", "identity"]
    } else {
        &["gzip", "identity"]
    };
    assert_eq!(htmx.brotli.is_some(), cfg!(feature = "brotli"));
    for &enc in encodings {
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
        assert_eq!(h[header::CACHE_CONTROL], "max-age=31536000, immutable");
        assert_eq!(h[header::VARY], "accept-encoding");
        let got = h
            .get(header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(got.as_deref(), (enc != "identity").then_some(enc));
        etags.push((enc, h[header::ETAG].clone()));
        let len: usize = h[header::CONTENT_LENGTH].to_str().unwrap().parse().unwrap();
        let bytes = res.into_body().collect_bytes().await.unwrap();
        assert_eq!(bytes.len(), len);
        if enc != "identity" {
            assert!(bytes.len() < htmx.body.len() / 2, "{enc} is compressed");
        }
        assert_eq!(decode(enc, &bytes), htmx.body, "{enc} decodes to the file");
    }

    // Each representation has its own strong validator (RFC 9110
    // §8.8.3).
    let distinct: std::collections::HashSet<_> = etags.iter().map(|(_, tag)| tag).collect();
    assert_eq!(distinct.len(), etags.len(), "{etags:?}");
    let gzip_tag = &etags.iter().find(|(enc, _)| *enc == "gzip").unwrap().1;
    // Revalidation: 304 for any of the tags, on the hashed and the plain
    // URL, naming the tag of what this client would get, and with no
    // representation metadata (RFC 9110 §15.4.5).
    for (_, etag) in &etags {
        for url in [htmx.url.to_owned(), htmx.plain_url()] {
            let res = send(
                &svc,
                get(&url)
                    .header("if-none-match", etag.clone())
                    .header("accept-encoding", "gzip")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
            assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{url}");
            assert_eq!(&res.headers()[header::ETAG], gzip_tag, "the gzip tag");
            assert!(res.headers().get(header::CONTENT_TYPE).is_none());
            assert_eq!(res.headers()[header::VARY], "accept-encoding");
            assert_eq!(body_string(res).await, "");
        }
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
