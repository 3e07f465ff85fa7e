//! Fortunes as a hyperox app is written: a page handler on the app's
//! state, the builder's elements, `each` for the rows, and a bare page
//! (no htmx or forms, so nothing for the framework to fill in).

use super::{Db, with_added};
use hyperox::html::prelude::*;
use hyperox::{App, Cx, Page};

async fn fortunes(cx: Cx<'_, Db>) -> hyperox::Result<Page> {
    let rows = cx
        .state()
        .fortunes()
        .await
        .map_err(|e| hyperox::Rejection::unavailable(e, 1))?;
    let rows = with_added(rows);
    Ok(Page::new(html((
        head(title("Fortunes")),
        body(table((
            tr((th("id"), th("message"))),
            each(&rows, |f| tr((td(f.id), td(f.message.as_str())))),
        ))),
    )))
    // No htmx, no forms: served as written.
    .bare())
}

/// The app on `db`.
pub fn app(db: Db) -> App<Db> {
    let mut app = App::new(db);
    app.page("/fortunes", fortunes).expect("a valid route");
    app
}
