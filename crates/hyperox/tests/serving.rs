//! An app served on a real socket on 127.0.0.1: security headers, and a
//! shutdown that does not wait for open live-reload streams.

use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

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
    let server = hyperox_testkit::Served::start(|listener, stop| {
        app(Env::Development).serve_on(listener, stop)
    })
    .await;
    let addr = server.addr;

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
    // Fails if the server failed, or took 10 s.
    server.stop().await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

async fn post_it(_cx: Cx<'_, ()>) -> Partial {
    Partial::new("posted")
}

/// Serves a production app without `HYPEROX_SECRET` keeping its data in
/// `data_dir`, until it is stopped.
async fn serve_production(data_dir: &std::path::Path) -> hyperox_testkit::Served {
    let mut app = App::new(());
    app.set_config(Config {
        env: Env::Production,
        data_dir: data_dir.to_owned(),
        ..Config::default()
    });
    app.page("/", index).unwrap();
    app.route(hyperox::http::Method::POST, "/post", post_it)
        .unwrap();
    hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await
}

/// Sends `request` on a new connection and reads the whole answer.
async fn exchange(addr: std::net::SocketAddr, request: String) -> String {
    let mut c = TcpStream::connect(addr).await.unwrap();
    c.write_all(request.as_bytes()).await.unwrap();
    let mut out = String::new();
    c.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_left_open_across_a_restart_still_posts_without_a_secret() {
    let data_dir = std::env::temp_dir().join(format!(
        "hyperox-restart-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    let served = serve_production(&data_dir).await;
    let addr = served.addr;
    let page = exchange(
        addr,
        format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    let cookie = page
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("the page sets the CSRF cookie")
        .to_owned();
    let token = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page carries the token")
        .to_owned();
    served.stop().await;
    let key = std::fs::read_to_string(data_dir.join("secret")).unwrap();
    assert_eq!(key.len(), 64);

    // A new process on the same data directory: the open page posts.
    let served = serve_production(&data_dir).await;
    let addr = served.addr;
    let post = |addr: std::net::SocketAddr, token: &str| {
        format!(
            "POST /post HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nX-CSRF-Token: {token}\r\nOrigin: http://{addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    let answer = exchange(addr, post(addr, &token)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("posted"), "{answer}");
    served.stop().await;
    assert_eq!(
        std::fs::read_to_string(data_dir.join("secret")).unwrap(),
        key
    );
    std::fs::remove_dir_all(&data_dir).unwrap();
}

/// The thread a request ran on.
async fn thread_name(_cx: Cx<'_, ()>) -> Page {
    Page::new(p(std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned()))
}

#[tokio::test]
async fn with_workers_set_pages_are_served_on_them() {
    let server = hyperox_testkit::Served::start(|listener, stop| {
        let mut app = App::new(());
        app.set_config(Config {
            workers: Some(2),
            ..Config::default()
        });
        app.page("/thread", thread_name).unwrap();
        app.serve_on(listener, stop)
    })
    .await;
    let addr = server.addr;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..4 {
        let mut c = TcpStream::connect(addr).await.unwrap();
        c.write_all(
            format!("GET /thread HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
        let mut text = String::new();
        c.read_to_string(&mut text).await.unwrap();
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        let name = text
            .split("<p>")
            .nth(1)
            .and_then(|t| t.split("</p>").next());
        seen.insert(name.expect("the thread's name").to_owned());
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        ["hyperox-worker-0", "hyperox-worker-1"]
    );
    server.stop().await;
}
