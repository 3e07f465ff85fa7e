//! The front page: the name to chat under and the rooms.

use crate::prelude::*;
use crate::{Invalid, name_of, views};

/// The page's query: where to go once a name is chosen, and what a
/// refused form left to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    /// The room page to go to next.
    #[serde(default)]
    pub next: Option<String>,
    /// A refused name.
    #[serde(default)]
    pub name: Option<String>,
    /// A refused room name.
    #[serde(default)]
    pub room: Option<String>,
    /// Why it was refused.
    #[serde(default)]
    pub error: Option<String>,
}

/// `GET /[?next=/rooms/…]`.
#[page]
pub async fn page(cx: Cx<'_>, Query(q): Query<PageQuery>) -> Result<Page, Rejection> {
    let me = name_of(&cx);
    let rooms = cx.state().store.rooms().await?;
    let error = q.error.as_deref().and_then(Invalid::parse);
    let next = crate::local_path(q.next.as_deref()).unwrap_or("/");
    let (name_error, room_error) = if q.room.is_some() { (None, error) } else { (error, None) };
    let name_value = q.name.or_else(|| me.clone()).unwrap_or_default();
    Ok(views::layout(
        &cx,
        "Chat · hyperox",
        (
            views::header_bar(me.as_deref(), "/"),
            div((
                class("grid gap-6 sm:grid-cols-2"),
                views::name_section(&name_value, name_error, next),
                div((
                    class("rounded-xl bg-white p-4 shadow"),
                    views::rooms_nav(&rooms, None, q.room.as_deref().unwrap_or(""), room_error),
                )),
            )),
        ),
    ))
}
