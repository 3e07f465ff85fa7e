//! The generated route table of the fixture app answers each convention.

use hyperox::http::{StatusCode, header};
use hyperox::router::Body;
use hyperox::router::test::body_string;
use tower::ServiceExt;

async fn call(req: hyperox::http::Request<Body>) -> (StatusCode, String, hyperox::http::HeaderMap) {
    let svc = file_routes::app().unwrap().into_service();
    let res = svc.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    (status, body_string(res).await, headers)
}

/// What a page's `main` holds (a partial's whole answer).
fn content(body: &str) -> String {
    match body.split_once("<main>") {
        Some((_, rest)) => rest.split("</main>").next().unwrap_or("").to_owned(),
        None => body.to_owned(),
    }
}

/// The status and the content of a GET.
async fn get(uri: &str) -> (StatusCode, String) {
    let (s, b, _) = call(
        hyperox::http::Request::get(uri)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    (s, content(&b))
}

#[tokio::test]
async fn pages_answer_at_their_file_paths() {
    assert_eq!(get("/users").await, (StatusCode::OK, "<p>users</p>".into()));
    assert_eq!(
        get("/users/7").await,
        (StatusCode::OK, "<p>user 7</p>".into())
    );
    assert_eq!(get("/users/x").await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        get("/users/7/posts/hello%20world").await,
        (StatusCode::OK, "<p>post hello world of user 7</p>".into())
    );
    assert_eq!(
        get("/docs/guide/routing.md").await,
        (StatusCode::OK, "<p>doc guide/routing.md</p>".into())
    );
    let (status, body, _) = call(
        hyperox::http::Request::get("/")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with("<!DOCTYPE html>"));
    // Links come from the typed references.
    for href in [
        "/users",
        "/users/7",
        "/users/7/posts/hello%20world",
        "/docs/guide/routing.md",
    ] {
        assert!(
            body.contains(&format!(r#"href="{href}""#)),
            "{href} in {body}"
        );
    }
    assert!(body.contains(r#"hx-post="/_partials/counter/increment""#));
}

#[tokio::test]
async fn partials_answer_their_methods_only() {
    assert_eq!(
        get("/_partials/users/3/card").await,
        (StatusCode::OK, r#"<div class="card">card 3</div>"#.into())
    );
    let (status, _, headers) = call(
        hyperox::http::Request::get("/_partials/counter/increment")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "POST");
    // Development signs tokens with its fixed key.
    let token = hyperox::csrf::token(&hyperox::Config::default()).unwrap();
    let (status, body, _) = call(
        hyperox::http::Request::post("/_partials/counter/increment")
            .header("cookie", format!("hyperox_csrf={token}"))
            .header("x-csrf-token", &token)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from("n=41"))
            .unwrap(),
    )
    .await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "42"));
}
