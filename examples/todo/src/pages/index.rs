//! The todo list page.

use crate::AppState;
use crate::db::Filter;
use crate::views;
use hyperox::http::StatusCode;
use hyperox::prelude::*;

/// `GET /?filter=all|active|completed`.
pub async fn page(mut cx: Cx<'_, AppState>) -> Result<Page, Rejection> {
    let filter = Filter::parse(cx.query_value("filter").as_deref());
    render(&mut cx, filter, "", None).await
}

/// The page, with the add form showing `value` and `error` (a 422 when
/// there is an error: a form posted without JavaScript).
pub async fn render(
    cx: &mut Cx<'_, AppState>,
    filter: Filter,
    value: &str,
    error: Option<&str>,
) -> Result<Page, Rejection> {
    let db = cx.state().db.clone();
    let (todos, counts) = db.list_and_counts(filter).await?;
    let csrf = cx.csrf_token().to_owned();
    let head = cx.head();
    let page = Page::new(views::layout(
        head,
        (
            header((
                class("mb-6 flex items-baseline justify-between"),
                h1((class("text-4xl font-bold tracking-tight text-indigo-600"), "todos")),
                span((class("text-xs text-slate-400"), "hyperox + htmx")),
            )),
            section((
                class("overflow-hidden rounded-xl bg-white shadow"),
                div((class("p-4"), views::add_form(csrf.clone(), value, error))),
                views::todo_list(&todos, false),
                views::footer_bar(counts, filter, csrf, false),
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
