//! Websockets with a real client (tokio-tungstenite) on 127.0.0.1:
//! handlers bound to client events with their values, server events
//! reaching their session only, pushes to rooms and everyone, timers tied
//! to the connection, session eviction, the close that asks clients to
//! reconnect, and refusals.

#![cfg(feature = "ws")]

mod support;

use futures_util::{SinkExt, StreamExt};
use hyperox::html::prelude::*;
use hyperox_ws::{Hub, HubConfig};
use std::time::Duration;
use support::{Browser, Server, eventually, get};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(300);

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The handler ids of the counter page, in page order (`+`, the form,
/// `tick`), for `browser`.
async fn handlers(server: &Server, browser: &Browser) -> Vec<String> {
    let (status, _, body) = get(server.addr, "/counter", &[("cookie", &browser.cookie)]).await;
    assert_eq!(status, 200);
    body.split("hx-handler&quot;:&quot;")
        .skip(1)
        .map(|s| s.split("&quot;").next().unwrap().to_owned())
        .collect()
}

async fn connect(server: &Server, path: &str, browser: &Browser) -> Socket {
    let mut req = format!("ws://{}{path}", server.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("cookie", browser.cookie.parse().unwrap());
    req.headers_mut()
        .insert("origin", format!("http://{}", server.addr).parse().unwrap());
    let (ws, res) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(res.status(), 101);
    ws
}

async fn send(ws: &mut Socket, handler: &str, extra: serde_json::Value) {
    let mut msg = serde_json::json!({ "hx-handler": handler, "headers": { "HX-Request": "true" } });
    if let (Some(m), serde_json::Value::Object(e)) = (msg.as_object_mut(), extra) {
        m.extend(e);
    }
    ws.send(Message::text(msg.to_string())).await.unwrap();
}

/// The next text message within `wait`.
async fn text(ws: &mut Socket, wait: Duration) -> Option<String> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, ws.next()).await.ok()?? {
            Ok(Message::Text(t)) => return Some(t.to_string()),
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn config() -> HubConfig {
    HubConfig {
        heartbeat: Duration::from_millis(200),
        ..HubConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_event_runs_its_handler_with_its_values_and_state() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let ids = handlers(&server, &alice).await;
    assert_eq!(ids.len(), 3, "{ids:?}");
    let mut ws = connect(&server, "/ws", &alice).await;
    send(&mut ws, &ids[0], serde_json::json!({})).await;
    assert_eq!(
        text(&mut ws, WAIT).await.unwrap(),
        r#"<span id="count">1</span>"#
    );
    send(&mut ws, &ids[0], serde_json::json!({})).await;
    assert_eq!(
        text(&mut ws, WAIT).await.unwrap(),
        r#"<span id="count">2</span>"#
    );
    let from =
        serde_json::json!({ "text": "hello <b>", "headers": { "HX-Source": "form#form-x" } });
    send(&mut ws, &ids[1], from).await;
    assert_eq!(
        text(&mut ws, WAIT).await.unwrap(),
        r#"<p id="echo">hello &lt;b&gt; from form-x</p>"#
    );
    // A message naming no handler, or one this session does not have, is
    // ignored and the connection goes on.
    ws.send(Message::text("not json")).await.unwrap();
    send(&mut ws, "h999", serde_json::json!({})).await;
    send(&mut ws, &ids[0], serde_json::json!({})).await;
    assert_eq!(
        text(&mut ws, WAIT).await.unwrap(),
        r#"<span id="count">3</span>"#
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_event_reaches_the_handlers_of_its_session_only() {
    let server = Server::start(Hub::new(config())).await;
    let (alice, bob, carol) = (
        server.browser().await,
        server.browser().await,
        server.browser().await,
    );
    handlers(&server, &alice).await;
    handlers(&server, &bob).await;
    let mut a = connect(&server, "/ws", &alice).await;
    let mut b = connect(&server, "/ws", &bob).await;
    // Carol has a connection but never loaded the page: no handlers.
    let mut c = connect(&server, "/ws", &carol).await;
    assert!(eventually(WAIT, || server.hub.stats().connections == 3).await);

    server
        .hub
        .session(&alice.session)
        .server_event("ping", 5)
        .await
        .unwrap();
    assert_eq!(
        text(&mut a, WAIT).await.unwrap(),
        r#"<p id="pong">pong 5</p>"#
    );
    assert!(
        text(&mut b, QUIET).await.is_none(),
        "bob's handlers are not run"
    );
    server
        .hub
        .session(&carol.session)
        .server_event("ping", 6)
        .await
        .unwrap();
    assert!(
        text(&mut a, QUIET).await.is_none(),
        "an event for carol runs no one else's"
    );
    assert!(text(&mut b, QUIET).await.is_none());
    assert!(text(&mut c, QUIET).await.is_none());
    server
        .hub
        .session(&bob.session)
        .server_event("ping", serde_json::json!({"n": 7}))
        .await
        .unwrap();
    assert_eq!(
        text(&mut b, WAIT).await.unwrap(),
        r#"<p id="pong">pong {&quot;n&quot;:7}</p>"#
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_reach_rooms_and_everyone_over_websockets() {
    let server = Server::start(Hub::new(config())).await;
    let (alice, bob) = (server.browser().await, server.browser().await);
    let mut a = connect(&server, "/ws?room=red", &alice).await;
    let mut b = connect(&server, "/ws?room=blue", &bob).await;
    assert!(eventually(WAIT, || server.hub.stats().connections == 2).await);
    server.hub.room("red").push(p("red")).await.unwrap();
    assert_eq!(text(&mut a, WAIT).await.unwrap(), "<p>red</p>");
    assert!(text(&mut b, QUIET).await.is_none());
    server.hub.everyone().push(p("all")).await.unwrap();
    assert_eq!(text(&mut a, WAIT).await.unwrap(), "<p>all</p>");
    assert_eq!(text(&mut b, WAIT).await.unwrap(), "<p>all</p>");
    server.hub.everyone().event("tick", "1").await.unwrap();
    let ev: serde_json::Value = serde_json::from_str(&text(&mut a, WAIT).await.unwrap()).unwrap();
    assert_eq!(
        ev,
        serde_json::json!({"event": "tick", "data": "1"}),
        "named events are not swapped"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timer_runs_while_its_connection_is_open_and_stops_with_it() {
    use std::sync::atomic::Ordering;
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let ids = handlers(&server, &alice).await;
    let mut ws = connect(&server, "/ws", &alice).await;
    send(&mut ws, &ids[2], serde_json::json!({})).await;
    for _ in 0..3 {
        assert_eq!(
            text(&mut ws, WAIT).await.unwrap(),
            r#"<span id="tick">tick</span>"#
        );
    }
    ws.close(None).await.unwrap();
    drop(ws);
    assert!(eventually(WAIT, || server.hub.stats().connections == 0).await);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let after = support::TICKS.load(Ordering::SeqCst);
    tokio::time::sleep(QUIET).await;
    assert_eq!(
        support::TICKS.load(Ordering::SeqCst),
        after,
        "the timer stopped"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_evicted_after_their_last_connection_and_bounded_in_count() {
    let server = Server::start(Hub::new(HubConfig {
        session_idle: Duration::from_millis(200),
        max_sessions: 3,
        ..config()
    }))
    .await;
    let alice = server.browser().await;
    handlers(&server, &alice).await;
    let ws = connect(&server, "/ws", &alice).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(server.hub.stats().sessions, 1, "kept while connected");
    drop(ws);
    assert!(
        eventually(Duration::from_secs(3), || server.hub.stats().sessions == 0).await,
        "evicted after the idle time"
    );
    for _ in 0..6 {
        let b = server.browser().await;
        handlers(&server, &b).await;
    }
    assert!(server.hub.stats().sessions <= 3, "{:?}", server.hub.stats());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_server_asks_clients_to_reconnect_and_bad_handshakes_are_refused() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    // From another site: refused.
    let mut req = format!("ws://{}/ws", server.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("cookie", alice.cookie.parse().unwrap());
    req.headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    match tokio_tungstenite::connect_async(req).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403),
        other => panic!(
            "a cross-site socket was not refused: {:?}",
            other.map(|r| r.1)
        ),
    }
    // Not a handshake at all.
    let (status, _, _) = get(server.addr, "/ws", &[]).await;
    assert_eq!(status, 400);

    let mut ws = connect(&server, "/ws", &alice).await;
    assert!(eventually(WAIT, || server.hub.stats().connections == 1).await);
    let addr = server.addr;
    let stopping = tokio::spawn(server.stop());
    let mut code = None;
    while let Ok(Some(msg)) = tokio::time::timeout(WAIT, ws.next()).await {
        if let Ok(Message::Close(Some(frame))) = msg {
            code = Some(u16::from(frame.code));
            break;
        }
    }
    assert_eq!(
        code,
        Some(1012),
        "service restart: clients reconnect ({addr})"
    );
    stopping.await.unwrap();
}

/// A handshake with `headers`; the status the server answers.
async fn handshake_status(server: &Server, browser: &Browser, headers: &[(&str, &str)]) -> u16 {
    let mut req = format!("ws://{}/ws", server.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("cookie", browser.cookie.parse().unwrap());
    for (name, value) in headers {
        req.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((_, res)) => res.status().as_u16(),
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => res.status().as_u16(),
        Err(e) => panic!("handshake failed: {e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handshake_gets_the_pages_origin_check_scheme_included() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let own = format!("http://{}", server.addr);
    let https = format!("https://{}", server.addr);
    let ws = format!("ws://{}", server.addr);
    assert_eq!(
        handshake_status(&server, &alice, &[("origin", &own)]).await,
        101
    );
    // Not from a page: passes, as for a post.
    assert_eq!(handshake_status(&server, &alice, &[]).await, 101);
    for refused in [
        vec![("origin", https.as_str())],
        vec![("origin", ws.as_str())],
        vec![("origin", own.as_str()), ("origin", "https://evil.example")],
        vec![("origin", own.as_str()), ("sec-fetch-site", "cross-site")],
        vec![("origin", "null")],
    ] {
        assert_eq!(
            handshake_status(&server, &alice, &refused).await,
            403,
            "{refused:?}"
        );
    }
    server.stop().await;
}

/// A socket past its handshake, as raw TCP.
async fn raw_socket(server: &Server, browser: &Browser) -> tokio::net::TcpStream {
    let ws = connect(server, "/ws", browser).await;
    match ws.into_inner() {
        tokio_tungstenite::MaybeTlsStream::Plain(tcp) => tcp,
        _ => unreachable!("plain TCP"),
    }
}

/// Reads until the server closes `tcp`; whether it did within `wait`.
async fn closed_within(tcp: &mut tokio::net::TcpStream, wait: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 1024];
    tokio::time::timeout(wait, async {
        loop {
            match tcp.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_begun_and_not_finished_is_closed_within_the_message_timeout() {
    use tokio::io::AsyncWriteExt;
    let server = Server::start(Hub::new(HubConfig {
        ws_message_timeout: Duration::from_millis(500),
        ..config()
    }))
    .await;
    let alice = server.browser().await;
    let mut tcp = raw_socket(&server, &alice).await;
    assert!(eventually(WAIT, || server.hub.stats().connections == 1).await);
    // A masked binary frame of 65,000 bytes, of which 64,000 are sent.
    let mut frame = vec![0x82, 0x80 | 126, 0xFD, 0xE8, 1, 2, 3, 4];
    frame.extend(std::iter::repeat_n(b'x', 64_000));
    tcp.write_all(&frame).await.unwrap();
    let start = std::time::Instant::now();
    assert!(closed_within(&mut tcp, Duration::from_secs(3)).await);
    assert!(
        start.elapsed() >= Duration::from_millis(400),
        "{:?}",
        start.elapsed()
    );
    assert!(eventually(WAIT, || server.hub.stats().connections == 0).await);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_answers_no_ping_is_closed_within_the_idle_timeout() {
    let server = Server::start(Hub::new(HubConfig {
        ws_idle_timeout: Duration::from_millis(800),
        ..config()
    }))
    .await;
    let alice = server.browser().await;
    // Raw TCP: nothing answers the server's pings.
    let mut silent = raw_socket(&server, &alice).await;
    // A real client that reads (and so answers pings) stays.
    let mut live = connect(&server, "/ws", &alice).await;
    let reader = tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        while let Ok(Some(Ok(msg))) = tokio::time::timeout_at(deadline, live.next()).await {
            if matches!(msg, Message::Close(_)) {
                return false;
            }
        }
        true
    });
    assert!(closed_within(&mut silent, Duration::from_secs(3)).await);
    assert!(reader.await.unwrap(), "a client answering pings stays open");
    server.stop().await;
}

/// A masked client frame.
fn client_frame(first: u8, payload: &[u8]) -> Vec<u8> {
    let mask = [0x37, 0xfa, 0x21, 0x3d];
    let mut out = vec![first];
    match payload.len() {
        n if n < 126 => out.push(0x80 | n as u8),
        n if n < 65_536 => {
            out.push(0x80 | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(0x80 | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(&mask);
    out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    out
}

/// The frames the server sends until it closes the connection (or
/// `WAIT` passes): (opcode, payload) each.
async fn server_frames(tcp: &mut tokio::net::TcpStream) -> Vec<(u8, Vec<u8>)> {
    use tokio::io::AsyncReadExt;
    let mut bytes = Vec::new();
    let _ = tokio::time::timeout(WAIT, tcp.read_to_end(&mut bytes)).await;
    let mut frames = Vec::new();
    let mut at = 0;
    while at + 2 <= bytes.len() {
        let opcode = bytes[at] & 0x0f;
        let (len, head) = match bytes[at + 1] & 0x7f {
            126 => (
                u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize,
                4,
            ),
            127 => (
                u64::from_be_bytes(bytes[at + 2..at + 10].try_into().unwrap()) as usize,
                10,
            ),
            n => (n as usize, 2),
        };
        let end = (at + head + len).min(bytes.len());
        frames.push((opcode, bytes[at + head..end].to_vec()));
        at = end;
    }
    frames
}

/// The code of the close frame the server sends after `frames`.
async fn close_code_after(server: &Server, browser: &Browser, frames: &[Vec<u8>]) -> Option<u16> {
    use tokio::io::AsyncWriteExt;
    let mut tcp = raw_socket(server, browser).await;
    for f in frames {
        tcp.write_all(f).await.unwrap();
    }
    server_frames(&mut tcp)
        .await
        .into_iter()
        .find(|(op, _)| *op == 0x8)
        .map(|(_, payload)| u16::from_be_bytes([payload[0], payload[1]]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_close_handshake_and_the_close_codes_follow_rfc_6455() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    // The client's close is answered with its code.
    for code in [1000u16, 1001, 3000, 4999] {
        let close = client_frame(0x88, &code.to_be_bytes());
        assert_eq!(
            close_code_after(&server, &alice, &[close]).await,
            Some(code)
        );
    }
    // A code no endpoint may send: 1002.
    for code in [999u16, 1005, 1006, 1015, 5000] {
        let close = client_frame(0x88, &code.to_be_bytes());
        assert_eq!(
            close_code_after(&server, &alice, &[close]).await,
            Some(1002),
            "{code}"
        );
    }
    // A message over the 64 KiB limit: 1009.
    let big = client_frame(0x82, &vec![b'x'; 70_000]);
    assert_eq!(close_code_after(&server, &alice, &[big]).await, Some(1009));
    // The same limit over fragments.
    let parts = [
        client_frame(0x01, &vec![b'x'; 40_000]),
        client_frame(0x80, &vec![b'x'; 40_000]),
    ];
    assert_eq!(close_code_after(&server, &alice, &parts).await, Some(1009));
    // Text that is not UTF-8: 1007.
    let bad = client_frame(0x81, &[0xc3, 0x28]);
    assert_eq!(close_code_after(&server, &alice, &[bad]).await, Some(1007));
    // A frame with reserved bits set: 1002.
    let reserved = client_frame(0xc1, b"x");
    assert_eq!(
        close_code_after(&server, &alice, &[reserved]).await,
        Some(1002)
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pings_fragments_and_the_servers_close_through_a_client() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let ids = handlers(&server, &alice).await;
    let mut ws = connect(&server, "/ws", &alice).await;
    // A ping is answered with its payload.
    ws.send(Message::Ping(bytes::Bytes::from_static(b"are you there")))
        .await
        .unwrap();
    let pong = loop {
        match tokio::time::timeout(WAIT, ws.next()).await {
            Ok(Some(Ok(Message::Pong(p)))) => break p,
            Ok(Some(Ok(_))) => {}
            other => panic!("no pong: {other:?}"),
        }
    };
    assert_eq!(&pong[..], b"are you there");
    // A handler event sent in three fragments runs as one message.
    let event = serde_json::json!({ "hx-handler": ids[0], "headers": { "HX-Request": "true" } })
        .to_string();
    let tcp_frames = {
        let b = event.as_bytes();
        let third = b.len() / 3;
        [
            client_frame(0x01, &b[..third]),
            client_frame(0x00, &b[third..2 * third]),
            client_frame(0x80, &b[2 * third..]),
        ]
    };
    let mut tcp = raw_socket(&server, &alice).await;
    {
        use tokio::io::AsyncWriteExt;
        for f in &tcp_frames {
            tcp.write_all(f).await.unwrap();
        }
    }
    assert!(
        text(&mut ws, WAIT).await.is_some(),
        "the fragmented event ran its handler, and the session's sockets heard of it"
    );
    // The client closes: the server answers, and the stream ends cleanly.
    ws.close(None).await.unwrap();
    let mut closed_cleanly = false;
    while let Ok(Some(msg)) = tokio::time::timeout(WAIT, ws.next()).await {
        if msg.is_err() {
            break;
        }
        if let Ok(Message::Close(_)) = msg {
            closed_cleanly = true;
        }
    }
    assert!(closed_cleanly, "the server answered the close");
    drop(tcp);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_raw_socket_hears_its_sessions_pushes_and_closes_when_its_app_returns() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let mut ws = connect(&server, "/raw", &alice).await;
    ws.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    let echoed = loop {
        match tokio::time::timeout(WAIT, ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap()
        {
            Message::Binary(b) => break b,
            Message::Ping(_) | Message::Pong(_) => {}
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(&echoed[..], &[1, 2, 3]);
    // A push to the session (from the socket's app here, from any
    // handler in an app) reaches the raw socket as text.
    ws.send(Message::text("push")).await.unwrap();
    assert!(text(&mut ws, WAIT).await.unwrap().contains("<p>pushed</p>"));
    assert_eq!(server.hub.stats().connections, 1);
    // The app returns: a normal close, and the hub lets it go.
    ws.send(Message::text("end")).await.unwrap();
    let close = loop {
        match tokio::time::timeout(WAIT, ws.next()).await.unwrap() {
            Some(Ok(Message::Close(frame))) => break frame,
            Some(Ok(_)) => {}
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(close.map(|f| u16::from(f.code)), Some(1000));
    assert!(eventually(WAIT, || server.hub.stats().connections == 0).await);
    server.stop().await;
}
