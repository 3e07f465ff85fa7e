//! The todo app's components: plain functions returning nodes.

use crate::db::{Counts, Filter, Todo};
use crate::urls::partials::todos::{by_id, index};
use hyperox::html::htmx::{self, OobSwap, SwapStyle};
use hyperox::prelude::*;

/// The document around a page's content.
pub fn layout(head_tags: impl Node, content: impl Node) -> impl Node {
    html((
        attr("lang", "en"),
        head((
            meta(attr("charset", "utf-8")),
            meta((
                attr("name", "viewport"),
                attr("content", "width=device-width, initial-scale=1"),
            )),
            title("Todos · hyperox"),
            link((
                attr("rel", "icon"),
                attr("type", "image/svg+xml"),
                attr("href", crate::assets::FAVICON_SVG.url),
            )),
            head_tags,
        )),
        body((
            class("min-h-screen bg-slate-100 text-slate-800 font-sans antialiased"),
            main((class("mx-auto max-w-xl px-4 py-12"), content)),
        )),
    ))
}

/// The form that adds a todo, with the value and error of a rejected try.
pub fn add_form(csrf: String, value: &str, error: Option<&str>) -> impl Node {
    form((
        id("add-form"),
        class("flex flex-col gap-1"),
        attr("method", "post"),
        attr("action", index::ADD.url()),
        index::ADD.hx(),
        htmx::target("this"),
        htmx::swap(SwapStyle::OuterHtml),
        hyperox::csrf::field(csrf),
        div((
            class("flex gap-2"),
            input((
                attr("type", "text"),
                attr("name", "title"),
                attr("value", value.to_owned()),
                attr("placeholder", "What needs doing?"),
                attr("autocomplete", "off"),
                attr("aria-label", "New todo"),
                bool_attr("autofocus", true),
                class_if(error.is_some(), "border-red-500"),
                class(
                    "flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-400",
                ),
            )),
            button((
                attr("type", "submit"),
                class(
                    "rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700",
                ),
                "Add",
            )),
        )),
        error.map(|e| {
            p((
                class("add-error text-sm text-red-600"),
                attr("role", "alert"),
                e.to_owned(),
            ))
        }),
    ))
}

/// One todo in the list.
pub fn todo_item(t: &Todo) -> impl Node + use<> {
    let toggle = by_id::TOGGLE.to(&[&t.id]);
    li((
        id(format!("todo-{}", t.id)),
        class("todo group flex items-center gap-3 px-4 py-3"),
        class_if(t.done, "done"),
        form((
            attr("method", "post"),
            attr("action", toggle.clone()),
            attr("hx-post", toggle),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            button((
                attr("type", "submit"),
                class(
                    "toggle h-5 w-5 rounded-full border-2 border-slate-400 hover:border-indigo-500",
                ),
                class_if(t.done, "bg-indigo-500 border-indigo-500"),
                attr(
                    "aria-label",
                    if t.done {
                        "Mark as active"
                    } else {
                        "Mark as done"
                    },
                ),
                attr("aria-pressed", if t.done { "true" } else { "false" }),
            )),
        )),
        span((
            class("title flex-1"),
            class_if(t.done, "text-slate-400 line-through"),
            t.title.clone(),
        )),
        button((
            class("edit text-sm text-slate-500 hover:text-indigo-600"),
            by_id::EDIT.hx_to(&[&t.id]),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            "Edit",
        )),
        button((
            class("delete text-sm text-slate-500 hover:text-red-600"),
            by_id::DELETE.hx_to(&[&t.id]),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::Delete),
            "Delete",
        )),
    ))
}

/// The inline editor of a todo.
pub fn todo_editor(t: &Todo, value: &str, error: Option<&str>) -> impl Node + use<> {
    li((
        id(format!("todo-{}", t.id)),
        class("todo editing px-4 py-3"),
        form((
            class("flex flex-col gap-1"),
            by_id::UPDATE.hx_to(&[&t.id]),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            div((
                class("flex gap-2"),
                input((
                    attr("type", "text"),
                    attr("name", "title"),
                    attr("value", value.to_owned()),
                    attr("aria-label", "Edit todo"),
                    bool_attr("autofocus", true),
                    class("flex-1 rounded border border-slate-300 px-2 py-1"),
                )),
                button((
                    attr("type", "submit"),
                    class("save rounded bg-indigo-600 px-3 py-1 text-white"),
                    "Save",
                )),
                button((
                    attr("type", "button"),
                    class("cancel rounded px-3 py-1 text-slate-500"),
                    by_id::VIEW.hx_to(&[&t.id]),
                    htmx::target("closest li"),
                    htmx::swap(SwapStyle::OuterHtml),
                    "Cancel",
                )),
            )),
            error.map(|e| {
                p((
                    class("edit-error text-sm text-red-600"),
                    attr("role", "alert"),
                    e.to_owned(),
                ))
            }),
        )),
    ))
}

/// The list, `oob` for an out-of-band replacement.
pub fn todo_list(todos: &[Todo], oob: bool) -> impl Node + use<'_> {
    ul((
        id("todo-list"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("divide-y divide-slate-100"),
        each(todos.iter(), todo_item),
    ))
}

/// "N items left", `oob` for an out-of-band replacement.
pub fn count(c: Counts, oob: bool) -> impl Node {
    span((
        id("todo-count"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("text-sm text-slate-500"),
        textf!(
            "{} {} left",
            c.active,
            if c.active == 1 { "item" } else { "items" }
        ),
    ))
}

/// The filter links and the clear-completed button.
pub fn footer_bar(c: Counts, current: Filter, csrf: String, oob: bool) -> impl Node {
    div((
        id("todo-footer"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-3"),
        count(c, false),
        nav((
            class("flex gap-1"),
            each(Filter::ALL, move |f| {
                let href = format!("/?filter={}", f.as_str());
                let list = format!("{}?filter={}", index::LIST.url(), f.as_str());
                a((
                    class("filter rounded px-2 py-1 text-sm"),
                    class_if(f == current, "selected bg-indigo-100 text-indigo-700"),
                    attr("href", href.clone()),
                    attr("hx-get", list),
                    htmx::target("#todo-list"),
                    htmx::swap(SwapStyle::OuterHtml),
                    htmx::push_url(href),
                    match f {
                        Filter::All => "All",
                        Filter::Active => "Active",
                        Filter::Completed => "Completed",
                    },
                ))
            }),
        )),
        form((
            attr("method", "post"),
            attr("action", index::CLEAR.url()),
            index::CLEAR.hx(),
            htmx::swap(SwapStyle::None),
            hyperox::csrf::field(csrf),
            button((
                attr("type", "submit"),
                class("clear text-sm text-slate-500 hover:text-red-600"),
                bool_attr("disabled", c.completed == 0),
                class_if(c.completed == 0, "invisible"),
                "Clear completed",
            )),
        )),
    ))
}
