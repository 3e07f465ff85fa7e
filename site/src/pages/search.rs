//! `/search?q=`: the guide's pages holding every word of the query,
//! updated as you type (and served whole without JavaScript).

use crate::partials::search::SearchQuery;
use crate::prelude::*;

/// The search page.
#[page]
pub async fn page(cx: Cx<'_>, Query(s): Query<SearchQuery>) -> Page {
    let results = urls::partials::search::results();
    crate::layout(
        &cx,
        "Search the guide",
        (
            form((
                attr("role", "search"),
                attr("action", urls::pages::search().url()),
                label((class("flex flex-col gap-1"), span("Words to find"),
                    input((
                        type_("search"),
                        name("q"),
                        attr::value(s.q.clone()),
                        results.hx(),
                        attr("hx-trigger", "input changed delay:300ms, search"),
                        attr("hx-target", "#results"),
                        class("max-w-md rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"),
                    )),
                )),
            )),
            div((id("results"), attr("aria-live", "polite"), class("mt-4"), crate::partials::search::hits(&s.q))),
        ),
    )
}
