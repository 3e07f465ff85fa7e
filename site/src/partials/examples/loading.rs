//! A form with a loading state: while its request runs the button is
//! marked busy (`aria-busy`, set by hyperox's client) and the spinner
//! named by `hx-indicator` shows; a second click meanwhile sends nothing.

use crate::prelude::*;
use std::time::Duration;

/// The form.
#[partial]
pub async fn form(_cx: Cx<'_>) -> Partial {
    let slow = urls::partials::examples::loading::slow();
    Partial::new(element::form((
        slow.form_attrs(),
        slow.hx(),
        attr("hx-target", "#loading-result"),
        attr("hx-indicator", "#loading-spinner"),
        class("flex items-center gap-3"),
        button((class("rounded bg-indigo-600 px-3 py-1 text-white aria-busy:opacity-60"), "Run a slow job")),
        span((id("loading-spinner"), class("htmx-indicator"), attr("role", "status"), "Working…")),
        output((id("loading-result"), attr("aria-live", "polite"))),
    )))
}

/// A job that takes a second.
#[partial(post)]
pub async fn slow(_cx: Cx<'_>) -> Partial {
    tokio::time::sleep(Duration::from_secs(1)).await;
    Partial::new("Done.")
}
