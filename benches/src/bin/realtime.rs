//! Realtime load on loopback, run by `benches/realtime.sh`:
//!
//! - `realtime serve KIND PORT [REDIS_URL]`: a server holding idle
//!   connections, `KIND` being `sse`, `sse-reused` (each stream asked for
//!   on a connection that served a page first, as a browser does),
//!   `sse-gzip` (compressed; held, not timed) or `ws` (a hyperox-ws hub,
//!   room `r`,
//!   through Redis when a URL is given) or `axum-ws` (a plain axum 0.8
//!   websocket server with its default settings). The hyperox kinds also
//!   answer `GET /publish?ts=NANOS` by pushing `ts` to the room.
//! - `realtime hold KIND PORT N B:K [FANOUT PUBLISH_PORT]`: opens `N`
//!   connections from the `K` loopback addresses 127.0.B.1 up, says
//!   `held N`, then with `FANOUT` publishes that many messages (one at a
//!   time, each once every connection got the one before, 10 s at most
//!   each) on the server at `PUBLISH_PORT` and prints the delivery
//!   latency p50/p99 and the messages delivered per second; with
//!   `PUBLISH_PORT` 0 it publishes nothing and reports the same for the
//!   `FANOUT` messages another process publishes (on another instance);
//!   then waits for its stdin to close.

use futures_util::{SinkExt, StreamExt};
use hyperox::prelude::*;
use hyperox_ws::{Hub, HubConfig, RedisBroker, RedisBrokerConfig, Sse};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

fn now_nanos() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

async fn events(cx: Cx<'_, Hub>) -> Result<Sse, Rejection> {
    let hub = cx.state().clone();
    Ok(hub.sse(&cx).room("r").open().await?)
}

async fn hi(_cx: Cx<'_, Hub>) -> Partial {
    Partial::new("hi\n")
}

async fn events_gzip(cx: Cx<'_, Hub>) -> Result<Sse, Rejection> {
    let hub = cx.state().clone();
    Ok(hub.sse(&cx).room("r").compress().open().await?)
}

async fn socket(mut cx: Cx<'_, Hub>) -> Result<Response, Rejection> {
    let hub = cx.state().clone();
    hub.websocket(&mut cx).room("r").open()
}

async fn publish(cx: Cx<'_, Hub>) -> Result<Partial, Rejection> {
    let ts = cx.query_value("ts").unwrap_or_default();
    cx.state().room("r").event("ts", &ts).await?;
    Ok(Partial::empty())
}

async fn serve(kind: &str, port: u16, redis: Option<String>) {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    if kind == "axum-ws" {
        use axum::extract::ws::WebSocketUpgrade;
        let app = axum::Router::new().route(
            "/ws",
            axum::routing::get(|ws: WebSocketUpgrade| async move {
                ws.on_upgrade(
                    |mut socket| async move { while let Some(Ok(_)) = socket.recv().await {} },
                )
            }),
        );
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        println!("ready");
        axum::serve(listener, app).await.unwrap();
        return;
    }
    let config = HubConfig {
        history: 0,
        heartbeat: Duration::from_secs(30),
        ..HubConfig::default()
    };
    let hub = match redis {
        Some(url) => Hub::with_broker(
            config,
            RedisBroker::connect(RedisBrokerConfig::new(url))
                .await
                .unwrap(),
        ),
        None => Hub::new(config),
    };
    let mut app = hyperox::App::new(hub);
    app.page("/events", events).unwrap();
    app.page("/events-gzip", events_gzip).unwrap();
    app.page("/hi", hi).unwrap();
    app.page("/ws", socket).unwrap();
    app.page("/publish", publish).unwrap();
    let mut config = hyperox::Config {
        env: hyperox::Env::Production,
        ..hyperox::Config::default()
    };
    config.addr = addr;
    // The load comes from one address: lift the per-client limits too.
    config.max_connections = Some(1_000_000);
    config.max_connections_per_client = Some(1_000_000);
    config.max_event_streams_per_client = Some(1_000_000);
    config.max_websockets_per_client = Some(1_000_000);
    app.set_config(config);
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    println!("ready");
    app.serve_on(listener, std::future::pending::<()>())
        .await
        .unwrap();
}

/// A connection from `source`, past its handshake; it then reads, and
/// for each `ts` message sends the latency to `seen`.
async fn connect(
    kind: &str,
    port: u16,
    source: Ipv4Addr,
    seen: tokio::sync::mpsc::UnboundedSender<u64>,
) -> std::io::Result<()> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((source, 0)))?;
    let stream = socket
        .connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await?;
    if kind == "sse-gzip" {
        // Compressed: held and drained, not timed.
        let mut stream = stream;
        let ask = format!(
            "GET /events-gzip HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\naccept: text/event-stream\r\naccept-encoding: gzip\r\n\r\n"
        );
        stream.write_all(ask.as_bytes()).await?;
        tokio::spawn(async move {
            let mut buf = [0u8; 512];
            while let Ok(n) = stream.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        });
        return Ok(());
    }
    if kind == "sse" || kind == "sse-reused" {
        let mut stream = tokio::io::BufReader::with_capacity(1024, stream);
        if kind == "sse-reused" {
            // A page first on the same connection, as a browser does.
            let ask = format!("GET /hi HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n");
            stream.get_mut().write_all(ask.as_bytes()).await?;
            let mut line = String::new();
            while line != "hi\n" {
                line.clear();
                if stream.read_line(&mut line).await? == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
            }
        }
        let ask = format!(
            "GET /events HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\naccept: text/event-stream\r\n\r\n"
        );
        stream.get_mut().write_all(ask.as_bytes()).await?;
        tokio::spawn(async move {
            let mut line = String::new();
            while let Ok(n) = stream.read_line(&mut line).await {
                if n == 0 {
                    break;
                }
                if let Some(ts) = line
                    .trim()
                    .strip_prefix("data: ")
                    .and_then(|t| t.parse::<u64>().ok())
                {
                    let _ = seen.send(now_nanos().saturating_sub(ts));
                }
                line.clear();
            }
        });
        return Ok(());
    }
    let url = format!("ws://127.0.0.1:{port}/ws");
    let (ws, _) = tokio_tungstenite::client_async(url, stream)
        .await
        .map_err(std::io::Error::other)?;
    let (mut sink, mut read) = ws.split();
    tokio::spawn(async move {
        while let Some(Ok(msg)) = read.next().await {
            if let tokio_tungstenite::tungstenite::Message::Text(t) = msg
                && let Some(ts) = t
                    .split("\"data\":\"")
                    .nth(1)
                    .and_then(|d| d.split('"').next())
                    .and_then(|d| d.parse::<u64>().ok())
            {
                let _ = seen.send(now_nanos().saturating_sub(ts));
            }
        }
        let _ = sink.close().await;
    });
    Ok(())
}

async fn get(port: u16, path: &str) -> std::io::Result<()> {
    // From an address of its own: the held connections may have taken
    // every port of theirs.
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((Ipv4Addr::new(127, 0, 9, 1), 0)))?;
    let mut s: TcpStream = socket
        .connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await?;
    let ask = format!("GET {path} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n\r\n");
    s.write_all(ask.as_bytes()).await?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await?;
    Ok(())
}

async fn hold(
    kind: &str,
    port: u16,
    n: usize,
    sources: (u8, u8),
    fanout: usize,
    publish_port: u16,
) {
    let (tx, mut seen) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let failed = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let source = Ipv4Addr::new(
            127,
            0,
            sources.0,
            1 + (i % usize::from(sources.1.max(1))) as u8,
        );
        let (kind, tx, failed) = (kind.to_owned(), tx.clone(), failed.clone());
        tasks.spawn(async move {
            if let Err(e) = connect(&kind, port, source, tx).await
                && failed.fetch_add(1, Ordering::Relaxed) == 0
            {
                eprintln!("connect from {source}: {e}");
            }
        });
        // A few hundred handshakes in flight at a time.
        while tasks.len() >= 512 {
            tasks.join_next().await;
        }
    }
    while tasks.join_next().await.is_some() {}
    // Let the server finish registering them.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let failed = failed.load(Ordering::Relaxed);
    println!(
        "held {} ({} failed) in {:.1} s",
        n as u64 - failed,
        failed,
        started.elapsed().as_secs_f64()
    );
    if fanout > 0 {
        let held = n - failed as usize;
        let mut latencies = Vec::with_capacity(held * fanout);
        let mut t = Instant::now();
        if publish_port == 0 {
            // Another process publishes (on another instance): take what
            // comes, timed from the first delivery, until all have or
            // nothing more comes for 10 s.
            let mut first = true;
            while latencies.len() < held * fanout {
                match tokio::time::timeout(Duration::from_secs(10), seen.recv()).await {
                    Ok(Some(l)) => {
                        if first {
                            t = Instant::now();
                            first = false;
                        }
                        latencies.push(l);
                    }
                    _ => break,
                }
            }
        }
        for _ in 0..if publish_port == 0 { 0 } else { fanout } {
            get(publish_port, &format!("/publish?ts={}", now_nanos()))
                .await
                .unwrap();
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            let mut got = 0;
            while got < held {
                match tokio::time::timeout_at(deadline, seen.recv()).await {
                    Ok(Some(l)) => {
                        latencies.push(l);
                        got += 1;
                    }
                    _ => break,
                }
            }
        }
        let secs = t.elapsed().as_secs_f64();
        latencies.sort_unstable();
        let pct = |p: f64| {
            latencies
                .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0) as f64
                / 1e6
        };
        println!(
            "fanout {} messages to {} subscribers: delivered {} of {}, p50 {:.1} ms, p99 {:.1} ms, {:.0} deliveries/s",
            fanout,
            held,
            latencies.len(),
            held * fanout,
            pct(0.5),
            pct(0.99),
            latencies.len() as f64 / secs
        );
    }
    let _ = tokio::task::spawn_blocking(|| std::io::stdin().read_line(&mut String::new())).await;
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    match arg(0).as_str() {
        "serve" => serve(&arg(1), arg(2).parse().unwrap(), args.get(3).cloned()).await,
        "hold" => {
            hold(
                &arg(1),
                arg(2).parse().unwrap(),
                arg(3).parse().unwrap(),
                {
                    let spec = arg(4);
                    let (block, count) = spec.split_once(':').unwrap_or(("0", &spec));
                    (block.parse().unwrap_or(0), count.parse().unwrap_or(1))
                },
                arg(5).parse().unwrap_or(0),
                // 0: another process publishes.
                arg(6).parse().unwrap_or_else(|_| arg(2).parse().unwrap()),
            )
            .await;
        }
        _ => {
            eprintln!(
                "usage: realtime serve KIND PORT [REDIS_URL] | realtime hold KIND PORT N B:K [FANOUT PUBLISH_PORT]"
            );
            std::process::exit(2);
        }
    }
}
