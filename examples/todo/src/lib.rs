//! A todo list in hyperox: one page, partials for every change with the
//! count and footer swapped out of band, SQLite storage and the built-in
//! utility CSS.

pub mod db;
pub mod views;

hyperox::routes!();

use db::{Db, Filter};
use hyperox::App;
use hyperox_ws::Hub;

/// What every request shares.
#[derive(Debug)]
pub struct AppState {
    /// The todo store.
    pub db: Db,
    /// The live updates: every open page listens to the room
    /// [`ROOM`], and a change tells the others to refresh.
    pub hub: Hub,
}

/// The room every page of the list listens to.
pub const ROOM: &str = "todos";

/// The event that tells a page the todos changed.
pub const CHANGED: &str = "todos-changed";

/// The event an edit's answer fires when the todos changed while the
/// editor was open (the page skipped those changes): the list catches up.
pub const STALE: &str = "todos-stale";

/// The app: the generated routes and assets on `db`, live updates within
/// this process.
///
/// # Errors
///
/// A route that does not register (a malformed pattern).
pub fn app(db: Db) -> Result<App<AppState>, hyperox::router::RouteError> {
    app_with(db, Hub::new(hyperox_ws::HubConfig::default()))
}

/// The app on `db`, live updates through `hub` (several instances share
/// a hub on a Redis broker).
///
/// # Errors
///
/// A route that does not register (a malformed pattern).
pub fn app_with(db: Db, hub: Hub) -> Result<App<AppState>, hyperox::router::RouteError> {
    let mut app = App::new(AppState { db, hub });
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}

/// Tells the other pages on the list that it changed: other browsers and
/// this browser's other tabs, not the page that changed it (its own answer
/// has the change). A failure is logged: the change itself is stored.
pub async fn tell_others(cx: &Cx<'_>) {
    let hub = &cx.state().hub;
    if let Err(e) = hub
        .room(ROOM)
        .except_page(cx.page_id())
        .event(CHANGED, "")
        .await
    {
        tracing::warn!("telling other pages of a change: {e}");
    }
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
