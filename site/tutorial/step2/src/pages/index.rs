//! `/`: the todos.

use crate::prelude::*;

/// The page.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    let todos = cx.state().todos();
    cx.document(
        "Todos",
        main((
            class("mx-auto max-w-md p-6"),
            h1((class("mb-4 text-2xl font-bold"), "Todos")),
            crate::views::add_form(),
            crate::views::todo_list(todos, false),
        )),
    )
}
