//! An app serving HTTPS itself (feature `tls`, `HYPEROX_TLS_CERT` and
//! `HYPEROX_TLS_KEY`), driven with `curl` on real sockets: `__Host-`
//! `Secure` cookies, HSTS for public names only, its own origin
//! `https://` in the CSRF check, and the plain-HTTP port redirecting to
//! HTTPS.

#![cfg(feature = "tls")]

use hyperox::{App, Config, Cx, Partial};
use std::process::Command;

async fn page(cx: Cx<'_, ()>) -> Partial {
    Partial::new(cx.csrf_token().to_owned())
}

async fn change(_cx: Cx<'_, ()>) -> Partial {
    Partial::new("changed")
}

/// `curl` with `args`; the status line, headers and body.
fn curl(args: &[&str]) -> String {
    let out = Command::new("curl")
        .args(["-sS", "-k", "-D", "-"])
        .args(args)
        .output()
        .expect("curl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_on_https_with_a_plain_port_that_redirects() {
    let dir = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["localhost".into(), "app.example".into()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    std::fs::write(dir.path().join("cert.pem"), cert.pem()).unwrap();
    std::fs::write(dir.path().join("key.pem"), key.serialize_pem()).unwrap();
    let http_port = hyperox_testkit::free_port();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mut app = App::new(());
    app.set_config(Config {
        addr: listener.local_addr().unwrap(),
        origins: vec!["https://app.example".into()],
        tls: Some((dir.path().join("cert.pem"), dir.path().join("key.pem"))),
        http_port: Some(http_port),
        ..Config::default()
    });
    app.page("/", page).unwrap();
    app.route(hyperox::http::Method::POST, "/change", change)
        .unwrap();
    let server =
        hyperox_testkit::Served::on(listener, |listener, stop| app.serve_on(listener, stop));
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let resolve = format!("localhost:{port}:127.0.0.1");
    let base = format!("https://localhost:{port}");

    let (first, token, hsts_public) = tokio::task::spawn_blocking({
        let (resolve, base) = (resolve.clone(), base.clone());
        move || {
            let first = curl(&["--resolve", &resolve, &format!("{base}/")]);
            let token = first.rsplit("\r\n\r\n").next().unwrap().to_owned();
            let public = curl(&[
                "-H",
                "host: app.example",
                &format!("https://127.0.0.1:{port}/"),
            ]);
            (first, token, public)
        }
    })
    .await
    .unwrap();
    let lower = first.to_lowercase();
    assert!(
        lower.starts_with("http/1.1 200") || lower.starts_with("http/2 200"),
        "{first}"
    );
    assert!(
        lower.contains("set-cookie: __host-hyperox_csrf="),
        "{first}"
    );
    assert!(lower.contains("; secure"), "{first}");
    assert!(
        !lower.contains("strict-transport-security"),
        "none for localhost: {first}"
    );
    assert!(
        hsts_public
            .to_lowercase()
            .contains("strict-transport-security: max-age=31536000"),
        "{hsts_public}"
    );

    let (own, plain, redirect) = tokio::task::spawn_blocking(move || {
        let post = |origin: &str| {
            curl(&[
                "--resolve",
                &resolve,
                "-X",
                "POST",
                "-H",
                &format!("origin: {origin}"),
                "-H",
                &format!("x-csrf-token: {token}"),
                "-b",
                &format!("__Host-hyperox_csrf={token}"),
                &format!("{base}/change"),
            ])
        };
        let own = post(&format!("https://localhost:{port}"));
        let plain = post(&format!("http://localhost:{port}"));
        let redirect = curl(&[
            "-H",
            &format!("host: localhost:{http_port}"),
            &format!("http://127.0.0.1:{http_port}/todos?filter=done"),
        ]);
        (own, plain, redirect)
    })
    .await
    .unwrap();
    assert!(
        own.ends_with("changed"),
        "its own https origin passes: {own}"
    );
    assert!(
        plain.contains(" 403"),
        "the same host over http is another origin: {plain}"
    );
    let redirect = redirect.to_lowercase();
    assert!(redirect.starts_with("http/1.1 308"), "{redirect}");
    assert!(
        redirect.contains(&format!(
            "location: https://localhost:{port}/todos?filter=done"
        )),
        "{redirect}"
    );
    server.stop().await;
}
