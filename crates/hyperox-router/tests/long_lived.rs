//! One client holding long-lived requests (event streams, websockets,
//! HTTP/2 streams) cannot take the server from others, through real
//! sockets on 127.0.0.0/8: 127.0.0.1 is the greedy client, 127.0.0.2 the
//! other one.

use bytes::Bytes;
use hyperox_router::{Body, Request, Router, RouterService, Server};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

mod support;

use support::start;

async fn hello(_: &mut (), _: &mut Request) -> &'static str {
    "hello"
}

/// An event stream that sends one event and then stays open.
async fn events(_: &mut (), _: &mut Request) -> hyperox_router::Response {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<http_body::Frame<Bytes>, std::io::Error>>(1);
    tx.try_send(Ok(http_body::Frame::data(Bytes::from_static(
        b"data: hi\n\n",
    ))))
    .unwrap();
    let body = http_body_util::StreamBody::new(Held { rx, _tx: tx });
    let mut res = hyperox_router::Response::new(Body::new(body));
    res.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/event-stream"),
    );
    res
}

struct Held {
    rx: tokio::sync::mpsc::Receiver<Result<http_body::Frame<Bytes>, std::io::Error>>,
    _tx: tokio::sync::mpsc::Sender<Result<http_body::Frame<Bytes>, std::io::Error>>,
}

impl futures_core::Stream for Held {
    type Item = Result<http_body::Frame<Bytes>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

/// A websocket handshake answered with 101; the upgraded socket is held
/// (and read) until the client closes it.
async fn socket(_: &mut (), req: &mut Request) -> hyperox_router::Response {
    let Some(on_upgrade) = req.extensions_mut().remove::<hyper::upgrade::OnUpgrade>() else {
        return hyperox_router::Response::new(Body::from("no upgrade"));
    };
    tokio::spawn(async move {
        if let Ok(upgraded) = on_upgrade.await {
            let mut io = hyper_util::rt::TokioIo::new(upgraded);
            let mut buf = [0u8; 64];
            while matches!(io.read(&mut buf).await, Ok(n) if n > 0) {}
        }
    });
    let mut res = hyperox_router::Response::new(Body::empty());
    *res.status_mut() = http::StatusCode::SWITCHING_PROTOCOLS;
    res.headers_mut().insert(
        http::header::UPGRADE,
        http::HeaderValue::from_static("websocket"),
    );
    res.headers_mut().insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("upgrade"),
    );
    res
}

async fn page(_: &mut (), _: &mut Request) -> Bytes {
    Bytes::from(vec![b'x'; 3 * 1024 * 1024])
}

fn app() -> RouterService<()> {
    let mut r = Router::<()>::new();
    r.get("/", hello)
        .unwrap()
        .get("/events", events)
        .unwrap()
        .get("/socket", socket)
        .unwrap()
        .get("/page", page)
        .unwrap();
    r.into_service()
}

/// A connection to `to` from the loopback address `from`.
async fn connect_from(from: [u8; 4], to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::from((from, 0)))
        .expect("binds a loopback source address");
    socket.connect(to).await.unwrap()
}

const GREEDY: [u8; 4] = [127, 0, 0, 1];
const OTHER: [u8; 4] = [127, 0, 0, 2];

/// Sends `request` and reads the response head: its status line.
async fn head_of(stream: &mut TcpStream, request: &[u8]) -> String {
    stream.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut byte)).await {
            Ok(Ok(1)) => buf.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&buf)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

/// The other client's `GET /`: its status and how long it took.
async fn other_get(addr: SocketAddr) -> (String, Duration) {
    let start = Instant::now();
    let mut c = connect_from(OTHER, addr).await;
    let status = head_of(
        &mut c,
        b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    )
    .await;
    (status, start.elapsed())
}

const EVENTS: &[u8] = b"GET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n";
const UPGRADE: &[u8] = b"GET /socket HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_past_a_clients_limit_get_429_and_others_are_served() {
    let s = start(app(), Server::new().max_event_streams_per_client(8)).await;
    let mut held = Vec::new();
    for i in 0..8 {
        let mut c = connect_from(GREEDY, s.addr).await;
        assert_eq!(
            head_of(&mut c, EVENTS).await,
            "HTTP/1.1 200 OK",
            "stream {i}"
        );
        held.push(c);
    }
    // On a new connection (the first request) and on one that served a
    // page first (taken from hyper between requests).
    let mut c = connect_from(GREEDY, s.addr).await;
    let status = head_of(&mut c, EVENTS).await;
    assert_eq!(status, "HTTP/1.1 429 Too Many Requests");
    let mut reused = connect_from(GREEDY, s.addr).await;
    let status = head_of(&mut reused, b"GET / HTTP/1.1\r\nHost: t\r\n\r\n").await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    let mut rest = [0u8; 5];
    reused.read_exact(&mut rest).await.unwrap();
    assert_eq!(
        head_of(&mut reused, EVENTS).await,
        "HTTP/1.1 429 Too Many Requests"
    );
    let (status, took) = other_get(s.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took < Duration::from_secs(1), "{took:?}");
    // One closed: its place is given back.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut c = connect_from(GREEDY, s.addr).await;
    assert_eq!(head_of(&mut c, EVENTS).await, "HTTP/1.1 200 OK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_the_cap_the_greedy_clients_oldest_streams_are_shed_for_a_new_client() {
    let s = start(
        app(),
        Server::new()
            .max_connections(20)
            .max_event_streams_per_client(1_000),
    )
    .await;
    let mut held = Vec::new();
    for _ in 0..20 {
        let mut c = connect_from(GREEDY, s.addr).await;
        assert_eq!(head_of(&mut c, EVENTS).await, "HTTP/1.1 200 OK");
        held.push(c);
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    for _ in 0..5 {
        let (status, took) = other_get(s.addr).await;
        assert_eq!(
            status, "HTTP/1.1 200 OK",
            "a new client is served at the cap"
        );
        assert!(took < Duration::from_secs(1), "{took:?}");
    }
    // The oldest streams went first; the newest stays.
    assert!(!is_open(&mut held[0]).await, "the oldest stream is shed");
    assert!(is_open(&mut held[19]).await, "the newest stream stays open");
}

/// Whether the server keeps `stream` open: it reads what was sent, until
/// the server closes it or nothing comes for 300 ms.
async fn is_open(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 256];
    loop {
        match tokio::time::timeout(Duration::from_millis(300), stream.read(&mut buf)).await {
            Err(_) => return true,
            Ok(Ok(0) | Err(_)) => return false,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websockets_count_against_the_cap_and_the_clients_limit() {
    let s = start(
        app(),
        Server::new()
            .max_connections(10)
            .max_websockets_per_client(6),
    )
    .await;
    let mut held = Vec::new();
    for i in 0..6 {
        let mut c = connect_from(GREEDY, s.addr).await;
        let status = head_of(&mut c, UPGRADE).await;
        assert_eq!(status, "HTTP/1.1 101 Switching Protocols", "socket {i}");
        held.push(c);
    }
    let mut c = connect_from(GREEDY, s.addr).await;
    assert_eq!(
        head_of(&mut c, UPGRADE).await,
        "HTTP/1.1 429 Too Many Requests"
    );
    // Another client's sockets fill the cap; the greedy client's oldest
    // socket is shed for each new connection past it.
    for _ in 0..4 {
        let mut c = connect_from(OTHER, s.addr).await;
        assert_eq!(
            head_of(&mut c, UPGRADE).await,
            "HTTP/1.1 101 Switching Protocols"
        );
        held.push(c);
    }
    let (status, took) = other_get(s.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(
        !is_open(&mut held[0]).await,
        "the greedy client's oldest websocket is shed"
    );
    assert!(
        is_open(&mut held[9]).await,
        "the other client's websockets stay"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http2_streams_past_a_clients_limit_get_429() {
    let s = start(
        app(),
        Server::new()
            .max_connections_per_client(4)
            .max_event_streams_per_client(100),
    )
    .await;
    let io = hyper_util::rt::TokioIo::new(connect_from(GREEDY, s.addr).await);
    let (send, conn) =
        hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
            .await
            .unwrap();
    tokio::spawn(conn);
    let mut statuses = Vec::new();
    let mut bodies = Vec::new();
    for _ in 0..6 {
        let res = send
            .clone()
            .send_request(
                http::Request::get(format!("http://{}/events", s.addr))
                    .header("accept", "text/event-stream")
                    .body(http_body_util::Empty::<Bytes>::new())
                    .unwrap(),
            )
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
        bodies.push(res);
    }
    // The connection is one slot, each stream past the first another.
    assert_eq!(statuses, [200, 200, 200, 200, 429, 429]);
    let (status, _) = other_get(s.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http2_peer_that_opens_no_window_is_closed_within_the_write_timeout() {
    let s = start(app(), Server::new().write_timeout(Duration::from_secs(1))).await;
    let io = hyper_util::rt::TokioIo::new(connect_from(GREEDY, s.addr).await);
    let mut builder =
        hyper::client::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new());
    builder.initial_stream_window_size(0);
    let (send, conn) = builder.handshake(io).await.unwrap();
    let (closed_tx, closed) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let _ = conn.await;
        let _ = closed_tx.send(());
    });
    let start = Instant::now();
    let mut held = Vec::new();
    for _ in 0..10 {
        // The heads arrive; no body byte can (the window is shut), and the
        // client never reads.
        let res = send
            .clone()
            .send_request(
                http::Request::get(format!("http://{}/page", s.addr))
                    .body(http_body_util::Empty::<Bytes>::new())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        held.push(res);
    }
    tokio::time::timeout(Duration::from_secs(5), closed)
        .await
        .expect("the server closes the stalled connection")
        .ok();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(4), "closed after {took:?}");
    let (status, _) = other_get(s.addr).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
}
