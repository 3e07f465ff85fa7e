//! An app served on a real socket on 127.0.0.1: security headers, and a
//! shutdown that does not wait for open live-reload streams.

use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

async fn index(cx: Cx<'_, ()>) -> Page {
    let head = cx.head();
    Page::new(html((head_(head), body(p("hi")))))
}

fn head_(n: impl Node) -> impl Node {
    head(n)
}

async fn inline(cx: Cx<'_, ()>) -> Page {
    let nonce = cx.script_nonce().to_owned();
    Page::new(html(body(script((attr("nonce", nonce), unsafe_raw("1"))))))
}

fn app(env: Env) -> App<()> {
    let mut app = App::new(());
    app.set_config(Config {
        env,
        ..Config::default()
    });
    app.page("/", index).unwrap();
    app.page("/inline", inline).unwrap();
    app
}

async fn head_of(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed before a head");
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&buf).to_lowercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_carries_security_headers_and_shutdown_closes_live_reload() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app(Env::Development).serve_on(listener, async {
        let _ = stopped.await;
    }));

    let mut c = TcpStream::connect(addr).await.unwrap();
    c.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let head = head_of(&mut c).await;
    for h in [
        "x-content-type-options: nosniff",
        "referrer-policy: same-origin",
        "content-security-policy: default-src 'self'; script-src 'self' 'unsafe-eval';",
        "frame-ancestors 'self'",
    ] {
        assert!(head.contains(h), "{h} missing in {head}");
    }

    let mut c = TcpStream::connect(addr).await.unwrap();
    c.write_all(
        format!("GET /inline HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    let mut page = String::new();
    c.read_to_string(&mut page).await.unwrap();
    let nonce = page
        .split("nonce=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    assert!(page.contains(&format!("'nonce-{nonce}'")), "{page}");

    // A tab listening for live reload.
    let mut reload = TcpStream::connect(addr).await.unwrap();
    reload
        .write_all(format!("GET /_hyperox/livereload HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    assert!(head_of(&mut reload).await.contains("text/event-stream"));
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("shutdown does not wait for the grace period")
        .unwrap()
        .expect("no connection was dropped");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
