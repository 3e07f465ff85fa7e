//! HTTPS on a real socket (feature `tls`): handshakes with a rustls
//! client and with `curl`, HTTP/2 chosen through ALPN, and a certificate
//! replaced on disk taken by new connections while an open one goes on;
//! files that do not load leave the certificate in use.

#![cfg(feature = "tls")]

use hyperox_router::server::Tls;
use hyperox_router::{Request, Router, Server};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;

async fn hello(_: &mut (), req: &mut Request) -> String {
    format!("hello over {:?}", req.version())
}

/// A self-signed certificate for `localhost` named `cn`, written to
/// `dir` as `cert.pem` and `key.pem`; its DER.
fn write_cert(dir: &Path, cn: &str) -> Vec<u8> {
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    // Written beside, then renamed: a reader never sees half a file.
    std::fs::write(dir.join("cert.tmp"), cert.pem()).unwrap();
    std::fs::write(dir.join("key.tmp"), key.serialize_pem()).unwrap();
    std::fs::rename(dir.join("key.tmp"), dir.join("key.pem")).unwrap();
    std::fs::rename(dir.join("cert.tmp"), dir.join("cert.pem")).unwrap();
    cert.der().to_vec()
}

/// A client that trusts the certificates `trusted` and offers `alpn`.
fn connector(trusted: &[Vec<u8>], alpn: &[&[u8]]) -> tokio_rustls::TlsConnector {
    let mut roots = rustls::RootCertStore::empty();
    for der in trusted {
        roots.add(der.clone().into()).unwrap();
    }
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    tokio_rustls::TlsConnector::from(Arc::new(config))
}

type Client = tokio_rustls::client::TlsStream<tokio::net::TcpStream>;

async fn connect(addr: SocketAddr, trusted: &[Vec<u8>], alpn: &[&[u8]]) -> std::io::Result<Client> {
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    connector(trusted, alpn).connect(name, tcp).await
}

/// The DER of the certificate the server showed on `c`.
fn shown(c: &Client) -> Vec<u8> {
    c.get_ref().1.peer_certificates().unwrap()[0].to_vec()
}

/// One HTTP/1.1 request on a kept-alive connection; the body.
async fn get(c: &mut Client) -> String {
    c.write_all(b"GET / HTTP/1.1\r\nhost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = c.read(&mut chunk).await.unwrap();
        assert!(n > 0, "closed before an answer");
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(|v| v.parse().unwrap())
                })
                .unwrap();
            if body.len() >= len {
                assert!(head.starts_with("HTTP/1.1 200"), "{head}");
                return body[..len].to_owned();
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_alpn_curl_and_a_certificate_replaced_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let first = write_cert(dir.path(), "first");
    let tls = Tls::from_pem_files(dir.path().join("cert.pem"), dir.path().join("key.pem")).unwrap();
    let mut router = Router::<()>::new();
    router.get("/", hello).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(Server::new().tls(tls).serve(
        listener,
        router.into_service(),
        async {
            let _ = stopped.await;
        },
    ));

    // HTTP/1.1 with a rustls client that trusts the certificate.
    let mut kept = connect(addr, std::slice::from_ref(&first), &[b"http/1.1"])
        .await
        .unwrap();
    assert_eq!(kept.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    assert_eq!(shown(&kept), first);
    assert_eq!(get(&mut kept).await, "hello over HTTP/1.1");
    // A client that does not trust it is refused in the handshake.
    assert!(connect(addr, &[], &[]).await.is_err());

    // HTTP/2 through ALPN, with hyper's client over the TLS stream.
    let c = connect(addr, std::slice::from_ref(&first), &[b"h2", b"http/1.1"])
        .await
        .unwrap();
    assert_eq!(c.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let (mut send, conn) = hyper::client::conn::http2::handshake(
        hyper_util::rt::TokioExecutor::new(),
        hyper_util::rt::TokioIo::new(c),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let req = http::Request::get("https://localhost/")
        .body(http_body_util::Empty::<bytes::Bytes>::new())
        .unwrap();
    let res = send.send_request(req).await.unwrap();
    assert_eq!(res.status(), 200);
    use http_body_util::BodyExt;
    let body = res.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(body, "hello over HTTP/2.0");

    // curl, HTTP/2, trusting the certificate file.
    let cert = dir.path().join("first.pem");
    std::fs::copy(dir.path().join("cert.pem"), &cert).unwrap();
    let port = addr.port();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("curl")
            .args(["-sS", "--http2", "--cacert"])
            .arg(&cert)
            .args(["--resolve", &format!("localhost:{port}:127.0.0.1")])
            .arg(format!("https://localhost:{port}/"))
            .output()
            .expect("curl runs")
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello over HTTP/2.0");

    // The files replaced: new connections get the new certificate within
    // the watch interval; the open connection goes on.
    let second = write_cert(dir.path(), "second");
    let both = [first.clone(), second.clone()];
    let mut renewed = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let c = connect(addr, &both, &[]).await.unwrap();
        if shown(&c) == second {
            renewed = true;
            break;
        }
    }
    assert!(renewed, "the new certificate is served");
    assert_eq!(
        get(&mut kept).await,
        "hello over HTTP/1.1",
        "the open connection goes on"
    );
    assert_eq!(shown(&kept), first);

    // Files that do not load leave the certificate in use.
    std::fs::write(dir.path().join("cert.pem"), "not a certificate").unwrap();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let c = connect(addr, &both, &[]).await.unwrap();
    assert_eq!(shown(&c), second, "a broken file changes nothing");

    drop(kept);
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[test]
fn files_that_do_not_load_are_named() {
    let dir = tempfile::tempdir().unwrap();
    write_cert(dir.path(), "x");
    let other = tempfile::tempdir().unwrap();
    write_cert(other.path(), "y");
    let err =
        Tls::from_pem_files(dir.path().join("cert.pem"), other.path().join("key.pem")).unwrap_err();
    assert!(err.to_string().contains("not the certificate's"), "{err}");
    let err = Tls::from_pem_files(dir.path().join("missing.pem"), dir.path().join("key.pem"))
        .unwrap_err();
    assert!(err.to_string().contains("missing.pem"), "{err}");
}
