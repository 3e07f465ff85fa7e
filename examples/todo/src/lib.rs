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

/// The filter a change is made under: the request's own `?filter=` (a
/// form posted without JavaScript names it in its action), else that of
/// the page an htmx request came from (`HX-Current-URL`).
pub fn current_filter(cx: &Cx<'_>) -> Filter {
    match cx.query::<FilterQuery>() {
        Ok(FilterQuery { filter: Some(f) }) => Filter::parse(Some(&f)),
        _ => cx
            .current_query::<FilterQuery>()
            .unwrap_or_default()
            .filter(),
    }
}

/// `link` under `filter`: with `?filter=` unless it is the default.
pub fn under(link: hyperox::Link, filter: Filter) -> hyperox::Link {
    if filter == Filter::All {
        link
    } else {
        link.query("filter", filter.as_str())
    }
}

/// The longest title accepted.
pub const MAX_TITLE: usize = 200;

/// Why a title is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleError {
    /// Nothing but spaces.
    Empty,
    /// Over [`MAX_TITLE`] characters.
    TooLong,
}

impl TitleError {
    /// What the user is told.
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "Write something first.",
            Self::TooLong => "Keep it under 200 characters.",
        }
    }

    /// Its name in a page address (`?error=empty`), after a form posted
    /// without JavaScript was refused.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::TooLong => "long",
        }
    }

    /// The error a page address names.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "empty" => Some(Self::Empty),
            "long" => Some(Self::TooLong),
            _ => None,
        }
    }
}

/// A title trimmed, or why it is refused.
pub fn validate_title(title: &str) -> Result<String, TitleError> {
    let t = title.trim();
    if t.is_empty() {
        Err(TitleError::Empty)
    } else if t.chars().count() > MAX_TITLE {
        Err(TitleError::TooLong)
    } else {
        Ok(t.to_owned())
    }
}
