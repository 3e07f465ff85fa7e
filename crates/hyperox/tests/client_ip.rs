//! The client's address, scheme and host on a real socket: a trusted
//! proxy (127.0.0.1) names them in `X-Forwarded-For`, `-Proto` and
//! `-Host`; the same headers from another peer (127.0.0.2) are ignored.

use hyperox::{App, Config, Cx, IpRange, Partial};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;

async fn who(cx: Cx<'_, ()>) -> Partial {
    Partial::new(cx.client_ip().map(|ip| ip.to_string()).unwrap_or_default())
}

/// `GET path` from `from` to `addr` with `headers`; the raw answer.
async fn exchange(from: &str, addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> String {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    raw
}

/// `GET /who` from `from` to `addr` with `X-Forwarded-For: forwarded`;
/// the body.
async fn ask(from: &str, addr: SocketAddr, forwarded: &str) -> String {
    let raw = exchange(from, addr, "/who", &[("x-forwarded-for", forwarded)]).await;
    assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
    raw.split("\r\n\r\n").nth(1).unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_trusted_proxy_names_the_client() {
    let mut app = App::new(());
    app.set_config(Config {
        trusted_proxies: vec![IpRange::parse("127.0.0.1").unwrap()],
        ..Config::default()
    });
    app.page("/who", who).unwrap();
    let server =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let addr = server.addr;
    assert_eq!(ask("127.0.0.1", addr, "198.51.100.7").await, "198.51.100.7");
    assert_eq!(
        ask("127.0.0.1", addr, "6.6.6.6, 198.51.100.7").await,
        "198.51.100.7",
        "the hop the proxy saw, not what the client wrote before it"
    );
    assert_eq!(
        ask("127.0.0.2", addr, "198.51.100.7").await,
        "127.0.0.2",
        "a spoofed header from an untrusted peer changes nothing"
    );
    server.stop().await;
}

async fn join(cx: Cx<'_, ()>) -> Result<Partial, hyperox::Rejection> {
    cx.check_same_origin()?;
    Ok(Partial::new("joined"))
}

/// `GET /join` from `from` to `addr` with `headers`; the status line
/// and head, lowercase.
async fn head(from: &str, addr: SocketAddr, headers: &[(&str, &str)]) -> String {
    let raw = exchange(from, addr, "/join", headers).await;
    raw.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The status of `GET /join` from `from` with `headers`.
async fn status(from: &str, addr: SocketAddr, headers: &[(&str, &str)]) -> u16 {
    let head = head(from, addr, headers).await;
    head[9..12].parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_trusted_proxy_names_the_scheme_and_host() {
    let mut app = App::new(());
    app.set_config(Config {
        trusted_proxies: vec![IpRange::parse("127.0.0.1").unwrap()],
        origins: vec!["https://app.example".into()],
        ..Config::default()
    });
    app.page("/join", join).unwrap();
    let server =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let addr = server.addr;
    let proxied = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "app.example"),
    ];

    // HSTS on what the proxy says came over HTTPS, never on a spoof.
    let via_proxy = head("127.0.0.1", addr, &proxied).await;
    assert!(via_proxy.starts_with("http/1.1 200"), "{via_proxy}");
    assert!(
        via_proxy.contains("strict-transport-security: max-age="),
        "{via_proxy}"
    );
    let spoofed = head("127.0.0.2", addr, &proxied).await;
    assert!(spoofed.starts_with("http/1.1 200"), "{spoofed}");
    assert!(!spoofed.contains("strict-transport-security"), "{spoofed}");

    // A host the app does not serve, named by the proxy, is refused; the
    // same header from a stranger is ignored (its `Host` is served).
    let evil = [("x-forwarded-host", "evil.example")];
    assert_eq!(status("127.0.0.1", addr, &evil).await, 421);
    assert_eq!(status("127.0.0.2", addr, &evil).await, 200);

    // The own origin follows the forwarded scheme and host: a page of
    // `https://app.localhost` behind the proxy may act; a stranger
    // claiming the same is judged by its real scheme and host.
    let local = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "app.localhost"),
        ("origin", "https://app.localhost"),
    ];
    assert_eq!(status("127.0.0.1", addr, &local).await, 200);
    assert_eq!(status("127.0.0.2", addr, &local).await, 403);
    let plain = format!("http://{addr}");
    let own = [("origin", plain.as_str()), ("x-forwarded-proto", "https")];
    assert_eq!(
        status("127.0.0.2", addr, &own).await,
        200,
        "a stranger's own plain origin still passes"
    );
    assert_eq!(
        status("127.0.0.1", addr, &own).await,
        403,
        "a plain origin on a request the proxy took over HTTPS is another origin"
    );
    server.stop().await;
}
