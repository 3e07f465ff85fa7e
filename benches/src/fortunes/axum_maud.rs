//! Fortunes on axum with maud, as axum's users write it: a handler with
//! the database in `State`, a maud template.

use super::{Db, with_added};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

async fn fortunes(State(db): State<Db>) -> Response {
    let rows = match db.fortunes().await {
        Ok(rows) => with_added(rows),
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e).into_response(),
    };
    let page = maud::html! {
        (maud::DOCTYPE)
        html {
            head { title { "Fortunes" } }
            body {
                table {
                    tr { th { "id" } th { "message" } }
                    @for f in &rows {
                        tr { td { (f.id) } td { (f.message) } }
                    }
                }
            }
        }
    };
    // maud's `Markup` answers `text/html; charset=utf-8`; axum adds no
    // `Server`, which the benchmark asks for.
    let mut res = page.into_response();
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
