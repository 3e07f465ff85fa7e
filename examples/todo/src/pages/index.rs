//! The todo list page.

use crate::db::Filter;
use crate::prelude::*;
use crate::{FilterQuery, views};
use hyperox::http::StatusCode;

/// `GET /?filter=all|active|completed`.
#[page]
pub async fn page(cx: Cx<'_>, Query(q): Query<FilterQuery>) -> Result<Page, Rejection> {
    render(&cx, q.filter(), "", None).await
}

/// The page, with the add form showing `value` and `error` (a 422 when
/// there is an error: a form posted without JavaScript).
pub async fn render(
    cx: &Cx<'_>,
    filter: Filter,
    value: &str,
    error: Option<&str>,
) -> Result<Page, Rejection> {
    let listing = views::listing(cx, filter, false).await?;
    let page = Page::new(views::layout(
        cx.head(),
        (
            header((
                class("mb-6 flex items-baseline justify-between"),
                h1((class("text-4xl font-bold tracking-tight text-indigo-600"), "todos")),
                span((class("text-xs text-slate-400"), "hyperox + htmx")),
            )),
            section((
                class("overflow-hidden rounded-xl bg-white shadow"),
                div((class("p-4"), views::add_form(cx, value, error))),
                listing,
            )),
            p((
                class("mt-4 text-sm text-red-600"),
                attr("data-hyperox-errors", ""),
                bool_attr("hidden", true),
            )),
        ),
    ));
    Ok(if error.is_some() {
        page.status(StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    })
}
