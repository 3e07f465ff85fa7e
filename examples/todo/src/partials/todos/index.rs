//! Partials on the whole list: add, list (filter) and clear completed.

use crate::db::Filter;
use crate::{AppState, current_filter, validate_title, views};
use hyperox::http::StatusCode;
use hyperox::prelude::*;

#[derive(serde::Deserialize)]
struct NewTodo {
    #[serde(default)]
    title: String,
}

/// Adds a todo: a fresh form, and the list and footer out of band; the
/// form with its error and 422 when the title is not valid.
#[partial(post)]
pub async fn add(mut cx: Cx<'_, AppState>) -> Result<Response, Rejection> {
    let NewTodo { title } = cx.form().await?;
    let filter = current_filter(&cx);
    let csrf = cx.csrf_token().to_owned();
    let title = match validate_title(&title) {
        Ok(t) => t,
        Err(msg) if cx.is_htmx() => {
            return Ok(Partial::new(views::add_form(csrf, &title, Some(msg)))
                .status(StatusCode::UNPROCESSABLE_ENTITY)
                .into_response());
        }
        Err(msg) => {
            return Ok(crate::pages::index::render(&mut cx, filter, &title, Some(msg))
                .await?
                .into_response());
        }
    };
    let db = cx.state().db.clone();
    db.add(title).await?;
    if !cx.is_htmx() {
        return Ok(cx.redirect("/"));
    }
    let (todos, counts) = db.list_and_counts(filter).await?;
    Ok(Partial::new((
        views::add_form(csrf.clone(), "", None),
        views::todo_list(&todos, true),
        views::footer_bar(counts, filter, csrf, true),
    ))
    .into_response())
}

#[derive(serde::Deserialize)]
struct ListQuery {
    #[serde(default)]
    filter: Option<String>,
}

/// The list under a filter (`?filter=active`), and the footer with that
/// filter selected.
#[partial]
pub async fn list(mut cx: Cx<'_, AppState>) -> Result<Partial, Rejection> {
    let q: ListQuery = cx.query()?;
    let filter = Filter::parse(q.filter.as_deref());
    let db = cx.state().db.clone();
    let (todos, counts) = db.list_and_counts(filter).await?;
    let csrf = cx.csrf_token().to_owned();
    Ok(Partial::new((
        views::todo_list(&todos, false),
        views::footer_bar(counts, filter, csrf, true),
    )))
}

/// Deletes every completed todo; the list and footer out of band.
#[partial(post)]
pub async fn clear(mut cx: Cx<'_, AppState>) -> Result<Response, Rejection> {
    let db = cx.state().db.clone();
    db.clear_completed().await?;
    if !cx.is_htmx() {
        return Ok(cx.redirect("/"));
    }
    let filter = current_filter(&cx);
    let (todos, counts) = db.list_and_counts(filter).await?;
    let csrf = cx.csrf_token().to_owned();
    Ok(Partial::new((
        views::todo_list(&todos, true),
        views::footer_bar(counts, filter, csrf, true),
    ))
    .into_response())
}
