//! The counter: a button that posts to the server and swaps in the new
//! count (without JavaScript, a form post that comes back to the page).

use crate::prelude::*;
use std::sync::atomic::Ordering;

/// The counter as it is shown.
pub fn view(count: i64) -> impl Node {
    let increment = urls::partials::counter::increment();
    form((
        id("counter"),
        class("flex items-center gap-3"),
        increment.form_attrs(),
        increment.hx(),
        htmx::target("#counter"),
        htmx::swap(htmx::Swap::outer_html()),
        output((class("text-2xl font-semibold tabular-nums"), count)),
        button((
            class("rounded-md bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700"),
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
