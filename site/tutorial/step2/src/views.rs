//! How a todo, the list and the form are shown.

use crate::Todo;
use crate::prelude::*;
use hyperox::html::htmx::{OobSwap, SwapStyle};

/// The form that adds a todo. htmx posts it and swaps nothing in its
/// place (the list comes out of band) and empties it; without
/// JavaScript, the browser posts it and the answer brings it back to
/// the page.
pub fn add_form() -> impl Node {
    let add = urls::partials::todos::add();
    form((
        id("add"),
        class("mb-4 flex gap-2"),
        add.form_attrs(),
        add.hx(),
        htmx::swap(SwapStyle::None),
        htmx::reset_on_success(),
        input((
            type_("text"),
            name("title"),
            aria("label", "New todo"),
            placeholder("What needs doing?"),
            class("flex-1 rounded border border-slate-300 px-2 py-1"),
        )),
        button((class("rounded bg-indigo-600 px-3 py-1 text-white"), "Add")),
    ))
}

/// The list, or a line saying it is empty; `oob`: swapped out of band,
/// in place of the list the page shows.
pub fn todo_list(todos: Vec<Todo>, oob: bool) -> impl Node {
    div((
        id("list"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        todos
            .is_empty()
            .then(|| p((id("empty"), "Nothing to do yet."))),
        ul((
            id("todos"),
            class("divide-y"),
            each(todos, |t| todo_item(&t)),
        )),
    ))
}

/// One todo.
pub fn todo_item(todo: &Todo) -> impl Node + use<> {
    li((
        id(("todo-", todo.id)),
        class("py-2"),
        class_if(todo.done, "line-through text-slate-500"),
        todo.title.clone(),
    ))
}
