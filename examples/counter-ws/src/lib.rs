//! A counter and a live repeater over one websocket per tab: the buttons
//! and the field carry no JavaScript of their own, only `hx-ws:send`
//! attributes naming server-side handlers, which run with the session
//! and the event's values and push HTML back (swapped out of band). The
//! count lives in the browser session's state, so every tab of the
//! browser shows the same one; a clock ticks on each connection while it
//! is open.

use hyperox::App;
use hyperox::html::htmx::{self, OobSwap};
use hyperox::prelude::*;
use hyperox_ws::{Hub, HubConfig, ws};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The state of every request: the realtime hub.
pub type Cx<'a> = hyperox::Cx<'a, Hub>;

/// The count, replacing the one on the page.
fn count(n: i64) -> impl Node {
    output((id("count"), htmx::swap_oob(OobSwap::same_id()), n))
}

/// The page: the counter, the repeater and the clock, inside the element
/// that opens the websocket.
async fn page(cx: Cx<'_>) -> Page {
    let session = cx.state().ws_session(&cx);
    let n = session.state::<AtomicI64>().load(Ordering::SeqCst);
    let step = |by: i64| {
        ws::on_click(&session, move |s, _event| async move {
            let n = s.state::<AtomicI64>().fetch_add(by, Ordering::SeqCst) + by;
            let _ = s.push(count(n)).await;
        })
    };
    let repeat = ws::on(&session, "input", |s, event| async move {
        let text = event.value("text").unwrap_or_default();
        let _ = s
            .push(p((id("echo"), htmx::swap_oob(OobSwap::same_id()), text)))
            .await;
    });
    // Sent as the socket opens: starts this connection's clock.
    let clock = ws::on(&session, "load", |s, _event| async move {
        s.every(Duration::from_secs(1), |s| async move {
            let now = hyperox::html::Utc::now();
            let _ = s
                .push(time((
                    id("clock"),
                    htmx::swap_oob(OobSwap::same_id()),
                    datetime(now.to_string()),
                    format!("{:02}:{:02}:{:02} UTC", now.hour, now.minute, now.second),
                )))
                .await;
        });
    });
    Page::new(html((
        lang("en"),
        head((
            meta(charset("utf-8")),
            meta((
                name("viewport"),
                content("width=device-width, initial-scale=1"),
            )),
            title("Counter · hyperox-ws"),
            cx.head(),
            style(STYLE),
        )),
        body(main((
            htmx::ws_connect("/ws"),
            h1("Counter"),
            p((
                class("row"),
                button((id("minus"), step(-1), aria("label", "Decrease"), "−")),
                output((id("count"), aria("live", "polite"), n)),
                button((id("plus"), step(1), aria("label", "Increase"), "+")),
            )),
            h2("Live repeater"),
            form((input((
                id("text"),
                name("text"),
                attr("autocomplete", "off"),
                aria("label", "Type here"),
                placeholder("Type here"),
                repeat,
            )),)),
            p(id("echo")),
            // A placeholder until the first tick replaces it with a
            // `<time>`.
            p(("Server time: ", span((id("clock"), "…")))),
            // `on(…, "load", …)` triggers on load.
            span((hidden(true), clock)),
        ))),
    )))
}

/// The websocket of a page.
async fn socket(mut cx: Cx<'_>) -> Result<Response, Rejection> {
    let hub = cx.state().clone();
    hub.websocket(&mut cx).open()
}

/// The app on `hub`.
///
/// # Errors
///
/// A route that does not register.
pub fn app(hub: Hub) -> Result<App<Hub>, hyperox::router::RouteError> {
    let mut app = App::new(hub);
    app.page("/", page)?;
    app.page("/ws", socket)?;
    Ok(app)
}

/// The app with a hub of its own.
///
/// # Errors
///
/// A route that does not register.
pub fn default_app() -> Result<App<Hub>, hyperox::router::RouteError> {
    app(Hub::new(HubConfig::default()))
}

const STYLE: &str = "body{font:18px/1.5 system-ui,sans-serif;background:#f1f5f9;color:#0f172a;margin:0}\
main{max-width:28rem;margin:3rem auto;padding:1.5rem 2rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(15,23,42,.15)}\
.row{display:flex;align-items:center;gap:1rem}\
button{min-width:2.75rem;min-height:2.75rem;font-size:1.5rem;border:0;border-radius:.5rem;background:#4f46e5;color:#fff;cursor:pointer}\
output#count{min-width:3ch;text-align:center;font-size:2rem;font-variant-numeric:tabular-nums}\
input{font:inherit;padding:.4rem .6rem;border:1px solid #94a3b8;border-radius:.4rem;width:100%;box-sizing:border-box}";
