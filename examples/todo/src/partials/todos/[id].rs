//! Partials on one todo: toggle, edit, view, update and delete.

use crate::db::Todo;
use crate::{AppState, current_filter, validate_title, views};
use hyperox::html::htmx::{HxResponse, SwapStyle};
use hyperox::http::StatusCode;
use hyperox::prelude::*;

async fn footer(cx: &mut Cx<'_, AppState>) -> Result<impl Node + use<>, Rejection> {
    let counts = cx.state().db.counts().await?;
    let filter = current_filter(cx);
    let csrf = cx.csrf_token().to_owned();
    Ok(views::footer_bar(counts, filter, csrf, true))
}

/// The todo the path names; a 404 when there is none.
async fn find(cx: &Cx<'_, AppState>) -> Result<Todo, Rejection> {
    let id: i64 = cx.param_as("id")?;
    let todo = cx.state().db.get(id).await?;
    todo.ok_or_else(|| Rejection::not_found("no such todo"))
}

/// Flips a todo; the item (gone when the filter no longer shows it) and
/// the footer out of band.
#[partial(post)]
pub async fn toggle(mut cx: Cx<'_, AppState>) -> Result<Response, Rejection> {
    let id: i64 = cx.param_as("id")?;
    let todo = cx.state().db.toggle(id).await?;
    let todo = todo.ok_or_else(|| Rejection::not_found("no such todo"))?;
    if !cx.is_htmx() {
        return Ok(cx.redirect("/"));
    }
    let footer = footer(&mut cx).await?;
    if current_filter(&cx).shows(&todo) {
        Ok(Partial::new((views::todo_item(&todo), footer)).into_response())
    } else {
        // The filter hides it now: remove the item (htmx skips an empty
        // main swap when out-of-band content came with it).
        Ok(Partial::new(footer)
            .hx(HxResponse::new().reswap(SwapStyle::Delete.into()))
            .into_response())
    }
}

/// The inline editor.
#[partial]
pub async fn edit(cx: Cx<'_, AppState>) -> Result<Partial, Rejection> {
    let todo = find(&cx).await?;
    Ok(Partial::new(views::todo_editor(&todo, &todo.title, None)))
}

/// The item as shown in the list (to cancel an edit).
#[partial]
pub async fn view(cx: Cx<'_, AppState>) -> Result<Partial, Rejection> {
    let todo = find(&cx).await?;
    Ok(Partial::new(views::todo_item(&todo)))
}

#[derive(serde::Deserialize)]
struct Rename {
    #[serde(default)]
    title: String,
}

/// Saves an edit: the item, or the editor with its error and 422.
#[partial(post)]
pub async fn update(mut cx: Cx<'_, AppState>) -> Result<Partial, Rejection> {
    let Rename { title } = cx.form().await?;
    let todo = find(&cx).await?;
    let db = cx.state().db.clone();
    match validate_title(&title) {
        Ok(t) => {
            let todo = db.rename(todo.id, t).await?.unwrap_or(todo);
            Ok(Partial::new(views::todo_item(&todo)))
        }
        Err(msg) => Ok(Partial::new(views::todo_editor(&todo, &title, Some(msg)))
            .status(StatusCode::UNPROCESSABLE_ENTITY)),
    }
}

/// Deletes a todo (the button swaps with `delete`); the footer out of
/// band.
#[partial(delete)]
pub async fn delete(mut cx: Cx<'_, AppState>) -> Result<Partial, Rejection> {
    let id: i64 = cx.param_as("id")?;
    if !cx.state().db.delete(id).await? {
        return Err(Rejection::not_found("no such todo"));
    }
    let footer = footer(&mut cx).await?;
    Ok(Partial::new(footer))
}
