//! A todo list in hyperox: one page, partials for every change with the
//! count and footer swapped out of band, SQLite storage and the built-in
//! utility CSS.

pub mod db;
pub mod views;

hyperox::routes!();

use db::{Db, Filter};
use hyperox::App;

/// What every request shares.
#[derive(Debug)]
pub struct AppState {
    /// The todo store.
    pub db: Db,
}

/// The app: the generated routes and assets on `db`.
///
/// # Errors
///
/// A route that does not register (a malformed pattern).
pub fn app(db: Db) -> Result<App<AppState>, hyperox::router::RouteError> {
    let mut app = App::new(AppState { db });
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}

/// The query of the page: `?filter=all|active|completed`.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FilterQuery {
    /// The filter's name; anything unknown shows all.
    #[serde(default)]
    pub filter: Option<String>,
}

impl FilterQuery {
    /// The filter it names.
    pub fn filter(&self) -> Filter {
        Filter::parse(self.filter.as_deref())
    }
}

/// The filter of the page an htmx request came from (`HX-Current-URL`).
pub fn current_filter(cx: &Cx<'_>) -> Filter {
    cx.current_query::<FilterQuery>()
        .unwrap_or_default()
        .filter()
}

/// The longest title accepted.
pub const MAX_TITLE: usize = 200;

/// A title trimmed, or why it is refused.
pub fn validate_title(title: &str) -> Result<String, &'static str> {
    let t = title.trim();
    if t.is_empty() {
        Err("Write something first.")
    } else if t.chars().count() > MAX_TITLE {
        Err("Keep it under 200 characters.")
    } else {
        Ok(t.to_owned())
    }
}
