//! Infinite scroll: the last row of each page asks for the next one when
//! it scrolls into view (`hx-trigger="revealed"`), and the answer goes
//! after it; a link does the same without JavaScript.

use crate::prelude::*;

const PER_PAGE: u32 = 8;
const PAGES: u32 = 4;

/// Which page of rows.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Which {
    #[serde(default)]
    page: u32,
}

/// The first rows, in a box that scrolls.
#[partial]
pub async fn list(_cx: Cx<'_>) -> Partial {
    Partial::new(section((
        class("max-h-48 overflow-y-auto rounded border border-slate-200 dark:border-slate-700"),
        attr("tabindex", "0"),
        aria("label", "Rows"),
        ul((id("rows"), class("divide-y divide-slate-200 dark:divide-slate-700"), rows(0))),
    )))
}

/// The rows of `page`.
#[partial]
pub async fn more(_cx: Cx<'_>, Query(which): Query<Which>) -> Partial {
    Partial::new(rows(which.page.min(PAGES - 1)))
}

fn rows(page: u32) -> impl Node + use<> {
    let first = page * PER_PAGE;
    let next = urls::partials::examples::infinite_scroll::more();
    let last = first + PER_PAGE - 1;
    each(first..=last, move |n| {
        let loads_more = n == last && page + 1 < PAGES;
        li((
            class("px-3 py-1"),
            loads_more.then(|| {
                (
                    attr("hx-get", format!("{}?page={}", next.url(), page + 1)),
                    attr("hx-trigger", "revealed"),
                    attr("hx-swap", "afterend"),
                )
            }),
            textf!("Row {}", n + 1),
        ))
    })
}
