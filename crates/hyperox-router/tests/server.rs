//! Through a real socket on 127.0.0.1: HTTP/1.1 and HTTP/2, bad input,
//! limits, panics, graceful shutdown, and static files.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyperox_router::http::StatusCode;
use hyperox_router::middleware::StaticFiles;
use hyperox_router::{Request, Router, RouterService, Server};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod support;

use support::{Running, start};

/// Sends raw bytes from the address `from` and reads until the server
/// closes.
async fn exchange(from: IpAddr, addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut buf = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut buf))
        .await
        .expect("server answers and closes")
        .unwrap();
    buf
}

/// Sends raw bytes and reads until the server closes: (status, head, body).
async fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String, Vec<u8>) {
    let buf = exchange(Ipv4Addr::LOCALHOST.into(), addr, request).await;
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, head, buf[split + 4..].to_vec())
}

async fn get(addr: SocketAddr, path: &str, extra: &str) -> (u16, String, Vec<u8>) {
    let req = format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{extra}\r\n");
    raw(addr, req.as_bytes()).await
}

async fn hello(_: &mut (), req: &mut Request) -> String {
    format!("hello {}", req.param("name").unwrap_or("world"))
}

async fn crash(_: &mut (), _: &mut Request) -> String {
    panic!("handler crashed")
}

async fn echo_body(_: &mut (), req: &mut Request) -> Result<String, hyperox_router::BoxError> {
    let body = req.take_body().collect_bytes().await?;
    Ok(format!("{} bytes", body.len()))
}

async fn peer(_: &mut (), req: &mut Request) -> String {
    req.peer_ip()
        .map_or_else(|| "none".to_owned(), |ip| ip.to_string())
}

async fn slow(_: &mut (), _: &mut Request) -> &'static str {
    tokio::time::sleep(Duration::from_millis(300)).await;
    "slow done"
}

fn app() -> RouterService<()> {
    let mut r = Router::<()>::new();
    r.get("/", hello)
        .unwrap()
        .get("/hi/:name", hello)
        .unwrap()
        .get("/crash", crash)
        .unwrap()
        .post("/echo", echo_body)
        .unwrap()
        .get("/slow", slow)
        .unwrap()
        .get("/peer", peer)
        .unwrap();
    r.into_service()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_see_the_address_of_the_peer() {
    let s = start(app(), Server::new()).await;
    for client in ["127.0.0.1", "127.0.0.2"] {
        // Two requests on the connection: each gets the address.
        let buf = exchange(
            client.parse().unwrap(),
            s.addr,
            b"GET /peer HTTP/1.1\r\nHost: t\r\n\r\nGET /peer HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        )
        .await;
        let text = String::from_utf8_lossy(&buf);
        assert_eq!(
            text.matches(&format!("\r\n\r\n{client}")).count(),
            2,
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http1_and_http2() {
    let s = start(app(), Server::new()).await;
    let (status, _, body) = get(s.addr, "/hi/ada", "").await;
    assert_eq!((status, body.as_slice()), (200, &b"hello ada"[..]));

    let stream = TcpStream::connect(s.addr).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let req = http::Request::get(format!("http://{}/hi/h2", s.addr))
        .body(Empty::<Bytes>::new())
        .unwrap();
    let res = sender.send_request(req).await.unwrap();
    assert_eq!(res.version(), http::Version::HTTP_2);
    assert_eq!(res.status(), 200);
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"hello h2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_requests_get_4xx_and_the_server_goes_on() {
    let s = start(app(), Server::new().max_header_bytes(8192)).await;
    let (status, _, _) = raw(s.addr, b"NOT HTTP AT ALL\r\n\r\n").await;
    assert_eq!(status, 400);
    let (status, _, _) = raw(s.addr, b"GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n").await;
    assert_eq!(status, 400);
    let big = format!(
        "GET / HTTP/1.1\r\nHost: t\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let (status, _, _) = raw(s.addr, big.as_bytes()).await;
    assert_eq!(status, 431);
    let (status, _, _) = get(s.addr, "/hi/%FF", "").await;
    assert_eq!(status, 400);
    let (status, _, body) = get(s.addr, "/", "").await;
    assert_eq!((status, body.as_slice()), (200, &b"hello world"[..]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_gets_500_and_nothing_else_is_affected() {
    let s = start(app(), Server::new()).await;
    let (a, b) = tokio::join!(get(s.addr, "/crash", ""), get(s.addr, "/slow", ""));
    assert_eq!((a.0, a.2.as_slice()), (500, &b"Application Error"[..]));
    assert_eq!((b.0, b.2.as_slice()), (200, &b"slow done"[..]));
    let (status, _, _) = get(s.addr, "/", "").await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_bodies_over_the_limit_get_413() {
    let s = start(app(), Server::new().max_body_bytes(1024)).await;
    let small = format!(
        "POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 10\r\n\r\n{}",
        "x".repeat(10)
    );
    let (status, _, body) = raw(s.addr, small.as_bytes()).await;
    assert_eq!((status, body.as_slice()), (200, &b"10 bytes"[..]));
    let big = format!(
        "POST /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 5000\r\n\r\n{}",
        "x".repeat(5000)
    );
    let (status, _, _) = raw(s.addr, big.as_bytes()).await;
    assert_eq!(status, 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let mut s = start(app(), Server::new()).await;
    let addr = s.addr;
    let in_flight = tokio::spawn(async move { get(addr, "/slow", "").await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    s.stop.take().unwrap().send(()).unwrap();
    let (status, _, body) = in_flight.await.unwrap();
    assert_eq!((status, body.as_slice()), (200, &b"slow done"[..]));
    tokio::time::timeout(Duration::from_secs(5), s.task)
        .await
        .expect("server stops once the request is done")
        .unwrap()
        .unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off() {
    let s = start(
        app(),
        Server::new().header_read_timeout(Duration::from_millis(200)),
    )
    .await;
    let mut stream = TcpStream::connect(s.addr).await.unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: t\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf)).await;
    assert!(
        read.is_ok(),
        "the server closes a connection whose head never ends"
    );
}

mod static_files {
    use super::*;

    struct Site {
        _dir: tempfile::TempDir,
        running: Running,
    }

    async fn site() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("docs")).unwrap();
        std::fs::create_dir_all(root.join("bare")).unwrap();
        std::fs::write(root.join("hello.txt"), "hello, static world").unwrap();
        std::fs::write(root.join("docs/index.html"), "<h1>docs</h1>").unwrap();
        std::fs::write(root.join("bare/file.css"), "a{}").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "top secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("out-link"))
                .unwrap();
            std::os::unix::fs::symlink(root.join("hello.txt"), root.join("in-link")).unwrap();
            std::os::unix::fs::symlink(dir.path(), root.join("out-dir")).unwrap();
        }
        let mut r = Router::<()>::new();
        r.middleware(
            StaticFiles::new(&root)
                .prefix("/static")
                .index("index.html"),
        );
        r.get("/", hello).unwrap();
        let running = start(r.into_service(), Server::new()).await;
        Site { _dir: dir, running }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn serves_files_with_type_length_and_validators() {
        let s = site().await;
        let (status, head, body) = get(s.running.addr, "/static/hello.txt", "").await;
        assert_eq!(status, 200);
        assert_eq!(body, b"hello, static world");
        assert!(
            head.contains("content-type: text/plain; charset=utf-8"),
            "{head}"
        );
        assert!(head.contains("content-length: 19"), "{head}");
        assert!(head.contains("last-modified: "), "{head}");
        assert!(head.contains("etag: \""), "{head}");
        let (status, head, body) = get(s.running.addr, "/static/docs/", "").await;
        assert_eq!((status, body.as_slice()), (200, &b"<h1>docs</h1>"[..]));
        assert!(head.contains("text/html"), "{head}");
        let (status, _, body) = get(s.running.addr, "/static/in-link", "").await;
        assert_eq!(
            (status, body.as_slice()),
            (200, &b"hello, static world"[..])
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn conditional_requests_get_304() {
        let s = site().await;
        let (_, head, _) = get(s.running.addr, "/static/hello.txt", "").await;
        let header = |name: &str| {
            head.lines()
                .find_map(|l| l.strip_prefix(&format!("{name}: ")))
                .unwrap()
                .to_owned()
        };
        let etag = header("etag");
        let modified = header("last-modified");
        let (status, _, body) = get(
            s.running.addr,
            "/static/hello.txt",
            &format!("If-None-Match: {etag}\r\n"),
        )
        .await;
        assert_eq!((status, body.len()), (304, 0));
        let (status, _, _) = get(
            s.running.addr,
            "/static/hello.txt",
            "If-None-Match: \"other\"\r\n",
        )
        .await;
        assert_eq!(status, 200);
        let (status, _, _) = get(
            s.running.addr,
            "/static/hello.txt",
            &format!("If-Modified-Since: {modified}\r\n"),
        )
        .await;
        assert_eq!(status, 304);
        let (status, _, _) = get(
            s.running.addr,
            "/static/hello.txt",
            "If-Modified-Since: Mon, 01 Jan 1990 00:00:00 GMT\r\n",
        )
        .await;
        assert_eq!(status, 200);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn ranges() {
        let s = site().await;
        let (status, head, body) =
            get(s.running.addr, "/static/hello.txt", "Range: bytes=0-4\r\n").await;
        assert_eq!((status, body.as_slice()), (206, &b"hello"[..]));
        assert!(head.contains("content-range: bytes 0-4/19"), "{head}");
        let (status, _, body) =
            get(s.running.addr, "/static/hello.txt", "Range: bytes=-5\r\n").await;
        assert_eq!((status, body.as_slice()), (206, &b"world"[..]));
        let (status, head, _) =
            get(s.running.addr, "/static/hello.txt", "Range: bytes=100-\r\n").await;
        assert_eq!(status, 416);
        assert!(head.contains("content-range: bytes */19"), "{head}");
        let (status, _, body) = get(
            s.running.addr,
            "/static/hello.txt",
            "Range: bytes=0-1\r\nIf-Range: \"stale\"\r\n",
        )
        .await;
        assert_eq!((status, body.len()), (200, 19));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn head_sends_headers_only() {
        let s = site().await;
        let req = b"HEAD /static/hello.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        let (status, head, body) = raw(s.running.addr, req).await;
        assert_eq!((status, body.len()), (200, 0));
        assert!(head.contains("content-length: 19"), "{head}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn never_escapes_the_root_or_lists_folders() {
        let s = site().await;
        for path in [
            "/static/../secret.txt",
            "/static/%2e%2e/secret.txt",
            "/static/%2E%2E/secret.txt",
            "/static/docs/..%2f..%2fsecret.txt",
            "/static/docs%2f..%2f..%2fsecret.txt",
            "/static/..%5csecret.txt",
            "/static/out-link",
            "/static/out-dir/secret.txt",
            "/static/bare/",
            "/static/bare",
            "/static/nope.txt",
            "/static/hello.txt/x",
        ] {
            let (status, _, body) = get(s.running.addr, path, "").await;
            assert_eq!(status, 404, "{path}");
            assert!(!String::from_utf8_lossy(&body).contains("secret"), "{path}");
            assert!(
                !String::from_utf8_lossy(&body).contains("file.css"),
                "{path}"
            );
        }
        // Other methods and paths outside the prefix pass through.
        let (status, _, _) = raw(
            s.running.addr,
            b"POST /static/hello.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        )
        .await;
        assert_eq!(status, 404);
        let (status, _, body) = get(s.running.addr, "/", "").await;
        assert_eq!((status, body.as_slice()), (200, &b"hello world"[..]));
        assert_eq!(
            get(s.running.addr, "/staticx/hello.txt", "").await.0,
            StatusCode::NOT_FOUND.as_u16()
        );
    }
}
