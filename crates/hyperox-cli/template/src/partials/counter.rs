//! The counter: a button that posts to the server and swaps in the new
//! count.

use crate::prelude::*;
use std::sync::atomic::Ordering;

/// The counter as it is shown.
pub fn view(count: i64) -> impl Node {
    div((
        id("counter"),
        class("flex items-center gap-3"),
        span((class("text-2xl font-semibold tabular-nums"), count)),
        button((
            class("rounded-md bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700"),
            urls::partials::counter::increment().hx(),
            htmx::target("#counter"),
            htmx::swap(htmx::Swap::outer_html()),
            "+1",
        )),
    ))
}

/// Adds one and answers with the new counter.
#[partial(post)]
pub async fn increment(cx: Cx<'_>) -> Partial {
    let count = cx.state().count.fetch_add(1, Ordering::Relaxed) + 1;
    Partial::new(view(count))
}
