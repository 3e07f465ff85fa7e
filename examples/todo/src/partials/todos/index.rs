//! Partials on the whole list: add, list (filter) and clear completed.

use crate::prelude::*;
use crate::{FilterQuery, current_filter, validate_title, views};
use hyperox::http::StatusCode;

#[derive(serde::Deserialize)]
struct NewTodo {
    #[serde(default)]
    title: String,
}

/// Adds a todo: a fresh form, and the list and footer out of band; the
/// form with its error and 422 when the title is not valid.
#[partial(post)]
pub async fn add(cx: Cx<'_>, Form(new): Form<NewTodo>) -> Result<Response, Rejection> {
    let filter = current_filter(&cx);
    let title = match validate_title(&new.title) {
        Ok(t) => t,
        Err(msg) if cx.is_htmx() => {
            return Ok(Partial::new(views::add_form(&cx, &new.title, Some(msg)))
                .status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response());
        }
        Err(msg) => {
            let page = crate::pages::index::render(&cx, filter, &new.title, Some(msg)).await?;
            return Ok(page.into_response());
        }
    };
    let db = &cx.state().db;
    db.add(title).await?;
    if !cx.is_htmx() {
        return Ok(Partial::redirect(urls::pages::index()).into_response());
    }
    let (todos, counts) = db.list_and_counts(filter).await?;
    Ok(Partial::new((
        views::add_form(&cx, "", None),
        views::todo_list(&cx, &todos, true),
        views::footer_bar(&cx, counts, filter, true),
    ))
    .into_response())
}

/// The list under a filter (`?filter=active`), and the footer with that
/// filter selected.
#[partial]
pub async fn list(cx: Cx<'_>, Query(q): Query<FilterQuery>) -> Result<Partial, Rejection> {
    Ok(Partial::new(views::listing(&cx, q.filter(), true).await?))
}

/// Deletes every completed todo; the list and footer out of band.
#[partial(post)]
pub async fn clear(cx: Cx<'_>) -> Result<Partial, Rejection> {
    let db = &cx.state().db;
    db.clear_completed().await?;
    if !cx.is_htmx() {
        return Ok(Partial::redirect(urls::pages::index()));
    }
    let filter = current_filter(&cx);
    let (todos, counts) = db.list_and_counts(filter).await?;
    Ok(Partial::new((
        views::todo_list(&cx, &todos, true),
        views::footer_bar(&cx, counts, filter, true),
    )))
}
