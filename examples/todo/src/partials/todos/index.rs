//! Partials on the whole list: add, list (filter) and clear completed.

use crate::prelude::*;
use crate::{FilterQuery, current_filter, tell_others, under, validate_title, views};
use hyperox::http::StatusCode;

#[derive(serde::Deserialize)]
struct NewTodo {
    #[serde(default)]
    title: String,
}

/// Adds a todo: the list, footer and count out of band (the form stays
/// as it is); the form with its error and 422 when the title is not
/// valid. Without JavaScript, back to the page under the same filter
/// (with the refused title and its error in the page's address, which
/// answers a reload).
#[partial(post)]
pub async fn add(cx: Cx<'_>, Form(new): Form<NewTodo>) -> Result<Partial, Rejection> {
    let filter = current_filter(&cx);
    let page = under(urls::pages::index(), filter);
    let title = match validate_title(&new.title) {
        Ok(t) => t,
        Err(e) if cx.is_htmx() => {
            return Ok(Partial::new(views::add_form(filter, &new.title, Some(e), true))
                .status(StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => {
            let back = page.query("title", &new.title).query("error", e.as_str());
            return Ok(Partial::redirect(back));
        }
    };
    let db = &cx.state().db;
    db.add(title).await?;
    tell_others(&cx).await;
    if !cx.is_htmx() {
        return Ok(Partial::redirect(page));
    }
    let (todos, counts) = db.list_and_counts(filter).await?;
    Ok(Partial::new((
        views::todo_list(&cx, &todos, true),
        views::after_change(&cx, counts),
    )))
}

/// The list under a filter (`?filter=active`), the footer with that
/// filter selected, and the page's title for it (htmx sets it).
#[partial]
pub async fn list(cx: Cx<'_>, Query(q): Query<FilterQuery>) -> Result<Partial, Rejection> {
    let filter = q.filter();
    Ok(Partial::new((
        title(views::page_title(filter)),
        views::listing(&cx, filter, true).await?,
    )))
}

/// Deletes every completed todo; the list, footer and count out of band.
#[partial(post)]
pub async fn clear(cx: Cx<'_>) -> Result<Partial, Rejection> {
    let db = &cx.state().db;
    db.clear_completed().await?;
    tell_others(&cx).await;
    let filter = current_filter(&cx);
    if !cx.is_htmx() {
        return Ok(Partial::redirect(under(urls::pages::index(), filter)));
    }
    let (todos, counts) = db.list_and_counts(filter).await?;
    Ok(Partial::new((
        views::todo_list(&cx, &todos, true),
        views::after_change(&cx, counts),
    )))
}

/// The live updates of the list: a server-sent event stream of the room
/// every page listens to ([`crate::ROOM`]).
#[partial]
pub async fn events(cx: Cx<'_>) -> Result<hyperox_ws::Sse, Rejection> {
    let hub = cx.state().hub.clone();
    Ok(hub.sse(&cx).room(crate::ROOM).open().await?)
}
