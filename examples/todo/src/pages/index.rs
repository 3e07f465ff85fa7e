//! The todo list page.

use crate::db::Filter;
use crate::prelude::*;
use crate::views::{self, Editing};
use crate::{TitleError, views::announcement};

/// The page's query: the filter, and what a form posted without
/// JavaScript left to show (an edit to open, a refused title and why).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    /// `all`, `active` or `completed`.
    #[serde(default)]
    pub filter: Option<String>,
    /// The todo whose editor is open.
    #[serde(default)]
    pub edit: Option<i64>,
    /// The refused title.
    #[serde(default)]
    pub title: Option<String>,
    /// Why it was refused (`empty`, `long`).
    #[serde(default)]
    pub error: Option<String>,
}

/// `GET /?filter=all|active|completed[&edit=ID][&title=…&error=…]`.
#[page]
pub async fn page(cx: Cx<'_>, Query(q): Query<PageQuery>) -> Result<Page, Rejection> {
    let filter = Filter::parse(q.filter.as_deref());
    let error = q.error.as_deref().and_then(TitleError::parse);
    let title = q.title.unwrap_or_default();
    let (add_value, add_error, editing) = match q.edit {
        Some(id) => (
            String::new(),
            None,
            Some(Editing {
                id,
                value: title,
                error,
            }),
        ),
        None => (title, error, None),
    };
    render(&cx, filter, &add_value, add_error, editing).await
}

/// The page, with the add form showing `value` and `error`, and the todo
/// `editing` names in its editor.
pub async fn render(
    cx: &Cx<'_>,
    filter: Filter,
    value: &str,
    error: Option<TitleError>,
    editing: Option<Editing>,
) -> Result<Page, Rejection> {
    let counts = cx.state().db.counts().await?;
    let editor_open = editing.is_some();
    let listing = match editing {
        Some(mut e) => {
            if e.value.is_empty()
                && e.error.is_none()
                && let Some(t) = cx.state().db.get(e.id).await?
            {
                e.value = t.title;
            }
            (None, Some(views::listing_editing(cx, filter, e).await?))
        }
        None => (Some(views::listing(cx, filter, false).await?), None),
    };
    Ok(views::layout(
        cx,
        views::page_title(filter),
        (
            header((
                class("mb-6 flex items-baseline justify-between"),
                h1((class("text-4xl font-bold tracking-tight text-indigo-600"), "todos")),
                span((class("subtitle text-xs text-slate-600"), "hyperox + htmx")),
            )),
            section((
                class("overflow-hidden rounded-xl bg-white shadow"),
                aria("labelledby", "list-heading"),
                h2((id("list-heading"), class("sr-only"), "Your todos")),
                div((class("p-3 sm:p-4"), views::add_form(filter, value, error, !editor_open))),
                listing,
            )),
            announcement(counts, false),
            views::sync(),
        ),
    ))
}
