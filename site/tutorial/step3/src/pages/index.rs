//! `/`: the todos; `/?title=…&error=…`: with a title refused (a form
//! posted without JavaScript comes back here with it).

use crate::prelude::*;

/// A refused title and why, when a form posted without JavaScript was.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Refused {
    #[serde(default)]
    title: String,
    error: Option<String>,
}

/// The page.
#[page]
pub async fn page(cx: Cx<'_>, Query(refused): Query<Refused>) -> Page {
    let todos = cx.state().todos();
    cx.document(
        "Todos",
        main((
            class("mx-auto max-w-md p-6"),
            h1((class("mb-4 text-2xl font-bold"), "Todos")),
            crate::views::add_form(&refused.title, refused.error.as_deref()),
            crate::views::todo_list(todos, false),
        )),
    )
}
