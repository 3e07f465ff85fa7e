//! Partials on one todo: toggle, edit, view, update and delete. Each
//! answers a form posted without JavaScript with a redirect to the page
//! under the same filter.

use crate::db::Todo;
use crate::prelude::*;
use crate::{AppState, current_filter, tell_others, under, validate_title, views};
use hyperox::html::htmx::{HxResponse, SwapStyle};
use hyperox::http::StatusCode;

/// The footer and count, swapped out of band.
async fn changed(cx: &Cx<'_>) -> Result<impl Node + use<>, Rejection> {
    let counts = cx.state().db.counts().await?;
    Ok(views::after_change(cx, counts))
}

/// The todo `id`; a 404 when there is none.
async fn find(state: &AppState, id: i64) -> Result<Todo, Rejection> {
    let todo = state.db.get(id).await?;
    todo.ok_or_else(gone)
}

/// The 404 of a todo another page removed: the page's list (its rows,
/// footer and count) is stale, so the answer tells it to catch up while
/// the error shows.
fn gone() -> Rejection {
    Rejection::not_found("no such todo").hx(HxResponse::new().trigger(crate::STALE))
}

/// The page under the filter the change was made under.
fn back(cx: &Cx<'_>) -> Partial {
    Partial::redirect(under(urls::pages::index(), current_filter(cx)))
}

/// Flips a todo; the item (gone when the filter no longer shows it), the
/// footer and the count out of band.
#[partial(post)]
pub async fn toggle(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    let todo = cx.state().db.toggle(id).await?;
    let todo = todo.ok_or_else(gone)?;
    tell_others(&cx).await;
    if !cx.is_htmx() {
        return Ok(back(&cx));
    }
    let changed = changed(&cx).await?;
    if current_filter(&cx).shows(&todo) {
        Ok(Partial::new((views::todo_item(&cx, &todo), changed)))
    } else {
        // The filter hides it now: remove the item (htmx skips an empty
        // main swap when out-of-band content came with it).
        Ok(Partial::new(changed).hx(HxResponse::new().reswap(SwapStyle::Delete.into())))
    }
}

/// The inline editor.
#[partial]
pub async fn edit(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    let rev = cx.state().db.revision().await?;
    Ok(Partial::new(views::todo_editor(
        current_filter(&cx),
        &todo,
        &todo.title,
        None,
        Some(rev),
    )))
}

/// The revision an editor opened on.
#[derive(serde::Deserialize)]
struct Opened {
    rev: Option<i64>,
}

/// `partial`, telling the list to catch up when the todos changed
/// since revision `opened` (the editor's) as of revision `now`.
fn catch_up(partial: Partial, opened: Option<i64>, now: i64) -> Partial {
    match opened {
        Some(opened) if opened != now => partial.hx(HxResponse::new().trigger(crate::STALE)),
        _ => partial,
    }
}

/// The item as shown in the list (to cancel an edit).
#[partial]
pub async fn view(cx: Cx<'_>, id: i64, Query(q): Query<Opened>) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    let now = cx.state().db.revision().await?;
    Ok(catch_up(Partial::new(views::todo_item(&cx, &todo)), q.rev, now))
}

#[derive(serde::Deserialize)]
struct Rename {
    #[serde(default)]
    title: String,
    /// The revision the editor opened on.
    rev: Option<i64>,
}

/// Saves an edit: the item, or the editor with its error and 422 (without
/// JavaScript, the page with the editor open and its error).
#[partial(post)]
pub async fn update(cx: Cx<'_>, id: i64, Form(r): Form<Rename>) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    let filter = current_filter(&cx);
    match validate_title(&r.title) {
        Ok(t) => {
            // The revision before this change moves it on.
            let before = cx.state().db.revision().await?;
            let todo = cx.state().db.rename(todo.id, t).await?.unwrap_or(todo);
            tell_others(&cx).await;
            if !cx.is_htmx() {
                return Ok(back(&cx));
            }
            Ok(catch_up(Partial::new(views::todo_item(&cx, &todo)), r.rev, before))
        }
        Err(e) if cx.is_htmx() => Ok(Partial::new(views::todo_editor(filter, &todo, &r.title, Some(e), r.rev))
            .status(StatusCode::UNPROCESSABLE_ENTITY)),
        Err(e) => {
            let page = under(urls::pages::index(), filter)
                .query("edit", id)
                .query("title", &r.title)
                .query("error", e.as_str());
            Ok(Partial::redirect(page))
        }
    }
}

/// Deletes a todo (the button swaps with `delete`); the footer and count
/// out of band.
#[partial(delete)]
pub async fn delete(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    if !cx.state().db.delete(id).await? {
        return Err(gone());
    }
    tell_others(&cx).await;
    if !cx.is_htmx() {
        return Ok(back(&cx));
    }
    Ok(Partial::new(changed(&cx).await?))
}
