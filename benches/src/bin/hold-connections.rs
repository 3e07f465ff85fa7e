//! Holds hostile connections open against a server on loopback for a
//! bounded time: `silent` sockets that send nothing and `slowloris`
//! sockets that send a request head one byte every second. A socket the
//! server closes is opened again, so the count stays up; the number of
//! such closes is printed at the end.
//!
//!     hold-connections 127.0.0.1:3000 300 300 70

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn hold(addr: SocketAddr, slow: bool, until: Instant, closed: Arc<AtomicU64>) {
    while Instant::now() < until {
        let Ok(mut s) = TcpStream::connect(addr).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        let mut sent = 0;
        let mut buf = [0u8; 512];
        loop {
            if Instant::now() >= until {
                return;
            }
            if slow {
                let byte = head.get(sent).copied().unwrap_or(b'a');
                if s.write_all(&[byte]).await.is_err() {
                    break;
                }
                sent += 1;
            }
            // Closed (or reset) by the server; a timeout means still open.
            if let Ok(Ok(0) | Err(_)) =
                tokio::time::timeout(Duration::from_secs(1), s.read(&mut buf)).await
            {
                break;
            }
        }
        closed.fetch_add(1, Ordering::Relaxed);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!("usage: hold-connections ADDR SILENT SLOWLORIS SECONDS");
        std::process::exit(2);
    }
    let addr: SocketAddr = args[1].parse().expect("ADDR is host:port");
    assert!(addr.ip().is_loopback(), "loopback addresses only");
    let silent: usize = args[2].parse().expect("SILENT is a count");
    let slow: usize = args[3].parse().expect("SLOWLORIS is a count");
    let secs: u64 = args[4].parse().expect("SECONDS is a count");
    let until = Instant::now() + Duration::from_secs(secs.min(600));
    let closed = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for i in 0..silent + slow {
        tasks.push(tokio::spawn(hold(addr, i >= silent, until, closed.clone())));
    }
    for t in tasks {
        let _ = t.await;
    }
    println!(
        "held {silent} silent and {slow} slowloris connections for {secs} s; the server closed {} of them (each reopened)",
        closed.load(Ordering::Relaxed)
    );
}
