//! Connections served on worker threads (`Server::workers`), through a
//! real socket on 127.0.0.1: each connection on a worker in turn, panics
//! kept to their request, graceful shutdown waiting for the workers'
//! requests, and per-client limits counted across workers.

use hyperox_router::{Request, Router, RouterService, Server};
use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

use support::start;

/// `GET path` on a connection of its own: (status, body).
async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf))
        .await
        .expect("the server answers and closes")
        .unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

async fn thread(_: &mut (), _: &mut Request) -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned()
}

async fn crash(_: &mut (), _: &mut Request) -> String {
    panic!("a bug in one handler")
}

async fn slow(_: &mut (), _: &mut Request) -> &'static str {
    tokio::time::sleep(Duration::from_millis(300)).await;
    "slow done"
}

async fn hang(_: &mut (), _: &mut Request) -> &'static str {
    tokio::time::sleep(Duration::from_secs(30)).await;
    "never"
}

fn app() -> RouterService<()> {
    let mut router = Router::<()>::new();
    router.get("/hang", hang).unwrap();
    router.get("/thread", thread).unwrap();
    router.get("/crash", crash).unwrap();
    router.get("/slow", slow).unwrap();
    router.into_service()
}

#[tokio::test]
async fn each_connection_is_served_on_a_worker_in_turn() {
    let s = start(app(), Server::new().workers(2)).await;
    let mut threads = BTreeSet::new();
    for _ in 0..6 {
        let (status, name) = get(s.addr, "/thread").await;
        assert_eq!(status, 200);
        threads.insert(name);
    }
    assert_eq!(
        threads.into_iter().collect::<Vec<_>>(),
        ["hyperox-worker-0", "hyperox-worker-1"]
    );
}

#[tokio::test]
async fn a_panic_on_a_worker_is_a_500_and_the_worker_goes_on() {
    let s = start(app(), Server::new().workers(1)).await;
    assert_eq!(get(s.addr, "/crash").await.0, 500);
    assert_eq!(
        get(s.addr, "/thread").await,
        (200, "hyperox-worker-0".to_owned())
    );
}

#[tokio::test]
async fn shutdown_finishes_the_requests_on_the_workers() {
    let mut s = start(app(), Server::new().workers(2)).await;
    let addr = s.addr;
    let in_flight: Vec<_> = (0..4)
        .map(|_| tokio::spawn(async move { get(addr, "/slow").await }))
        .collect();
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.stop.take().unwrap().send(()).unwrap();
    for request in in_flight {
        assert_eq!(request.await.unwrap(), (200, "slow done".to_owned()));
    }
    tokio::time::timeout(Duration::from_secs(5), s.task)
        .await
        .expect("the server stops once the requests are done")
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test]
async fn a_connection_left_open_past_the_grace_is_dropped_and_said() {
    let server = Server::new()
        .workers(1)
        .shutdown_grace(Duration::from_millis(200));
    let mut s = start(app(), server).await;
    // A request that outlasts the grace.
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    stream
        .write_all(b"GET /hang HTTP/1.1\r\nHost: t\r\n\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.stop.take().unwrap().send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(5), s.task)
        .await
        .expect("the server stops at the end of its grace")
        .unwrap();
    let err = ended.expect_err("a request was cut off");
    assert!(
        err.to_string().starts_with("1 connections were still open"),
        "{err}"
    );
    // The worker dropped it: the client sees its connection end.
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the connection was closed");
}

#[tokio::test]
async fn the_per_client_limit_counts_connections_on_every_worker() {
    let server = Server::new().workers(2).max_connections_per_client(2);
    let s = start(app(), server).await;
    // Two connections busy, one on each worker (a client at its limit
    // gives up an idle connection of its own first: these are not idle).
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(s.addr).await.unwrap();
        stream
            .write_all(b"GET /hang HTTP/1.1\r\nHost: t\r\n\r\n")
            .await
            .unwrap();
        held.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // The third is answered 429 as it is accepted (read before writing:
    // a request sent to the closed socket would reset it).
    let mut third = TcpStream::connect(s.addr).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), third.read_to_end(&mut answer))
        .await
        .expect("the refusal and the close")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 429"), "{answer}");
    assert!(
        answer.ends_with("too many connections from this client"),
        "{answer}"
    );
    drop(held);
    // Their places are given back (a try before the server saw them
    // close is refused, or reset as it writes).
    for _ in 0..50 {
        let s = s.addr;
        if let Ok((200, _)) = tokio::spawn(async move { get(s, "/thread").await }).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the closed connections' places were not given back");
}
