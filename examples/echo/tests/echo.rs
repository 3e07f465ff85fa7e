//! The echo socket held to RFC 6455 on 127.0.0.1, through a websocket
//! client (tokio-tungstenite) and frames written by hand: what is sent
//! comes back whole, control frames are answered, the close handshake
//! runs both ways with the right codes, and what breaks the protocol is
//! closed with the code the RFC names.

use futures_util::{SinkExt, StreamExt};
use hyperox::{Config, Env};
use hyperox_ws::{Hub, HubConfig};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

const WAIT: Duration = Duration::from_secs(5);

struct Server {
    addr: SocketAddr,
    served: hyperox_testkit::Served,
}

async fn start() -> Server {
    let mut app = echo::app(Hub::new(HubConfig {
        heartbeat: Duration::from_millis(300),
        ..HubConfig::default()
    }))
    .unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the echo test key, at least thirty-two characters".into()),
        ..Config::default()
    });
    let served =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    Server {
        addr: served.addr,
        served,
    }
}

impl Server {
    async fn stop(self) {
        self.served.stop().await;
    }
}

type Client =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn client(addr: SocketAddr) -> Client {
    let req = format!("ws://{addr}/echo").into_client_request().unwrap();
    let (ws, res) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(res.status(), 101);
    ws
}

/// The next data or close message, skipping pings.
async fn next(ws: &mut Client) -> Option<Message> {
    loop {
        match tokio::time::timeout(WAIT, ws.next()).await.ok()?? {
            Ok(Message::Ping(_) | Message::Pong(_)) => {}
            Ok(m) => return Some(m),
            Err(_) => return None,
        }
    }
}

/// A handshake by hand: the TCP stream past it, and the answer's head.
async fn handshake(addr: SocketAddr, extra: &str) -> (TcpStream, String) {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    tcp.write_all(
        format!(
            "GET /echo HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(WAIT, tcp.read(&mut byte))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(n, 1, "the server closed during the handshake");
        head.push(byte[0]);
    }
    (tcp, String::from_utf8(head).unwrap())
}

/// A client frame: `first` is FIN, RSV and opcode; masked unless `unmasked`.
fn frame(first: u8, payload: &[u8], unmasked: bool) -> Vec<u8> {
    let mask = [0x11, 0x5c, 0xa0, 0x7e];
    let bit = if unmasked { 0 } else { 0x80 };
    let mut out = vec![first];
    match payload.len() {
        n if n < 126 => out.push(bit | n as u8),
        n if n < 65_536 => {
            out.push(bit | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(bit | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    if unmasked {
        out.extend_from_slice(payload);
    } else {
        out.extend_from_slice(&mask);
        out.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    }
    out
}

/// The frames the server sends until it closes (or `WAIT` passes), as
/// (first byte, payload); whether it closed the TCP connection.
async fn frames_until_closed(tcp: &mut TcpStream) -> (Vec<(u8, Vec<u8>)>, bool) {
    let mut bytes = Vec::new();
    let closed = tokio::time::timeout(WAIT, tcp.read_to_end(&mut bytes))
        .await
        .is_ok();
    (parse(&bytes), closed)
}

/// The whole server frames in `bytes`, as (first byte, payload).
fn parse(bytes: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut frames = Vec::new();
    let mut at = 0;
    while at + 2 <= bytes.len() {
        let (len, head) = match bytes[at + 1] & 0x7f {
            126 if at + 4 <= bytes.len() => (
                u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]) as usize,
                4,
            ),
            127 if at + 10 <= bytes.len() => (
                u64::from_be_bytes(bytes[at + 2..at + 10].try_into().unwrap()) as usize,
                10,
            ),
            126 | 127 => break,
            n => (n as usize, 2),
        };
        assert_eq!(bytes[at + 1] & 0x80, 0, "a server frame is never masked");
        if at + head + len > bytes.len() {
            break;
        }
        frames.push((bytes[at], bytes[at + head..at + head + len].to_vec()));
        at += head + len;
    }
    frames
}

/// Sends `frames` after a handshake; the server's frames after them, and
/// the code of its close frame.
async fn after(addr: SocketAddr, frames: &[Vec<u8>]) -> (Vec<(u8, Vec<u8>)>, Option<u16>) {
    let (mut tcp, head) = handshake(addr, "").await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    for f in frames {
        tcp.write_all(f).await.unwrap();
    }
    let (frames, closed) = frames_until_closed(&mut tcp).await;
    assert!(closed, "the server let the connection go after its close");
    let code = frames
        .iter()
        .find(|(first, _)| first & 0x0f == 0x8)
        .map(|(_, p)| u16::from_be_bytes([p[0], p[1]]));
    (frames, code)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_binary_and_fragmented_messages_come_back_whole() {
    let server = start().await;
    let mut ws = client(server.addr).await;
    for msg in [
        Message::text("hello"),
        Message::text("héllo, wörld — ✓ 𝄞"),
        Message::text(""),
        Message::binary(vec![0u8, 1, 2, 255]),
        Message::binary(Vec::new()),
        Message::text("x".repeat(60_000)),
    ] {
        ws.send(msg.clone()).await.unwrap();
        assert_eq!(next(&mut ws).await, Some(msg));
    }
    drop(ws);
    // Three fragments with a ping between them: the pong comes first,
    // then the whole message once.
    let (mut tcp, _) = handshake(server.addr, "").await;
    for f in [
        frame(0x01, "frag".as_bytes(), false),
        frame(0x89, b"between", false),
        frame(0x00, "men".as_bytes(), false),
        frame(0x80, "ted ✓".as_bytes(), false),
    ] {
        tcp.write_all(&f).await.unwrap();
    }
    let mut got = Vec::new();
    let mut bytes = Vec::new();
    while got.len() < 2 {
        let mut buf = [0u8; 256];
        let n = tokio::time::timeout(WAIT, tcp.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(n > 0, "closed early");
        bytes.extend_from_slice(&buf[..n]);
        got = parse(&bytes)
            .into_iter()
            .filter(|(first, _)| first & 0x0f != 0x9)
            .collect();
    }
    assert_eq!(got[0], (0x8a, b"between".to_vec()), "the pong, first");
    assert_eq!(got[1], (0x81, "fragmented ✓".as_bytes().to_vec()));
    tcp.write_all(&frame(0x88, &1000u16.to_be_bytes(), false))
        .await
        .unwrap();
    let (frames, closed) = frames_until_closed(&mut tcp).await;
    assert!(closed);
    assert!(
        frames
            .iter()
            .any(|f| f == &(0x88, 1000u16.to_be_bytes().to_vec()))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_close_handshake_runs_both_ways_with_the_rfcs_codes() {
    let server = start().await;
    // The client closes with a valid code: the same code comes back.
    for code in [1000u16, 1001, 1003, 1011, 3000, 4999] {
        let mut payload = code.to_be_bytes().to_vec();
        payload.extend_from_slice(b"why");
        let (_, got) = after(server.addr, &[frame(0x88, &payload, false)]).await;
        assert_eq!(got, Some(code));
    }
    // A code no endpoint may send, a one-byte close, a reason that is not
    // UTF-8.
    for payload in [
        1005u16.to_be_bytes().to_vec(),
        1006u16.to_be_bytes().to_vec(),
        1016u16.to_be_bytes().to_vec(),
        5000u16.to_be_bytes().to_vec(),
        vec![0x03],
    ] {
        let (_, got) = after(server.addr, &[frame(0x88, &payload, false)]).await;
        assert_eq!(got, Some(1002), "{payload:?}");
    }
    let (_, got) = after(
        server.addr,
        &[frame(0x88, &[0x03, 0xe8, 0xc3, 0x28], false)],
    )
    .await;
    assert!(matches!(got, Some(1002 | 1007)), "{got:?}");
    // The server closes (the app asked to): the client's answer ends it.
    let mut ws = client(server.addr).await;
    ws.send(Message::text("bye")).await.unwrap();
    match next(&mut ws).await {
        Some(Message::Close(Some(CloseFrame { code, reason }))) => {
            assert_eq!(code, CloseCode::from(4000));
            assert_eq!(reason.as_str(), "bye");
        }
        other => panic!("no close: {other:?}"),
    }
    assert!(
        tokio::time::timeout(WAIT, ws.next())
            .await
            .unwrap()
            .is_none(),
        "the stream ends after the handshake"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_breaks_the_protocol_is_closed_with_its_code() {
    let server = start().await;
    let cases: [(&str, Vec<Vec<u8>>, u16); 8] = [
        (
            "over 64 KiB",
            vec![frame(0x82, &vec![7; 70_000], false)],
            1009,
        ),
        (
            "over 64 KiB in fragments",
            vec![
                frame(0x02, &vec![7; 40_000], false),
                frame(0x80, &vec![7; 40_000], false),
            ],
            1009,
        ),
        (
            "text not UTF-8",
            vec![frame(0x81, &[0xc3, 0x28], false)],
            1007,
        ),
        (
            "text not UTF-8 across fragments",
            vec![
                frame(0x01, b"ok \xf0\x9f", false),
                frame(0x80, b"\x28", false),
            ],
            1007,
        ),
        (
            "an unmasked client frame",
            vec![frame(0x81, b"x", true)],
            1002,
        ),
        ("a reserved bit", vec![frame(0xc1, b"x", false)], 1002),
        ("a reserved opcode", vec![frame(0x83, b"x", false)], 1002),
        ("a fragmented ping", vec![frame(0x09, b"x", false)], 1002),
    ];
    for (what, frames, code) in cases {
        let (_, got) = after(server.addr, &frames).await;
        assert_eq!(got, Some(code), "{what}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compression_is_not_offered_and_other_sites_are_refused() {
    let server = start().await;
    let (_, head) = handshake(
        server.addr,
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n",
    )
    .await;
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("sec-websocket-extensions"),
        "permessage-deflate is not offered: {head}"
    );
    let (mut tcp, head) = handshake(server.addr, "Origin: https://evil.example\r\n").await;
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
    drop(tcp.shutdown().await);
    server.stop().await;
}

#[path = "../../todo/tests/common/vnu.rs"]
mod vnu;

/// The page and an error page through the W3C Nu HTML checker (needs
/// Java and `npm ci` in `browser/`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_valid_html() {
    let mut docs = Vec::new();
    let client = hyperox::test::Client::new(echo::default_app().unwrap());
    for (name, url, status) in [("page", "/", 200), ("error-404", "/nope", 404)] {
        let res = client.get(url).header("accept", "text/html").await;
        assert_eq!(res.status().as_u16(), status);
        docs.push((name.to_owned(), res.text().to_owned()));
    }
    vnu::assert_valid("echo", &docs);
}
