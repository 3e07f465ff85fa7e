//! The search results, as the search field asks for them.

use crate::prelude::*;

/// The query.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
}

/// The hits for `q`.
#[partial]
pub async fn results(_cx: Cx<'_>, Query(s): Query<SearchQuery>) -> Partial {
    Partial::new(hits(&s.q))
}

/// The hits for `q`, as a list (nothing for an empty query).
pub fn hits(q: &str) -> impl Node + use<> {
    let found = crate::guide::search(q);
    let asked = !q.trim().is_empty();
    (
        (asked && found.is_empty()).then(|| p(textf!("No page holds {:?}.", q.trim()))),
        ol((
            class("flex flex-col gap-3"),
            each(found, |h| {
                li((
                    a((
                        class("font-medium text-indigo-700 hover:underline dark:text-indigo-300"),
                        urls::pages::guide::by_slug(h.page.slug).href(),
                        h.page.title,
                    )),
                    p((class("text-sm text-slate-600 dark:text-slate-300"), h.excerpt)),
                ))
            }),
        )),
    )
}
