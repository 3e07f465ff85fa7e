//! Partials on one todo: toggle, edit, view, update and delete.

use crate::db::Todo;
use crate::prelude::*;
use crate::{AppState, current_filter, validate_title, views};
use hyperox::html::htmx::{HxResponse, SwapStyle};
use hyperox::http::StatusCode;

/// The footer, swapped out of band.
async fn footer(cx: &Cx<'_>) -> Result<impl Node + use<>, Rejection> {
    let counts = cx.state().db.counts().await?;
    Ok(views::footer_bar(cx, counts, current_filter(cx), true))
}

/// The todo `id`; a 404 when there is none.
async fn find(state: &AppState, id: i64) -> Result<Todo, Rejection> {
    let todo = state.db.get(id).await?;
    todo.ok_or_else(|| Rejection::not_found("no such todo"))
}

/// Flips a todo; the item (gone when the filter no longer shows it) and
/// the footer out of band.
#[partial(post)]
pub async fn toggle(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    let todo = cx.state().db.toggle(id).await?;
    let todo = todo.ok_or_else(|| Rejection::not_found("no such todo"))?;
    if !cx.is_htmx() {
        return Ok(Partial::redirect(urls::pages::index()));
    }
    let footer = footer(&cx).await?;
    if current_filter(&cx).shows(&todo) {
        Ok(Partial::new((views::todo_item(&cx, &todo), footer)))
    } else {
        // The filter hides it now: remove the item (htmx skips an empty
        // main swap when out-of-band content came with it).
        Ok(Partial::new(footer).hx(HxResponse::new().reswap(SwapStyle::Delete.into())))
    }
}

/// The inline editor.
#[partial]
pub async fn edit(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    Ok(Partial::new(views::todo_editor(&todo, &todo.title, None)))
}

/// The item as shown in the list (to cancel an edit).
#[partial]
pub async fn view(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    Ok(Partial::new(views::todo_item(&cx, &todo)))
}

#[derive(serde::Deserialize)]
struct Rename {
    #[serde(default)]
    title: String,
}

/// Saves an edit: the item, or the editor with its error and 422.
#[partial(post)]
pub async fn update(cx: Cx<'_>, id: i64, Form(r): Form<Rename>) -> Result<Partial, Rejection> {
    let todo = find(cx.state(), id).await?;
    match validate_title(&r.title) {
        Ok(t) => {
            let todo = cx.state().db.rename(todo.id, t).await?.unwrap_or(todo);
            Ok(Partial::new(views::todo_item(&cx, &todo)))
        }
        Err(msg) => Ok(Partial::new(views::todo_editor(&todo, &r.title, Some(msg)))
            .status(StatusCode::UNPROCESSABLE_ENTITY)),
    }
}

/// Deletes a todo (the button swaps with `delete`); the footer out of
/// band.
#[partial(delete)]
pub async fn delete(cx: Cx<'_>, id: i64) -> Result<Partial, Rejection> {
    if !cx.state().db.delete(id).await? {
        return Err(Rejection::not_found("no such todo"));
    }
    Ok(Partial::new(footer(&cx).await?))
}
