//! Event streams (a `GET` asking for `text/event-stream`) over a real
//! socket: served without hyper's buffers, framed by the close, and ended
//! when the client goes, stalls or the server stops.

use bytes::Bytes;
use hyperox_router::{Body, Request, Router, RouterService, Server};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

use support::{read_until, start};

/// Event bodies dropped so far (the server let go of the stream).
static DROPPED: AtomicUsize = AtomicUsize::new(0);

/// An event, then as many as `/flood` wants, never ending by itself.
struct Events {
    left: usize,
    first: bool,
}

impl Drop for Events {
    fn drop(&mut self) {
        DROPPED.fetch_add(1, Ordering::SeqCst);
    }
}

impl http_body::Body for Events {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if self.first {
            self.first = false;
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from_static(
                b"data: hello\n\n",
            )))));
        }
        if self.left > 0 {
            self.left -= 1;
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from(
                vec![b':'; 64 * 1024],
            )))));
        }
        std::task::Poll::Pending
    }
}

fn events(left: usize) -> hyperox_router::Response {
    let mut res = hyperox_router::Response::new(Body::new(Events { left, first: true }));
    res.headers_mut()
        .insert("content-type", "text/event-stream".parse().unwrap());
    res
}

async fn quiet(_: &mut (), _: &mut Request) -> hyperox_router::Response {
    events(0)
}

async fn flood(_: &mut (), _: &mut Request) -> hyperox_router::Response {
    events(10_000)
}

async fn hello(_: &mut (), _: &mut Request) -> &'static str {
    "hello"
}

fn app() -> RouterService<()> {
    let mut r = Router::<()>::new();
    r.get("/events", quiet)
        .unwrap()
        .get("/flood", flood)
        .unwrap()
        .get("/hello", hello)
        .unwrap();
    r.into_service()
}

async fn eventually(check: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if check() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    false
}

// One test: the drop counter is the process's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_are_framed_by_the_close_and_end_with_their_client() {
    let s = start(
        app(),
        Server::new().write_timeout(Duration::from_millis(300)),
    )
    .await;

    // Asked for events: the head, the event, no keep-alive framing.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "data: hello\n\n").await;
    assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
    assert!(
        got.contains("\r\ncontent-type: text/event-stream\r\n"),
        "{got}"
    );
    assert!(got.contains("\r\nconnection: close\r\n"), "{got}");
    assert!(!got.contains("transfer-encoding"), "{got}");
    // The client goes: the server lets go of the stream at once.
    let before = DROPPED.load(Ordering::SeqCst);
    drop(c);
    assert!(
        eventually(|| DROPPED.load(Ordering::SeqCst) > before).await,
        "the stream was kept"
    );

    // On a connection that served a page first (as a browser reuses
    // one): taken from hyper between the two requests, the same way.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "hello").await;
    assert!(got.contains("content-length: 5"), "{got}");
    c.write_all(b"GET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "data: hello\n\n").await;
    assert!(got.starts_with("HTTP/1.1 200 OK\r\n"), "{got}");
    assert!(got.contains("\r\nconnection: close\r\n"), "{got}");
    assert!(!got.contains("transfer-encoding"), "{got}");
    let before = DROPPED.load(Ordering::SeqCst);
    drop(c);
    assert!(
        eventually(|| DROPPED.load(Ordering::SeqCst) > before).await,
        "the stream was kept"
    );

    // Sent together with the request before it (pipelined), it stays
    // with hyper, which answers both in order.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\nGET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "data: hello").await;
    assert!(
        got.contains("hello") && got.contains("transfer-encoding: chunked"),
        "{got}"
    );
    drop(c);

    // The same without asking for events: hyper, chunked, kept alive.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /events HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "data: hello").await;
    assert!(got.contains("transfer-encoding: chunked"), "{got}");
    assert!(!got.contains("connection: close"), "{got}");
    drop(c);

    // A bad request asking for events is refused as any other.
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    let got = read_until(&mut c, "\r\n\r\n").await;
    assert!(got.starts_with("HTTP/1.1 400"), "no Host: {got}");

    // A client that reads nothing is cut off by the write timeout.
    let before = DROPPED.load(Ordering::SeqCst);
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /flood HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        eventually(|| DROPPED.load(Ordering::SeqCst) > before).await,
        "a stalled stream is dropped"
    );
    drop(c);

    // At shutdown an open stream is ended (within the server's grace).
    let mut c = TcpStream::connect(s.addr).await.unwrap();
    c.write_all(b"GET /events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n")
        .await
        .unwrap();
    read_until(&mut c, "data: hello").await;
    let mut s = s;
    s.stop.take().unwrap().send(()).unwrap();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.task)
        .await
        .expect("the server stops");
    let mut rest = Vec::new();
    assert!(
        tokio::time::timeout(Duration::from_secs(2), c.read_to_end(&mut rest))
            .await
            .is_ok(),
        "the stream is closed"
    );
}
