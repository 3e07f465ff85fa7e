//! Fortunes on axum with askama, as their users write it: a handler with
//! the database in `State`, a template file (`templates/fortunes.html`)
//! compiled into a struct, rendered to a `String`.

use super::{Db, Fortune, with_added};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::{extract::State, routing::get};

#[derive(Template)]
#[template(path = "fortunes.html")]
struct Fortunes {
    fortunes: Vec<Fortune>,
}

async fn fortunes(State(db): State<Db>) -> Response {
    let fortunes = match db.fortunes().await {
        Ok(rows) => with_added(rows),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    };
    let mut res = match (Fortunes { fortunes }).render() {
        Ok(page) => Html(page).into_response(),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    // axum adds no `Server`, which the benchmark asks for.
    res.headers_mut()
        .insert(header::SERVER, HeaderValue::from_static("axum"));
    res
}

/// The router on `db`.
pub fn router(db: Db) -> axum::Router {
    axum::Router::new()
        .route("/fortunes", get(fortunes))
        .with_state(db)
}
