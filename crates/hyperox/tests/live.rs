//! Live updates through `hyperox` alone (feature `live`), with no
//! dependency on `hyperox-ws` and no hub in the app's state: a page's
//! stream subscribes to a room with one call on the app's hub, a handler
//! pushes to it with one call, and a client on 127.0.0.1 reads the pushed
//! HTML from the event stream.

#![cfg(feature = "live")]

use hyperox::live::Sse;
use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The page's stream: one call on the app's own hub.
async fn events(cx: Cx<'_, ()>) -> Result<Sse, Rejection> {
    Ok(cx.live().sse(&cx).room("lobby").open().await?)
}

/// A push to every page in the room: one call.
async fn say(cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
    let line = li("hello <all>").with(htmx::swap_oob(htmx::OobSwap::style_at(
        htmx::SwapStyle::BeforeEnd,
        "#log",
    )));
    cx.live().room("lobby").push(line).await?;
    Ok(Partial::empty())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_reaches_a_page_in_its_room() {
    let mut app = App::new(());
    let hub = app.live().clone();
    app.page("/events", events).unwrap();
    app.route(hyperox::http::Method::GET, "/say", say).unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the live test key, at least thirty-two characters".into()),
        ..Config::default()
    });
    let server =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let addr = server.addr;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(
            format!("GET /events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    // The stream is open once the hub counts it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while hub.stats().connections == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no stream");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut other = tokio::net::TcpStream::connect(addr).await.unwrap();
    other
        .write_all(
            format!("GET /say HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let want = "&lt;all&gt;";
    while !String::from_utf8_lossy(&seen).contains(want) {
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buf))
            .await
            .expect("the push within 5 s")
            .unwrap();
        assert!(
            n > 0,
            "the stream ended: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&seen);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("text/event-stream"), "{text}");
    assert!(
        text.contains("data: <li hx-swap-oob=\"beforeend:#log\">hello &lt;all&gt;</li>"),
        "{text}"
    );
    server.stop().await;
}
