//! Active search: the results follow the field as you type, one request
//! 300 ms after the last key (`input changed delay:300ms`), and a
//! search submitted without JavaScript gets the same list.

use crate::prelude::*;

/// What is searched: htmx's attributes.
const ATTRIBUTES: &[&str] = &[
    "hx-get", "hx-post", "hx-put", "hx-patch", "hx-delete", "hx-trigger", "hx-target", "hx-swap",
    "hx-swap-oob", "hx-select", "hx-select-oob", "hx-include", "hx-vals", "hx-headers",
    "hx-confirm", "hx-indicator", "hx-disable", "hx-sync", "hx-push-url", "hx-replace-url",
    "hx-boost", "hx-on", "hx-ignore", "hx-encoding", "hx-validate", "hx-config", "hx-status",
];

/// The search's query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
}

/// The field and the results so far.
#[partial]
pub async fn form(_cx: Cx<'_>) -> Partial {
    let results = urls::partials::examples::active_search::results();
    Partial::new(div((
        label((class("flex flex-col gap-1"), span("Search htmx's attributes"),
            input((
                type_("search"),
                name("q"),
                placeholder("swap"),
                results.hx(),
                attr("hx-trigger", "input changed delay:300ms, search"),
                attr("hx-target", "#search-results"),
                class("max-w-sm rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"),
            )),
        )),
        ul((id("search-results"), attr("aria-live", "polite"), class("mt-2 list-disc pl-6"), matches(""))),
    )))
}

/// The attributes that hold the query.
#[partial]
pub async fn results(_cx: Cx<'_>, Query(s): Query<Search>) -> Partial {
    Partial::new(matches(&s.q))
}

fn matches(q: &str) -> impl Node + use<> {
    let q = q.trim().to_lowercase();
    let found: Vec<&'static str> = ATTRIBUTES.iter().copied().filter(|a| a.contains(q.as_str())).collect();
    if_else(
        found.is_empty(),
        li(textf!("Nothing matches {q:?}.")),
        each(found, |a| li(code(a))),
    )
}
