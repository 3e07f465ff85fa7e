//! Typed arguments and typed links of the generated routes: params parsed
//! and percent-decoded, 404 for a segment that does not parse, forms and
//! queries that do not fit, and links that encode what they are given.

use file_routes::urls::pages::{docs, users};
use file_routes::urls::partials::counter;
use hyperox::http::{Method, StatusCode};
use hyperox::test::Client;

/// What a page's `main` holds.
fn content(body: &str) -> &str {
    body.split_once("<main>")
        .and_then(|(_, rest)| rest.split_once("</main>"))
        .map_or(body, |(inner, _)| inner)
}

async fn client() -> Client<()> {
    let client = Client::new(file_routes::app().unwrap());
    assert_eq!(client.get("/").await.status(), StatusCode::OK);
    client
}

#[tokio::test]
async fn params_are_parsed_and_decoded() {
    let client = client().await;
    let res = client.link(&users::by_id(7)).await;
    assert_eq!(
        (res.status(), content(res.text())),
        (StatusCode::OK, "<p>user 7</p>")
    );
    for bad in ["/users/x", "/users/-1", "/users/99999999999", "/users/7.0"] {
        assert_eq!(
            client.get(bad).await.status(),
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }
    let res = client
        .link(&users::by_id::posts::by_post(7, "a/b c?d#é"))
        .await;
    assert_eq!(content(res.text()), "<p>post a/b c?d#é of user 7</p>");
    let res = client.get("/users/7/posts/caf%C3%A9").await;
    assert_eq!(content(res.text()), "<p>post café of user 7</p>");
    let res = client.link(&docs::all_path("guide/intro notes.md")).await;
    assert_eq!(content(res.text()), "<p>doc guide/intro notes.md</p>");
}

#[tokio::test]
async fn links_encode_their_params_and_know_their_method() {
    let post = users::by_id::posts::by_post(7, "a/b c?d#é");
    assert_eq!(post.url(), "/users/7/posts/a%2Fb%20c%3Fd%23%C3%A9");
    assert_eq!(post.method(), Method::GET);
    assert_eq!(
        docs::all_path("guide/a b.md").url(),
        "/docs/guide/a%20b.md",
        "a catch-all keeps its slashes"
    );
    let inc = counter::increment();
    assert_eq!(inc.method(), Method::POST);
    use hyperox::html::prelude::*;
    assert_eq!(
        form((inc.form_attrs(), inc.hx())).render(),
        r#"<form method="post" action="/_partials/counter/increment" hx-post="/_partials/counter/increment"></form>"#
    );
    assert_eq!(
        file_routes::urls::pages::users().query("page", 2).url(),
        "/users?page=2"
    );
}

#[tokio::test]
async fn forms_and_queries_that_do_not_fit_are_refused() {
    let client = client().await;
    let res = client
        .link(&counter::increment())
        .form(&[("n", "41")])
        .await;
    assert_eq!((res.status(), res.text()), (StatusCode::OK, "42"));
    let res = client
        .link(&counter::increment())
        .form(&[("n", "many")])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(res.text().contains("invalid form"), "{}", res.text());
    let res = client.link(&counter::increment()).form(&[("m", "1")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a missing field");
    let res = client
        .link(&counter::increment())
        .body("application/json", r#"{"n":1}"#)
        .await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let res = client
        .link(&file_routes::urls::pages::users().query("page", 3))
        .await;
    assert_eq!(content(res.text()), "<p>users, page 3</p>");
    let res = client.get("/users?page=three").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.text().contains("invalid query string"),
        "{}",
        res.text()
    );
}

#[path = "../../todo/tests/common/vnu.rs"]
mod vnu;

/// Every page, partial and error page through the W3C Nu HTML checker:
/// 0 errors but htmx's `hx-*` attributes (needs Java and `npm ci` in
/// `browser/`; `scripts/test.sh` installs both).
#[tokio::test]
async fn every_page_and_partial_is_valid_html() {
    let client = client().await;
    let mut docs = Vec::new();
    for (name, url, status) in [
        ("home", "/", StatusCode::OK),
        ("users", "/users", StatusCode::OK),
        ("users-page", "/users?page=2", StatusCode::OK),
        ("user", "/users/7", StatusCode::OK),
        ("post", "/users/7/posts/hello%20world", StatusCode::OK),
        ("doc", "/docs/guide/routing.md", StatusCode::OK),
        ("error-404", "/users/x", StatusCode::NOT_FOUND),
        ("error-400", "/users?page=three", StatusCode::BAD_REQUEST),
    ] {
        let res = client.get(url).header("accept", "text/html").await;
        assert_eq!(res.status(), status, "{url}");
        docs.push((name.to_owned(), res.text().to_owned()));
    }
    let card = client.get("/_partials/users/3/card").htmx().await;
    docs.push(("card".to_owned(), vnu::in_document(card.text())));
    let plus = client
        .link(&counter::increment())
        .htmx()
        .form(&[("n", "1")])
        .await;
    docs.push(("increment".to_owned(), vnu::in_document(plus.text())));
    vnu::assert_valid("file-routes", &docs);
}
