//! The todo app's components: plain functions returning nodes.
//!
//! Every control works without JavaScript too: the forms post to the
//! partials (a DELETE through `_method`), the edit and cancel controls are
//! links to the page, and the filter rides along in every address.

use crate::db::{Counts, Filter, Todo};
use crate::urls::partials::todos::{by_id, index};
use crate::{Cx, TitleError, current_filter, under};
use hyperox::cache::Cached;
use hyperox::html::htmx::{self, OobSwap, SwapStyle, Trigger};
use hyperox::prelude::*;

/// The document around a page's content.
/// The page's title under `filter`: a filtered list says which.
pub fn page_title(filter: Filter) -> &'static str {
    match filter {
        Filter::All => "Todos · hyperox",
        Filter::Active => "Active todos · hyperox",
        Filter::Completed => "Completed todos · hyperox",
    }
}

/// A page: the document around `inner`, titled `page_title`, with
/// the head tags of `cx`.
pub fn layout(cx: &Cx<'_>, page_title: &str, inner: impl Node) -> Page {
    cx.document(
        page_title,
        body((
            class("min-h-screen bg-slate-100 text-slate-800 font-sans antialiased"),
            main((class("mx-auto max-w-xl px-3 py-12 sm:px-4"), inner)),
        )),
    )
}

/// An edit in progress: the todo, what its field holds, and why the last
/// try was refused.
#[derive(Debug, Clone)]
pub struct Editing {
    /// The todo being edited.
    pub id: i64,
    /// What the field holds.
    pub value: String,
    /// Why the last save was refused.
    pub error: Option<TitleError>,
}

/// The form that adds a todo under `filter`, with the value and error of
/// a refused try. It stays in place when an add succeeds (the list and
/// footer come out of band), so what is typed while an add is sent is
/// kept; a refused add (422) swaps the form with its error.
///
/// The field takes the page's focus unless `focus` is false (an editor
/// open on the same page has it).
pub fn add_form(
    filter: Filter,
    typed: &str,
    error: Option<TitleError>,
    focus: bool,
) -> impl Node + use<> {
    let add = under(index::add(), filter);
    form((
        id("add-form"),
        class("flex flex-col gap-1"),
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
                value(typed.to_owned()),
                placeholder("What needs doing?"),
                autocomplete("off"),
                aria("label", "New todo"),
                aria("describedby", "add-error"),
                if_(error.is_some(), aria("invalid", "true")),
                autofocus(focus),
                class(
                    "min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm placeholder:text-slate-500 focus:outline-none focus:ring-2 focus:ring-indigo-400",
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
        p((
            id("add-error"),
            class("add-error text-sm text-red-700"),
            role("alert"),
            htmx::form_error(),
            error.map(TitleError::message),
        )),
    ))
}

/// One todo in the list, for the page `cx` serves.
pub fn todo_item(cx: &Cx<'_>, t: &Todo) -> impl Node + use<> {
    item(current_filter(cx), t)
}

/// One todo under `filter`. Its forms get their CSRF field from the
/// framework as the answer goes out, so a render is the same for every
/// browser (and can be cached as one).
fn item(filter: Filter, t: &Todo) -> impl Node + use<> {
    let toggle = under(by_id::toggle(t.id), filter);
    let delete = under(by_id::delete(t.id), filter);
    let edit_page = under(crate::urls::pages::index(), filter).query("edit", t.id);
    let name = &t.title;
    li((
        id(("todo-", t.id)),
        class("todo flex items-center gap-2 px-3 py-2 sm:px-4"),
        class_if(t.done, "done"),
        form((
            class("flex"),
            toggle.form_attrs(),
            toggle.hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            button((
                id(("toggle-", t.id)),
                type_("submit"),
                class(
                    "toggle h-6 w-6 shrink-0 rounded-full border-2 border-slate-400 hover:border-indigo-500",
                ),
                class_if(t.done, "bg-indigo-500 border-indigo-500"),
                aria(
                    "label",
                    if t.done {
                        format!("Mark “{name}” as active")
                    } else {
                        format!("Mark “{name}” as done")
                    },
                ),
                aria("pressed", if t.done { "true" } else { "false" }),
            )),
        )),
        span((
            class("title min-w-0 flex-1 break-words"),
            class_if(t.done, "text-slate-500 line-through"),
            name.clone(),
        )),
        a((
            id(("edit-", t.id)),
            class("edit rounded px-2 py-1 text-sm text-slate-600 hover:text-indigo-700"),
            edit_page.href(),
            by_id::edit(t.id).hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            aria("label", format!("Edit “{name}”")),
            "Edit",
        )),
        form((
            class("flex"),
            delete.form_attrs(),
            button((
                id(("delete-", t.id)),
                type_("submit"),
                class("delete rounded px-2 py-1 text-sm text-slate-600 hover:text-red-700"),
                delete.hx(),
                htmx::target("closest li"),
                htmx::swap(SwapStyle::Delete),
                aria("label", format!("Delete “{name}”")),
                "Delete",
            )),
        )),
    ))
}

/// The inline editor of a todo under `filter`: Save, and Cancel (or
/// Escape) back to the item.
///
/// `rev` is the revision of the todos the editor opened on: its Save and
/// Cancel send it back, so that their answer can tell the list to catch
/// up with what changed meanwhile (none without JavaScript, whose page
/// reloads whole).
pub fn todo_editor(
    filter: Filter,
    t: &Todo,
    typed: &str,
    error: Option<TitleError>,
    rev: Option<i64>,
) -> impl Node + use<> {
    let update = under(by_id::update(t.id), filter);
    let cancel = match rev {
        Some(rev) => by_id::view(t.id).query("rev", rev),
        None => by_id::view(t.id),
    };
    let error_id = format!("edit-error-{}", t.id);
    li((
        id(("todo-", t.id)),
        class("todo editing px-3 py-2 sm:px-4"),
        form((
            class("flex flex-col gap-1"),
            update.form_attrs(),
            update.hx(),
            htmx::target("closest li"),
            htmx::swap(SwapStyle::OuterHtml),
            rev.map(|rev| input((type_("hidden"), name("rev"), value(rev.to_string())))),
            div((
                class("flex flex-wrap gap-2"),
                input((
                    type_("text"),
                    name("title"),
                    value(typed.to_owned()),
                    aria("label", format!("Edit “{}”", t.title)),
                    aria("describedby", error_id.clone()),
                    if_(error.is_some(), aria("invalid", "true")),
                    autofocus(true),
                    class(
                        "min-w-0 flex-1 basis-40 rounded border border-slate-300 px-2 py-1 focus:outline-none focus:ring-2 focus:ring-indigo-400",
                    ),
                )),
                button((
                    type_("submit"),
                    class("save rounded bg-indigo-600 px-3 py-1 text-white"),
                    "Save",
                )),
                a((
                    class("cancel rounded px-3 py-1 text-slate-600"),
                    under(crate::urls::pages::index(), filter).href(),
                    cancel.hx(),
                    htmx::target("closest li"),
                    htmx::swap(SwapStyle::OuterHtml),
                    htmx::trigger(
                        Trigger::on("click").or(Trigger::on("keydown")
                            .filter("key=='Escape'")
                            .listen_on("closest li")),
                    ),
                    "Cancel",
                )),
            )),
            p((
                id(error_id),
                class("edit-error text-sm text-red-700"),
                role("alert"),
                error.map(TitleError::message),
            )),
        )),
    ))
}

/// The list, `oob` for an out-of-band replacement.
pub fn todo_list<'t>(cx: &Cx<'_>, todos: &'t [Todo], oob: bool) -> impl Node + use<'t> {
    list_of(current_filter(cx), todos.iter(), None, oob)
}

/// The list of `todos` (borrowed or owned) under `filter`, the one
/// `editing` names in its editor.
fn list_of<I>(filter: Filter, todos: I, editing: Option<Editing>, oob: bool) -> impl Node
where
    I: IntoIterator<IntoIter: Clone>,
    I::Item: std::borrow::Borrow<Todo>,
{
    let refresh = index::list().query("filter", filter.as_str());
    ul((
        id("todo-list"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class("divide-y divide-slate-100"),
        // Another page changed the todos: fetch the list again, unless
        // an edit is open here (the list catches up when it closes).
        refresh.hx(),
        // An edit closed on a list that missed changes: catch up.
        htmx::trigger(
            Trigger::on(crate::CHANGED)
                .filter("!document.querySelector('#todo-list li.editing')")
                .listen_on("#todo-sync")
                .or(Trigger::on(crate::STALE).listen_on("body")),
        ),
        htmx::target("this"),
        htmx::swap(SwapStyle::OuterHtml),
        each(todos, move |t| {
            let t: &Todo = std::borrow::Borrow::borrow(&t);
            match &editing {
                Some(e) if e.id == t.id => {
                    (Some(todo_editor(filter, t, &e.value, e.error, None)), None)
                }
                _ => (None, Some(item(filter, t))),
            }
        }),
    ))
}

/// The list and the footer under `filter`, as the page and the filter
/// links show them (the footer out of band when `footer_oob`): rendered
/// once per revision of the todos, the same for every client (the forms
/// get each client's CSRF field as the answer goes out), kept a minute in
/// the app's cache. Several instances with one database and one Redis
/// share the renders; a change moves the revision on, so a render never
/// outlives it.
pub async fn listing(cx: &Cx<'_>, filter: Filter, footer_oob: bool) -> Result<Cached, Rejection> {
    let db = cx.state().db.clone();
    let revision = db.revision().await?;
    let key = (filter, revision, footer_oob);
    cx.try_cached_by(
        std::time::Duration::from_secs(60),
        key,
        |(filter, _, footer_oob)| async move {
            let (todos, counts) = db.list_and_counts(filter).await?;
            Ok::<_, crate::db::Error>((
                list_of(filter, todos, None, false),
                footer_with(counts, filter, footer_oob),
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

/// The list with one todo in its editor (the page of a browser without
/// JavaScript that followed an Edit link), and the footer; not cached.
pub async fn listing_editing(
    cx: &Cx<'_>,
    filter: Filter,
    editing: Editing,
) -> Result<impl Node + use<>, Rejection> {
    let (todos, counts) = cx.state().db.list_and_counts(filter).await?;
    Ok((
        list_of(filter, todos, Some(editing), false),
        footer_with(counts, filter, false),
    ))
}

/// "N items left".
fn count(c: Counts) -> impl Node {
    span((
        id("todo-count"),
        class("whitespace-nowrap text-sm text-slate-600"),
        items_left(c),
    ))
}

/// "N items left" as text.
fn items_left(c: Counts) -> String {
    format!(
        "{} {} left",
        c.active,
        if c.active == 1 { "item" } else { "items" }
    )
}

/// The polite live region that announces the count after a change; the
/// page has it once, and changes fill it out of band (its node stays, so
/// screen readers announce the new text).
pub fn announcement(c: Counts, oob: bool) -> impl Node {
    p((
        id("todo-status"),
        class("sr-only"),
        role("status"),
        aria("live", "polite"),
        if_(oob, htmx::swap_oob(OobSwap::style(SwapStyle::InnerHtml))),
        items_left(c),
    ))
}

/// What a change sends besides its own swap: the footer and the
/// announcement out of band.
pub fn after_change(cx: &Cx<'_>, c: Counts) -> impl Node + use<> {
    (
        footer_with(c, current_filter(cx), true),
        announcement(c, true),
    )
}

/// The footer.
fn footer_with(c: Counts, current: Filter, oob: bool) -> impl Node + use<> {
    let clear = under(index::clear(), current);
    div((
        id("todo-footer"),
        if_(oob, htmx::swap_oob(OobSwap::same_id())),
        class(
            "flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-3 py-2 sm:px-4",
        ),
        count(c),
        nav((
            class("flex gap-0.5 sm:gap-1"),
            aria("label", "Filter"),
            each(Filter::ALL, move |f| {
                let page = crate::urls::pages::index().query("filter", f.as_str());
                let list = index::list().query("filter", f.as_str());
                a((
                    class(
                        "filter whitespace-nowrap rounded px-1.5 py-1 text-sm text-slate-600 sm:px-2",
                    ),
                    class_if(f == current, "selected bg-indigo-100 text-indigo-700"),
                    if_(f == current, aria("current", "page")),
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
            class("flex"),
            clear.form_attrs(),
            clear.hx(),
            htmx::swap(SwapStyle::None),
            button((
                type_("submit"),
                class(
                    "clear whitespace-nowrap rounded px-1.5 py-1 text-sm text-slate-600 hover:text-red-700",
                ),
                disabled(c.completed == 0),
                class_if(c.completed == 0, "invisible"),
                aria("label", "Clear completed"),
                "Clear",
                span((class("hidden sm:inline"), " completed")),
            )),
        )),
    ))
}

/// The element that holds the page's live-update stream: changes other
/// pages make (other browsers, and this browser's other tabs) arrive as
/// `todos-changed` events on it.
pub fn sync() -> impl Node {
    div((
        id("todo-sync"),
        hidden(true),
        htmx::sse_connect(index::events()),
    ))
}
