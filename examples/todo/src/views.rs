//! The todo app's components: plain functions returning nodes.

use crate::Cx;
use crate::db::{Counts, Filter, Todo};
use crate::urls::partials::todos::{by_id, index};
use hyperox::cache::Cached;
use hyperox::html::htmx::{self, OobSwap, SwapStyle};
use hyperox::prelude::*;

/// The document around a page's content.
pub fn layout(head_tags: impl Node, body_content: impl Node) -> impl Node {
    html((
        lang("en"),
        head((
            meta(charset("utf-8")),
            meta((
                name("viewport"),
                content("width=device-width, initial-scale=1"),
            )),
            title("Todos · hyperox"),
            link((
                rel("icon"),
                type_("image/svg+xml"),
                href(crate::assets::FAVICON_SVG.url),
            )),
            head_tags,
        )),
        body((
            class("min-h-screen bg-slate-100 text-slate-800 font-sans antialiased"),
            main((class("mx-auto max-w-xl px-4 py-12"), body_content)),
        )),
    ))
}

/// The form that adds a todo, with the value and error of a rejected try.
pub fn add_form(cx: &Cx<'_>, value: &str, error: Option<&str>) -> impl Node + use<> {
    let add = index::add();
    form((
        id("add-form"),
        class("flex flex-col gap-1"),
        add.form_attrs(),
        add.hx(),
        htmx::target("this"),
        htmx::swap(SwapStyle::OuterHtml),
        cx.csrf_field(),
        div((
            class("flex gap-2"),
            input((
                type_("text"),
                name("title"),
                hyperox::html::prelude::value(value.to_owned()),
                placeholder("What needs doing?"),
                autocomplete("off"),
                aria("label", "New todo"),
                autofocus(true),
                class_if(error.is_some(), "border-red-500"),
                class(
                    "flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-400",
                ),
            )),
            button((
                type_("submit"),
                class(
                    "rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700",
                ),
                "Add",
            )),
        )),
        error.map(|e| {
            p((
                class("add-error text-sm text-red-600"),
                role("alert"),
                e.to_owned(),
            ))
        }),
    ))
}

/// One todo in the list.
pub fn todo_item(cx: &Cx<'_>, t: &Todo) -> impl Node + use<> {
    item(cx.csrf_token(), t)
}

/// One todo, its toggle form carrying the CSRF token `csrf`.
fn item(csrf: &str, t: &Todo) -> impl Node + use<> {
    let toggle = by_id::toggle(t.id);
    li((
        id(format!("todo-{}", t.id)),
        class("todo group flex items-center gap-3 px-4 py-3"),
        class_if(t.done, "done"),
        form((
            toggle.form_attrs(),
            toggle.hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            hyperox::csrf::field(csrf.to_owned()),
            button((
                type_("submit"),
                class(
                    "toggle h-5 w-5 rounded-full border-2 border-slate-400 hover:border-indigo-500",
                ),
                class_if(t.done, "bg-indigo-500 border-indigo-500"),
                aria(
                    "label",
                    if t.done {
                        "Mark as active"
                    } else {
                        "Mark as done"
                    },
                ),
                aria("pressed", if t.done { "true" } else { "false" }),
            )),
        )),
        span((
            class("title flex-1"),
            class_if(t.done, "text-slate-400 line-through"),
            t.title.clone(),
        )),
        button((
            class("edit text-sm text-slate-500 hover:text-indigo-600"),
            by_id::edit(t.id).hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            "Edit",
        )),
        button((
            class("delete text-sm text-slate-500 hover:text-red-600"),
            by_id::delete(t.id).hx(),
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
            by_id::update(t.id).hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            div((
                class("flex gap-2"),
                input((
                    type_("text"),
                    name("title"),
                    hyperox::html::prelude::value(value.to_owned()),
                    aria("label", "Edit todo"),
                    autofocus(true),
                    class("flex-1 rounded border border-slate-300 px-2 py-1"),
                )),
                button((
                    type_("submit"),
                    class("save rounded bg-indigo-600 px-3 py-1 text-white"),
                    "Save",
                )),
                button((
                    type_("button"),
                    class("cancel rounded px-3 py-1 text-slate-500"),
                    by_id::view(t.id).hx(),
                    htmx::target("closest li"),
                    htmx::swap(SwapStyle::OuterHtml),
                    "Cancel",
                )),
            )),
            error.map(|e| {
                p((
                    class("edit-error text-sm text-red-600"),
                    role("alert"),
                    e.to_owned(),
                ))
            }),
        )),
    ))
}

/// The list, `oob` for an out-of-band replacement.
pub fn todo_list<'t>(cx: &Cx<'_>, todos: &'t [Todo], oob: bool) -> impl Node + use<'t> {
    list_of(cx.csrf_token().to_owned(), todos.iter(), oob)
}

/// The list of `todos` (borrowed or owned), their forms carrying the CSRF
/// token `csrf`.
fn list_of<I>(csrf: String, todos: I, oob: bool) -> impl Node
where
    I: IntoIterator<IntoIter: Clone>,
    I::Item: std::borrow::Borrow<Todo>,
{
    ul((
        id("todo-list"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("divide-y divide-slate-100"),
        each(todos, move |t| item(&csrf, std::borrow::Borrow::borrow(&t))),
    ))
}

/// The list and the footer under `filter`, as the page and the filter
/// links show them (the footer out of band when `footer_oob`): rendered
/// once per revision of the todos and per client (the forms carry its
/// CSRF token), kept a minute in the app's cache. Several instances with
/// one database and one Redis share the renders; a change moves the
/// revision on, so a render never outlives it.
pub async fn listing(cx: &Cx<'_>, filter: Filter, footer_oob: bool) -> Result<Cached, Rejection> {
    let db = cx.state().db.clone();
    let revision = db.revision().await?;
    let key = (filter, revision, cx.csrf_token().to_owned(), footer_oob);
    cx.try_cached_by(
        std::time::Duration::from_secs(60),
        key,
        |(filter, _, csrf, footer_oob)| async move {
            let (todos, counts) = db.list_and_counts(filter).await?;
            Ok::<_, crate::db::Error>((
                list_of(csrf.clone(), todos, false),
                footer_with(csrf, counts, filter, footer_oob),
            ))
        },
    )
    .await
    .map_err(|e| match &e {
        hyperox::cache::Error::Compute(inner) => inner
            .downcast_ref::<crate::db::Error>()
            .map_or_else(|| e.clone().into(), Rejection::from),
        _ => e.into(),
    })
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
pub fn footer_bar(cx: &Cx<'_>, c: Counts, current: Filter, oob: bool) -> impl Node + use<> {
    footer_with(cx.csrf_token().to_owned(), c, current, oob)
}

/// The footer, its form carrying the CSRF token `csrf`.
fn footer_with(csrf: String, c: Counts, current: Filter, oob: bool) -> impl Node + use<> {
    let clear = index::clear();
    div((
        id("todo-footer"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("flex items-center justify-between gap-2 border-t border-slate-200 px-4 py-3"),
        count(c, false),
        nav((
            class("flex gap-1"),
            each(Filter::ALL, move |f| {
                let page = crate::urls::pages::index().query("filter", f.as_str());
                let list = index::list().query("filter", f.as_str());
                a((
                    class("filter rounded px-2 py-1 text-sm"),
                    class_if(f == current, "selected bg-indigo-100 text-indigo-700"),
                    page.href(),
                    list.hx(),
                    htmx::target("#todo-list"),
                    htmx::swap(SwapStyle::OuterHtml),
                    htmx::push_url(page.into_url()),
                    match f {
                        Filter::All => "All",
                        Filter::Active => "Active",
                        Filter::Completed => "Completed",
                    },
                ))
            }),
        )),
        form((
            clear.form_attrs(),
            clear.hx(),
            htmx::swap(SwapStyle::None),
            hyperox::csrf::field(csrf),
            button((
                type_("submit"),
                class("clear text-sm text-slate-500 hover:text-red-600"),
                disabled(c.completed == 0),
                class_if(c.completed == 0, "invisible"),
                "Clear completed",
            )),
        )),
    ))
}
