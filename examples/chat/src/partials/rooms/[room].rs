//! Partials of one room: send a message, its list, who is here, and its
//! live stream.

use crate::prelude::*;
use crate::{find_room, name_of, validate_message, views};
use hyperox::http::StatusCode;

#[derive(serde::Deserialize)]
struct NewMessage {
    #[serde(default)]
    body: String,
}

/// Stores a message and pushes it to every page in the room (this one
/// too: its answer only clears the form). A refused message is the form
/// with its error and 422; a message with no name to send it under is a
/// 403. Without JavaScript, back to the room page.
#[partial(post)]
pub async fn send(cx: Cx<'_>, room: String, Form(new): Form<NewMessage>) -> Result<Partial, Rejection> {
    find_room(&cx, &room).await?;
    let page = urls::pages::rooms::by_room(&room);
    let Some(author) = name_of(&cx) else {
        return Err(Rejection::forbidden("Choose a name before you send messages."));
    };
    let body = match validate_message(&new.body) {
        Ok(b) => b,
        Err(e) if cx.is_htmx() => {
            return Ok(Partial::new(views::compose(&room, &new.body, Some(e)))
                .status(StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => {
            let back = page.query("body", &new.body).query("error", e.as_str());
            return Ok(Partial::redirect(back));
        }
    };
    let state = cx.state();
    let message = state.store.post(&room, &author, &body).await?;
    // Stored: a page that misses the push gets it from the history when
    // it reloads, so a failed push is logged, not refused.
    if let Err(e) = state.hub.room(&room).push(views::pushed(&message)).await {
        tracing::warn!("pushing message {} to #{room}: {e}", message.id);
    }
    if cx.is_htmx() {
        Ok(Partial::empty())
    } else {
        Ok(Partial::redirect(page))
    }
}

/// The room's last messages (what a page reloads after missing some).
#[partial]
pub async fn messages(cx: Cx<'_>, room: String) -> Result<Partial, Rejection> {
    find_room(&cx, &room).await?;
    let list = cx.state().store.recent(&room).await?;
    Ok(Partial::new(views::messages(&room, &list)))
}

/// Who is in the room now, on every instance.
#[partial]
pub async fn members(cx: Cx<'_>, room: String) -> Result<Partial, Rejection> {
    find_room(&cx, &room).await?;
    let names = cx.state().hub.members(&room).await?;
    Ok(Partial::new(views::members(&room, &names)))
}

/// The room's live stream: its messages, resumed after the page's
/// `Last-Event-ID`, and this browser counted as here under its name;
/// gzip-compressed for browsers that take it.
#[partial]
pub async fn events(cx: Cx<'_>, room: String) -> Result<hyperox_ws::Sse, Rejection> {
    find_room(&cx, &room).await?;
    let hub = cx.state().hub.clone();
    let mut stream = hub.sse(&cx).room(&room).compress();
    if let Some(name) = name_of(&cx) {
        stream = stream.presence(&name);
    }
    Ok(stream.open().await?)
}
