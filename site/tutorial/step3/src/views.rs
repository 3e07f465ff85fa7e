//! How a todo, the list and the form are shown.

use crate::Todo;
use crate::prelude::*;
use hyperox::html::htmx::{OobSwap, SwapStyle};

/// The form that adds a todo, with the title typed and why it was
/// refused, if it was. htmx posts it and swaps nothing in its place (the
/// list comes out of band) and empties it, or swaps in the form with its
/// error when the answer is 422; without JavaScript, the browser posts
/// it and the answer brings it back to the page.
pub fn add_form(typed: &str, error: Option<&str>) -> impl Node + use<> {
    let add = urls::partials::todos::add();
    form((
        id("add"),
        class("mb-4 flex flex-col gap-1"),
        add.form_attrs(),
        add.hx(),
        htmx::target("this"),
        htmx::swap(SwapStyle::None),
        htmx::status("422", "swap:outerHTML"),
        htmx::reset_on_success(),
        div((
            class("flex gap-2"),
            input((
                type_("text"),
                name("title"),
                attr::value(typed.to_owned()),
                aria("label", "New todo"),
                aria("describedby", "add-error"),
                if_(error.is_some(), aria("invalid", "true")),
                placeholder("What needs doing?"),
                class("flex-1 rounded border border-slate-300 px-2 py-1"),
            )),
            button((class("rounded bg-indigo-600 px-3 py-1 text-white"), "Add")),
        )),
        p((
            id("add-error"),
            class("text-sm text-red-700"),
            error.map(str::to_owned),
        )),
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
