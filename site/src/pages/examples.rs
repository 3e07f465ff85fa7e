//! `/examples`: every live example, running, with its source.

use crate::prelude::*;

/// The examples page.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    crate::layout(
        &cx,
        "Live examples",
        (
            p((
                class("mb-4"),
                "Each example is a file of partials compiled into this site: what runs is what you read.",
            )),
            each(crate::examples::ALL.iter(), |e| e.panel()),
        ),
    )
}
