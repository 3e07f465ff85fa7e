//! Partials on the list.

use crate::prelude::*;

/// What the form sends.
#[derive(Debug, serde::Deserialize)]
pub struct NewTodo {
    #[serde(default)]
    title: String,
}

/// Adds a todo and answers with the list, swapped out of band. A form
/// posted without JavaScript is sent back to the page, which shows it.
#[partial(post)]
pub async fn add(cx: Cx<'_>, Form(new): Form<NewTodo>) -> Partial {
    let todos = cx.state().add(new.title.trim());
    if !cx.is_htmx() {
        return Partial::redirect(urls::pages::index());
    }
    Partial::new(crate::views::todo_list(todos, true))
}
