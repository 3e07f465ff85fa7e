//! The client's address on a real socket: a trusted proxy (127.0.0.1)
//! names the client in `X-Forwarded-For`; the same header from another
//! peer (127.0.0.2) is ignored.

use hyperox::{App, Config, Cx, IpRange, Partial};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket};

async fn who(cx: Cx<'_, ()>) -> Partial {
    Partial::new(cx.client_ip().map(|ip| ip.to_string()).unwrap_or_default())
}

/// `GET /who` from `from` to `addr` with `X-Forwarded-For: forwarded`;
/// the body.
async fn ask(from: &str, addr: SocketAddr, forwarded: &str) -> String {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    let req = format!(
        "GET /who HTTP/1.1\r\nHost: {addr}\r\nX-Forwarded-For: {forwarded}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
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
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve_on(listener, async {
        let _ = stopped.await;
    }));
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
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
