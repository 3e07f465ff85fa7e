//! A room: its messages, who is here, and the form to send one.

use crate::prelude::*;
use crate::{Invalid, find_room, name_of, views};
use hyperox::html::Either;

/// What a message form posted without JavaScript left to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    /// The refused message.
    #[serde(default)]
    pub body: Option<String>,
    /// Why it was refused.
    #[serde(default)]
    pub error: Option<String>,
}

/// `GET /rooms/:room`; the name form first when the browser has no name.
#[page]
pub async fn page(cx: Cx<'_>, room: String, Query(q): Query<PageQuery>) -> Result<Page, Rejection> {
    find_room(&cx, &room).await?;
    let here = urls::pages::rooms::by_room(&room);
    let state = cx.state();
    let rooms = state.store.rooms().await?;
    let me = name_of(&cx);
    let talk = match &me {
        None => Either::Left(views::name_section("", None, here.url())),
        Some(_) => {
            let list = state.store.recent(&room).await?;
            let members = state.hub.members(&room).await.unwrap_or_default();
            let error = q.error.as_deref().and_then(Invalid::parse);
            Either::Right((
                div((
                    class("flex flex-col gap-4"),
                    h2((class("text-xl font-semibold"), "#", room.clone())),
                    views::message_log(&room, &list),
                    views::compose(&room, q.body.as_deref().unwrap_or(""), error),
                )),
                views::members(&room, &members),
                views::stream(&room),
            ))
        }
    };
    Ok(views::layout(
        &cx,
        &format!("#{room} · Chat · hyperox"),
        (
            views::header_bar(me.as_deref(), here.url()),
            div((
                class("grid gap-6 sm:grid-cols-[10rem_1fr_9rem]"),
                views::rooms_nav(&rooms, Some(&room), "", None),
                talk,
            )),
        ),
    ))
}
