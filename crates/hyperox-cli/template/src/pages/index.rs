//! `/`: a welcome and a counter that counts on the server.

use crate::prelude::*;
use std::sync::atomic::Ordering;

/// The home page.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    let count = cx.state().count.load(Ordering::Relaxed);
    crate::layout::page(
        &cx,
        "{{name}}",
        (
            h1((class("mb-4 text-3xl font-bold"), "Welcome to {{name}}")),
            p((
                class("mb-6 text-slate-600"),
                "Edit src/pages/index.rs and save: hyperox dev rebuilds and reloads this page.",
            )),
            crate::partials::counter::view(count),
        ),
    )
}
