//! The todo app's partials through its service: out-of-band count,
//! validation, filters, method restrictions and CSRF.

use hyperox::http::{Request, StatusCode, header};
use hyperox::router::test::body_string;
use hyperox::router::{Body, Response, RouterService};
use hyperox::{Config, Ctx, Env};
use todo::AppState;
use todo::db::Db;
use tower::ServiceExt;

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

fn service() -> (RouterService<Ctx<AppState>>, Db) {
    let db = Db::in_memory().unwrap();
    let mut app = todo::app(db.clone()).unwrap();
    app.config(Config {
        env: Env::Production,
        secret: Some(SECRET.into()),
        ..Config::default()
    });
    (app.into_service(), db)
}

async fn send(svc: &RouterService<Ctx<AppState>>, req: Request<Body>) -> Response {
    svc.clone().oneshot(req).await.unwrap()
}

fn htmx_post(uri: &str, body: &'static str, current: &str) -> Request<Body> {
    Request::post(uri)
        .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
        .header("x-csrf-token", &*TOKEN)
        .header("hx-request", "true")
        .header("hx-current-url", current)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn adding_swaps_the_form_and_sends_list_and_count_out_of_band() {
    let (svc, db) = service();
    let res = send(
        &svc,
        htmx_post(
            "/_partials/todos/add",
            "title=+Buy+%3Cmilk%3E+",
            "http://x/",
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = body_string(res).await;
    assert!(!body.contains("<!DOCTYPE"));
    assert!(body.starts_with(r#"<form id="add-form""#), "{body}");
    assert!(
        body.contains(r#"<ul id="todo-list" hx-swap-oob="true""#),
        "{body}"
    );
    assert!(
        body.contains(r#"<div id="todo-footer" hx-swap-oob="true""#),
        "{body}"
    );
    assert!(
        body.contains(r#"<span id="todo-count" class="text-sm text-slate-500">1 item left</span>"#),
        "{body}"
    );
    assert!(
        body.contains("Buy &lt;milk&gt;"),
        "escaped and trimmed: {body}"
    );
    assert_eq!(
        db.list(todo::db::Filter::All).await.unwrap()[0].title,
        "Buy <milk>"
    );
}

#[tokio::test]
async fn invalid_titles_come_back_with_422_and_the_error_inline() {
    let (svc, db) = service();
    for (body, msg) in [
        ("title=+++", "Write something first."),
        ("title=", "Write something first."),
    ] {
        let res = send(&svc, htmx_post("/_partials/todos/add", body, "http://x/")).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = body_string(res).await;
        assert!(html.contains(msg), "{html}");
        assert!(!html.contains("hx-swap-oob"), "{html}");
    }
    let long = Box::leak(format!("title={}", "x".repeat(201)).into_boxed_str());
    let res = send(&svc, htmx_post("/_partials/todos/add", long, "http://x/")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(db.list(todo::db::Filter::All).await.unwrap().is_empty());
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let (svc, db) = service();
    let req = Request::post("/_partials/todos/add")
        .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={t}&title=No+JS", t = &*TOKEN)))
        .unwrap();
    let res = send(&svc, req).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], "/");
    assert_eq!(
        db.list(todo::db::Filter::All).await.unwrap()[0].title,
        "No JS"
    );

    // An invalid title re-renders the whole page with the error.
    let req = Request::post("/_partials/todos/add")
        .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("_csrf={t}&title=", t = &*TOKEN)))
        .unwrap();
    let res = send(&svc, req).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_string(res).await;
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("Write something first."));

    // Filter links are plain links too.
    let res = send(
        &svc,
        Request::get("/?filter=completed")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    let html = body_string(res).await;
    assert!(
        !html.contains("No JS"),
        "completed filter hides active todos"
    );
    assert!(html.contains(r#"class="filter rounded px-2 py-1 text-sm selected"#));
}

#[tokio::test]
async fn toggling_under_a_filter_that_hides_the_item_deletes_it() {
    let (svc, db) = service();
    let t = db.add("a".into()).await.unwrap();
    let uri = format!("/_partials/todos/{}/toggle", t.id);
    let uri: &'static str = Box::leak(uri.into_boxed_str());
    let res = send(&svc, htmx_post(uri, "", "http://x/?filter=active")).await;
    assert_eq!(res.headers()["hx-reswap"], "delete");
    let body = body_string(res).await;
    assert!(
        body.starts_with(r#"<div id="todo-footer" hx-swap-oob="true""#),
        "{body}"
    );
    assert!(body.contains("0 items left"));

    let res = send(&svc, htmx_post(uri, "", "http://x/?filter=all")).await;
    assert!(res.headers().get("hx-reswap").is_none());
    let body = body_string(res).await;
    assert!(
        body.starts_with(&format!(r#"<li id="todo-{}""#, t.id)),
        "{body}"
    );
    assert!(body.contains("1 item left"));
}

#[tokio::test]
async fn unknown_todos_methods_and_csrf_are_refused() {
    let (svc, _db) = service();
    let res = send(
        &svc,
        htmx_post("/_partials/todos/99/toggle", "", "http://x/"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = send(
        &svc,
        Request::get("/_partials/todos/1/toggle")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()[header::ALLOW], "POST");
    let res = send(
        &svc,
        Request::post("/_partials/todos/1/delete")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "a method the route does not take is not CSRF-checked and changes nothing"
    );
    let res = send(
        &svc,
        Request::post("/_partials/todos/1/toggle")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");
    let res = send(
        &svc,
        Request::get("/_partials/todos/1/edit")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let req = Request::post("/_partials/todos/add")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("hyperox_csrf={t}", t = &*TOKEN))
        .header("x-csrf-token", &*TOKEN)
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("title=evil"))
        .unwrap();
    let res = send(&svc, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_stylesheet_is_generated_from_the_sources() {
    let css = todo::assets::STYLES_CSS.body;
    let css = std::str::from_utf8(css).unwrap();
    for class in [
        ".bg-indigo-600",
        r".hover\:bg-indigo-700:hover",
        ".line-through",
        ".divide-y",
    ] {
        assert!(
            css.contains(class),
            "{class} missing from the generated CSS"
        );
    }
    assert!(!css.contains(".bg-pink-500"), "only used classes");
    let (svc, _db) = service();
    let res = send(
        &svc,
        Request::get(todo::assets::STYLES_CSS.url)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
}
