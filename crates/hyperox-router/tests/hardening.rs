//! The server against clients that stall, hoard connections or break the
//! HTTP rules, through a real socket on 127.0.0.1.

use bytes::Bytes;
use hyperox_router::{Body, BodyTimeout, Request, Router, RouterService, Server};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

use support::{read_until, start};

async fn hello(_: &mut (), _: &mut Request) -> &'static str {
    "hello"
}

async fn echo(_: &mut (), req: &mut Request) -> String {
    match req.take_body().collect_bytes().await {
        Ok(b) => format!("{} bytes", b.len()),
        Err(e) if e.downcast_ref::<BodyTimeout>().is_some() => "body timed out".to_owned(),
        Err(e) => format!("error: {e}"),
    }
}

async fn slow(_: &mut (), _: &mut Request) -> &'static str {
    tokio::time::sleep(Duration::from_millis(700)).await;
    "slow"
}

async fn big(_: &mut (), _: &mut Request) -> Bytes {
    Bytes::from(vec![b'x'; 8 * 1024 * 1024])
}

/// A body that never ends (a stream of events, say).
async fn endless(_: &mut (), _: &mut Request) -> hyperox_router::Response {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tx.try_send(Ok(http_body::Frame::data(Bytes::from_static(b"event\n"))))
        .unwrap();
    // The sender lives as long as the body, so the stream never ends.
    hyperox_router::Response::new(Body::new(Endless { rx, _tx: tx }))
}

struct Endless {
    rx: tokio::sync::mpsc::Receiver<Result<http_body::Frame<Bytes>, std::io::Error>>,
    _tx: tokio::sync::mpsc::Sender<Result<http_body::Frame<Bytes>, std::io::Error>>,
}

impl http_body::Body for Endless {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        self.rx.poll_recv(cx)
    }
}

async fn out_of_files(_: &mut (), _: &mut Request) -> Result<&'static str, std::io::Error> {
    Err(std::io::Error::from_raw_os_error(24))
}

fn app() -> RouterService<()> {
    let mut r = Router::<()>::new();
    r.get("/files", out_of_files).unwrap();
    r.get("/", hello)
        .unwrap()
        .post("/echo", echo)
        .unwrap()
        .get("/big", big)
        .unwrap()
        .get("/slow", slow)
        .unwrap()
        .get("/endless", endless)
        .unwrap();
    r.into_service()
}

/// Reads until the server closes the connection; how long that took, and
/// what arrived.
async fn until_closed(stream: &mut TcpStream, limit: Duration) -> (Duration, Vec<u8>) {
    let start = Instant::now();
    let mut buf = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut buf))
        .await
        .expect("the server closes the connection")
        .ok();
    (start.elapsed(), buf)
}

async fn status_of(addr: SocketAddr, request: &[u8]) -> u16 {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(request).await.unwrap();
    let (_, buf) = until_closed(&mut s, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&buf);
    text.get(9..12)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"))
}

fn quick() -> Server {
    Server::new()
        .header_read_timeout(Duration::from_millis(300))
        .idle_timeout(Duration::from_millis(300))
        .body_read_timeout(Duration::from_millis(300))
        .write_timeout(Duration::from_millis(300))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_that_never_send_a_request_are_closed() {
    let s = start(app(), quick()).await;
    let shapes: [&[u8]; 4] = [
        b"",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r",
        b"GET / HTTP/1.1\r\nHost: t\r\n",
        b"G",
    ];
    for shape in shapes {
        let mut c = TcpStream::connect(s.addr).await.unwrap();
        c.write_all(shape).await.unwrap();
        let (took, _) = until_closed(&mut c, Duration::from_secs(3)).await;
        assert!(
            took < Duration::from_millis(1500),
            "{shape:?} held for {took:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_read_timeout_counts_from_the_last_answer() {
    // 300 ms: requests every 100 ms for three times that are all served,
    // and so is one whose answer takes longer than the timeout; a head
    // left unfinished after them is cut off about 300 ms later.
    let s = start(app(), quick()).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    let began = Instant::now();
    while began.elapsed() < Duration::from_millis(900) {
        c.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .unwrap();
        let got = read_until(&mut c, "hello").await;
        assert!(got.starts_with("HTTP/1.1 200"));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.write_all(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    assert!(read_until(&mut c, "slow").await.starts_with("HTTP/1.1 200"));
    c.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n").await.unwrap();
    let (took, _) = until_closed(&mut c, Duration::from_secs(3)).await;
    assert!(
        (Duration::from_millis(200)..Duration::from_millis(1500)).contains(&took),
        "an unfinished head held for {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_http2_connection_is_closed() {
    let s = start(app(), quick()).await;
    let stream = TcpStream::connect(s.addr).await.unwrap();
    let (mut send, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    let closed = tokio::spawn(conn);
    let res = send
        .send_request(
            http::Request::get(format!("http://{}/", s.addr))
                .body(http_body_util::Empty::<Bytes>::new())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    drop(res);
    let start = Instant::now();
    tokio::time::timeout(Duration::from_secs(3), closed)
        .await
        .expect("the server closes an idle HTTP/2 connection")
        .unwrap()
        .ok();
    assert!(start.elapsed() < Duration::from_millis(2000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_connection_cap_closes_idle_connections_for_new_clients() {
    let s = start(
        app(),
        Server::new()
            .max_connections(20)
            .header_read_timeout(Duration::from_secs(60)),
    )
    .await;
    let mut idle = Vec::new();
    for _ in 0..40 {
        let mut c = TcpStream::connect(s.addr).await.unwrap();
        c.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        idle.push(c);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for _ in 0..5 {
        let status = tokio::time::timeout(
            Duration::from_secs(5),
            status_of(
                s.addr,
                b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            ),
        )
        .await
        .expect("a new client is served while idle sockets fill the cap");
        assert_eq!(status, 200);
    }
    // The oldest idle sockets were closed to make room.
    let mut closed = 0;
    for c in &mut idle {
        let mut b = [0u8; 1];
        if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(50), c.read(&mut b)).await {
            closed += 1;
        }
    }
    assert!(closed >= 20, "only {closed} idle connections were closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declared_body_over_the_limit_gets_413_at_once() {
    let s = start(app(), Server::new().max_body_bytes(1024)).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2097152\r\n\r\nxxxx")
        .await
        .unwrap();
    let (took, buf) = until_closed(&mut c, Duration::from_secs(3)).await;
    assert!(
        buf.starts_with(b"HTTP/1.1 413"),
        "{:?}",
        String::from_utf8_lossy(&buf)
    );
    assert!(took < Duration::from_secs(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_times_out() {
    let s = start(app(), quick()).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nhalf")
        .await
        .unwrap();
    let (took, buf) = until_closed(&mut c, Duration::from_secs(3)).await;
    let text = String::from_utf8_lossy(&buf);
    assert!(text.ends_with("body timed out"), "{text}");
    assert!(took < Duration::from_millis(1500), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_is_cut_off() {
    let s = start(app(), quick()).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (_, buf) = until_closed(&mut c, Duration::from_secs(5)).await;
    assert!(
        buf.len() < 8 * 1024 * 1024,
        "the whole page was kept for a client that did not read"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_rfc_9112_refuses_get_400() {
    let s = start(app(), Server::new()).await;
    let cases: &[(&[u8], u16)] = &[
        (b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost: t:99999\r\nConnection: close\r\n\r\n", 400),
        (b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", 400),
        (b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", 501),
        (b"GET ftp://t/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 400),
        (b"GET http://u@t/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 400),
        (b"GET t:80 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 400),
        (b"GET http://t/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 200),
        (b"GET / HTTP/1.0\r\n\r\n", 200),
    ];
    for (req, want) in cases {
        let got = status_of(s.addr, req).await;
        assert_eq!(got, *want, "{}", String::from_utf8_lossy(req));
        assert_eq!(
            status_of(
                s.addr,
                b"GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
            )
            .await,
            200
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_that_drops_connections_is_an_error() {
    let mut s = start(
        app(),
        Server::new().shutdown_grace(Duration::from_millis(300)),
    )
    .await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /endless HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let mut b = [0u8; 64];
    let _ = c.read(&mut b).await.unwrap();
    s.stop.take().unwrap().send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(5), s.task)
        .await
        .expect("the server stops at the end of the grace")
        .unwrap();
    let err = result.expect_err("a connection was cut off");
    assert!(err.to_string().contains("1 connections"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fragment_in_the_request_target_gets_400() {
    let s = start(app(), Server::new()).await;
    let fragment = b"GET /#frag HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(s.addr, fragment).await, 400);
    // The same on a keep-alive connection after a good request, and as an
    // event stream.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let mut first = [0u8; 12];
    c.read_exact(&mut first).await.unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    let mut rest = vec![0u8; 1024];
    let _ = tokio::time::timeout(Duration::from_millis(200), c.read(&mut rest)).await;
    c.write_all(fragment).await.unwrap();
    let (_, buf) = until_closed(&mut c, Duration::from_secs(5)).await;
    assert!(
        buf.starts_with(b"HTTP/1.1 400"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    let events = b"GET /endless#x HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n";
    assert_eq!(status_of(s.addr, events).await, 400);
    // A fragment-like header value is not a request target.
    let header =
        b"GET / HTTP/1.1\r\nHost: t\r\nReferer: http://t/#a b\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(s.addr, header).await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn running_out_of_file_descriptors_gets_503_with_retry_after() {
    let s = start(app(), Server::new()).await;
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /files HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (_, buf) = until_closed(&mut c, Duration::from_secs(5)).await;
    let text = String::from_utf8_lossy(&buf).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 503"), "{text}");
    assert!(text.contains("retry-after: 1"), "{text}");
}
