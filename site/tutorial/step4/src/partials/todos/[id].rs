//! Partials on one todo, at `/_partials/todos/{id}/…`: `id` is a typed
//! parameter (a request whose `id` is not a number gets 404), and each
//! has a typed link (`urls::partials::todos::by_id::toggle(7)`).

use crate::prelude::*;
use crate::{Todo, views};

/// The list out of band for htmx; the page for a form posted without
/// JavaScript; 404 when there was no such todo.
fn answer(cx: &Cx<'_>, todos: Option<Vec<Todo>>) -> Result<Partial, Rejection> {
    let todos = todos.ok_or_else(|| Rejection::not_found("no such todo"))?;
    if !cx.is_htmx() {
        return Ok(Partial::redirect(urls::pages::index()));
    }
    Ok(Partial::new(views::todo_list(todos, true)))
}

/// Marks the todo done, or not done.
#[partial(post)]
pub async fn toggle(cx: Cx<'_>, id: u64) -> Result<Partial, Rejection> {
    let todos = cx.state().toggle(id);
    answer(&cx, todos)
}

/// Deletes the todo (a form without JavaScript posts with `_method`).
#[partial(delete)]
pub async fn delete(cx: Cx<'_>, id: u64) -> Result<Partial, Rejection> {
    let todos = cx.state().delete(id);
    answer(&cx, todos)
}
