//! How a todo and the list are shown.

use crate::Todo;
use crate::prelude::*;

/// The list, or a line saying it is empty.
pub fn todo_list(todos: Vec<Todo>) -> impl Node {
    (
        todos
            .is_empty()
            .then(|| p((id("empty"), "Nothing to do yet."))),
        ul((
            id("todos"),
            class("divide-y"),
            each(todos, |t| todo_item(&t)),
        )),
    )
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
