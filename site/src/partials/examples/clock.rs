//! A clock over server-sent events: the page opens a stream on the room
//! `clock`, and a task of the server (`examples::start_clock`) pushes
//! the time to that room every second, swapped in by its id.

use crate::prelude::*;

/// The clock, and the hidden element that holds its stream.
#[partial]
pub async fn face(_cx: Cx<'_>) -> Partial {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Partial::new(div((
        div((hidden(true), htmx::sse_connect(urls::partials::examples::clock::stream()))),
        p(("The time on the server: ", time(now))),
    )))
}

/// The page's stream: whatever is pushed to the room `clock`.
#[partial]
pub async fn stream(cx: Cx<'_>) -> Result<hyperox::live::Sse, Rejection> {
    Ok(cx.live().sse(&cx).room("clock").open().await?)
}

/// The time `secs` after the epoch.
fn time(secs: u64) -> impl Node + use<> {
    output((id("clock"), class("font-mono text-xl"), hms(secs)))
}

/// The time as pushed: it replaces the element with its id, wherever it
/// is on the page (a page's first time has no such mark: it is not
/// replacing anything).
pub fn pushed(secs: u64) -> impl Node + use<> {
    output((
        id("clock"),
        htmx::swap_oob(htmx::OobSwap::same_id()),
        class("font-mono text-xl"),
        hms(secs),
    ))
}

fn hms(secs: u64) -> impl Node + use<> {
    let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
    textf!("{h:02}:{m:02}:{s:02} UTC")
}
