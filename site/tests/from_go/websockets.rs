//! htmgo's websocket extension, in hyperox (feature `live-ws`).

use hyperox::html::prelude::*;
use hyperox::live::{Hub, ws};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `websocket.EnableExtension`: the socket's route, and the page's
/// element that opens it (this site's websocket counter).
#[test]
fn the_socket() {
    // The socket's partial: `cx.live().websocket(&mut cx).open()`, in
    // `site/src/partials/examples/ws_counter.rs`.
    let source = include_str!("../../src/partials/examples/ws_counter.rs");
    assert!(source.contains("live.websocket(&mut cx).open()"));
    let link = site::urls::partials::examples::ws_counter::socket();
    assert_eq!(
        div(htmx::ws_connect(link)).render(),
        r#"<div hx-ws:connect="/_partials/examples/ws_counter/socket"></div>"#
    );
}

/// `ws.OnClick`: handlers kept on the server per browser session.
#[tokio::test]
async fn handlers() {
    let hub = Hub::new(Default::default());
    let session = hub.ws_session_by_id("browser-1");
    let click = ws::on_click(&session, |s, event| async move {
        let _ = s.push(p(textf!("clicked {:?}", event.values.len()))).await;
    });
    let hover = ws::on(&session, "mouseover", |_s, _event| async {});
    let submit = ws::on_submit(&session, |_s, _event| async {});
    let html = (button(click), div(hover), form(submit)).render();
    assert!(html.contains(r#"hx-trigger="click""#), "{html}");
    assert!(html.contains(r#"hx-trigger="mouseover""#), "{html}");
    assert!(html.contains(r#"hx-trigger="submit""#), "{html}");
}

/// `ws.OnServerEvent`: events from the server, and pushes to a room or
/// one browser.
#[tokio::test]
async fn server_events() {
    let hub = Hub::new(Default::default());
    let session = hub.ws_session_by_id("browser-1");
    let got = Arc::new(AtomicBool::new(false));
    let flag = got.clone();
    ws::on_server_event(&session, "name", move |_s, payload| {
        let flag = flag.clone();
        async move { flag.store(payload["n"] == 1, Ordering::SeqCst) }
    });
    hub.session(session.id())
        .server_event("name", serde_json::json!({"n": 1}))
        .await
        .expect("a server event");
    for _ in 0..100 {
        if got.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        got.load(Ordering::SeqCst),
        "the handler ran with the payload"
    );
    let node = p("to everyone");
    hub.room("r").push(node).await.expect("a push to a room");
    let node = p("to one browser");
    session.push(node).await.expect("a push to one browser");
}

/// `ws.PushElement`: a push swaps in by id.
#[tokio::test]
async fn push() {
    let hub = Hub::new(Default::default());
    let s = hub.ws_session_by_id("browser-1");
    let node = p((id("status"), "saved"));
    s.push(node).await.expect("a push, swapped in by its id");
}

/// `ws.Every`: timers per session, and a handler for the page's load.
#[tokio::test]
async fn timers() {
    let hub = Hub::new(Default::default());
    let session = hub.ws_session_by_id("browser-1");
    let s = session.clone();
    let ran = Arc::new(AtomicBool::new(false));
    let (period, delay) = (Duration::from_secs(3600), Duration::from_millis(1));
    s.every(period, |_s| async {});
    let flag = ran.clone();
    s.once(delay, move |_s| async move {
        flag.store(true, Ordering::SeqCst)
    });
    let on_load = ws::on(&session, "load", |_s, _event| async {});
    assert!(div(on_load).render().contains(r#"hx-trigger="load""#));
    for _ in 0..100 {
        if ran.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(ran.load(Ordering::SeqCst), "the one-off timer ran");
}
