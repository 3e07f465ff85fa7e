//! A counter over a websocket: the element that holds it opens the page's
//! socket (`hx-ws:connect`), and its buttons carry no JavaScript, only
//! `hx-ws:send` attributes naming handlers on the server, which run with
//! the browser's websocket session and push the new count back (swapped
//! in by its id). The count lives in the session's state: every tab of
//! this browser counts together.

use crate::prelude::*;
use hyperox::live::ws;
use std::sync::atomic::{AtomicI64, Ordering};

/// The count as pushed: it replaces the one on the page.
fn count(n: i64) -> impl Node + use<> {
    output((
        id("ws-count"),
        htmx::swap_oob(htmx::OobSwap::same_id()),
        class("w-12 text-center text-2xl font-semibold tabular-nums"),
        aria("live", "polite"),
        n,
    ))
}

/// The counter, inside the element that opens the socket.
#[partial]
pub async fn counter(cx: Cx<'_>) -> Partial {
    let session = cx.live().ws_session(&cx);
    let n = session.state::<AtomicI64>().load(Ordering::SeqCst);
    let step = |by: i64| {
        ws::on_click(&session, move |s, _event| async move {
            let n = s.state::<AtomicI64>().fetch_add(by, Ordering::SeqCst) + by;
            let _ = s.push(count(n)).await;
        })
    };
    let button_class = "rounded bg-indigo-600 px-3 py-1 text-white";
    Partial::new(div((
        htmx::ws_connect(urls::partials::examples::ws_counter::socket()),
        class("flex items-center gap-3"),
        button((class(button_class), step(-1), aria("label", "Decrease"), "−")),
        output((
            id("ws-count"),
            class("w-12 text-center text-2xl font-semibold tabular-nums"),
            aria("live", "polite"),
            n,
        )),
        button((class(button_class), step(1), aria("label", "Increase"), "+")),
    )))
}

/// The page's websocket.
#[partial]
pub async fn socket(mut cx: Cx<'_>) -> Result<Response, Rejection> {
    let live = cx.live().clone();
    live.websocket(&mut cx).open()
}
