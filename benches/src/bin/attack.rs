//! One client against a server on loopback, for `benches/attack.sh`.
//!
//! - `attack SHAPE PORT COUNT PATH HOLD_SECS [SOURCES]`: opens COUNT
//!   long-lived requests of one shape from 127.0.0.1 (or from SOURCES
//!   addresses 127.0.1.1 up, one client each), prints `held H refused R`,
//!   keeps them HOLD_SECS, then exits (closing them all). Shapes:
//!   `sse`, `sse-gzip` (event streams), `ws` (websocket handshakes),
//!   `ws-partial` (a handshake, then 64,000 bytes of a 65,000-byte frame
//!   and silence), `h2-zero` (HTTP/2 connections of 100 `GET` streams each
//!   that open no flow-control window), `dribble` (a 100,000-byte upload
//!   sent a byte every 5 s), `crawl` (COUNT cookie-less `GET`s, one after
//!   the other on 8 connections).
//! - `attack probe PORT SECS`: a legitimate client on 127.0.0.2, a fresh
//!   connection and `GET /` every 20 ms for SECS; prints `p50 P p99 Q
//!   max M errors E` in milliseconds.
//!
//! Every loop is bounded by COUNT and by time.

use bytes::Bytes;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[tokio::main(flavor = "multi_thread", worker_threads = 1)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    let port: u16 = arg(1).parse().expect("PORT");
    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    if arg(0) == "probe" {
        let secs: u64 = arg(2).parse().expect("SECS");
        probe(server, Duration::from_secs(secs)).await;
        return;
    }
    let shape = arg(0).to_owned();
    let count: usize = arg(2).parse().expect("COUNT");
    let path = arg(3).to_owned();
    let hold = Duration::from_secs(arg(4).parse().expect("HOLD_SECS"));
    let sources: u8 = arg(5).parse().unwrap_or(0);
    let held = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut keep = Vec::new();
    let parallel = Arc::new(tokio::sync::Semaphore::new(200));
    let per_task = if shape == "h2-zero" { 100 } else { 1 };
    let tasks = if shape == "crawl" {
        8
    } else {
        count.div_ceil(per_task)
    };
    let mut joins = Vec::new();
    for i in 0..tasks {
        if Instant::now() > deadline {
            break;
        }
        let source = match sources {
            0 => Ipv4Addr::LOCALHOST,
            n => Ipv4Addr::new(127, 0, 1, 1 + (i % usize::from(n)) as u8),
        };
        let permit = parallel.clone().acquire_owned().await.unwrap();
        let (shape, path, held, refused) =
            (shape.clone(), path.clone(), held.clone(), refused.clone());
        let per_crawler = count.div_ceil(8);
        joins.push(tokio::spawn(async move {
            let kept = run(&shape, server, source, &path, per_crawler, &held, &refused).await;
            drop(permit);
            kept
        }));
    }
    for j in joins {
        if let Ok(Some(kept)) = j.await {
            keep.push(kept);
        }
    }
    println!(
        "held {} refused {}",
        held.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed)
    );
    tokio::time::sleep(hold).await;
    drop(keep);
}

/// What a shape keeps open until the end.
enum Kept {
    Tcp(#[allow(dead_code)] TcpStream),
    H2(#[allow(dead_code)] Vec<http::Response<hyper::body::Incoming>>),
    Task(#[allow(dead_code)] tokio::task::JoinHandle<()>),
}

async fn connect(source: Ipv4Addr, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((source, 0)))?;
    match tokio::time::timeout(CONNECT_TIMEOUT, socket.connect(server)).await {
        Ok(r) => r,
        Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
    }
}

/// Sends `request` and reads the status code of the answer (0 for none).
async fn status(stream: &mut TcpStream, request: &[u8]) -> u16 {
    if stream.write_all(request).await.is_err() {
        return 0;
    }
    let mut head = [0u8; 12];
    match tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut head)).await {
        Ok(Ok(_)) => std::str::from_utf8(&head[9..12])
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        _ => 0,
    }
}

async fn run(
    shape: &str,
    server: SocketAddr,
    source: Ipv4Addr,
    path: &str,
    per_crawler: usize,
    held: &AtomicUsize,
    refused: &AtomicUsize,
) -> Option<Kept> {
    let count = |ok: bool| {
        if ok { held } else { refused }.fetch_add(1, Ordering::Relaxed);
    };
    let Ok(mut stream) = connect(source, server).await else {
        count(false);
        return None;
    };
    let host = format!("127.0.0.1:{}", server.port());
    match shape {
        "sse" | "sse-gzip" => {
            let gzip = if shape == "sse-gzip" {
                "Accept-Encoding: gzip\r\n"
            } else {
                ""
            };
            let req = format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n{gzip}\r\n"
            );
            let ok = status(&mut stream, req.as_bytes()).await == 200;
            count(ok);
            ok.then_some(Kept::Tcp(stream))
        }
        "ws" | "ws-partial" => {
            let req = format!(
                "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            );
            let ok = status(&mut stream, req.as_bytes()).await == 101;
            count(ok);
            if ok && shape == "ws-partial" {
                let mut frame = vec![0x82, 0x80 | 126, 0xFD, 0xE8, 1, 2, 3, 4];
                frame.extend(std::iter::repeat_n(b'x', 64_000));
                let _ = stream.write_all(&frame).await;
            }
            ok.then_some(Kept::Tcp(stream))
        }
        "dribble" => {
            let req = format!(
                "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nt"
            );
            if stream.write_all(req.as_bytes()).await.is_err() {
                count(false);
                return None;
            }
            // Held while the server neither answers nor closes.
            let mut answer = [0u8; 1];
            if let Ok(read) =
                tokio::time::timeout(Duration::from_millis(500), stream.read(&mut answer)).await
            {
                let _ = read;
                count(false);
                return None;
            }
            count(true);
            Some(Kept::Task(tokio::spawn(async move {
                for _ in 0..60 {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    if stream.write_all(b"x").await.is_err() {
                        return;
                    }
                }
            })))
        }
        "h2-zero" => {
            let io = hyper_util::rt::TokioIo::new(stream);
            let mut builder =
                hyper::client::conn::http2::Builder::new(hyper_util::rt::TokioExecutor::new());
            builder.initial_stream_window_size(0);
            let Ok((send, conn)) = builder.handshake(io).await else {
                count(false);
                return None;
            };
            tokio::spawn(conn);
            let mut responses = Vec::new();
            for _ in 0..100 {
                let req = http::Request::get(format!("http://{host}{path}"))
                    .body(http_body_util::Empty::<Bytes>::new())
                    .unwrap();
                let sent =
                    tokio::time::timeout(Duration::from_secs(5), send.clone().send_request(req))
                        .await;
                match sent {
                    Ok(Ok(res)) if res.status() == 200 => {
                        count(true);
                        responses.push(res);
                    }
                    _ => count(false),
                }
            }
            Some(Kept::H2(responses))
        }
        "crawl" => {
            let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
            let mut buf = vec![0u8; 1 << 16];
            for _ in 0..per_crawler {
                if stream.write_all(req.as_bytes()).await.is_err() {
                    count(false);
                    return None;
                }
                // Reads the whole answer (its Content-Length).
                let mut got = Vec::new();
                let whole = loop {
                    let Ok(Ok(n)) =
                        tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await
                    else {
                        break false;
                    };
                    if n == 0 {
                        break false;
                    }
                    got.extend_from_slice(&buf[..n]);
                    if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                        let len: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length: "))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if got.len() >= end + 4 + len {
                            break true;
                        }
                    }
                };
                count(whole);
                if !whole {
                    return None;
                }
            }
            None
        }
        other => panic!("unknown shape {other}"),
    }
}

/// A legitimate client: `GET /` on a fresh connection every 20 ms.
async fn probe(server: SocketAddr, secs: Duration) {
    let end = Instant::now() + secs;
    let mut took = Vec::new();
    let mut errors = 0;
    let req = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        server.port()
    );
    while Instant::now() < end {
        let start = Instant::now();
        let ok = match connect(Ipv4Addr::new(127, 0, 0, 2), server).await {
            Ok(mut s) => status(&mut s, req.as_bytes()).await == 200,
            Err(_) => false,
        };
        if ok {
            took.push(start.elapsed());
        } else {
            errors += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    took.sort();
    let at = |q: f64| {
        took.get(((took.len() as f64 - 1.0) * q).round() as usize)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "p50 {:.2} p99 {:.2} max {:.2} errors {errors}",
        at(0.5),
        at(0.99),
        at(1.0)
    );
}
