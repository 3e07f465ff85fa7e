//! Certificates through ACME against a real Pebble (Let's Encrypt's test
//! server) that really validates: its DNS names every host 127.0.0.1
//! and its validator connects to the app's own ports. An app gets a
//! certificate with TLS-ALPN-01, a restart serves the kept one without
//! a new order, the renewal at two thirds of the validity goes through
//! HTTP-01 on the plain port, and a renewal that fails keeps the old
//! certificate served. Checked with `curl` trusting only Pebble's root.

#![cfg(feature = "acme")]

use hyperox::{App, Config, Cx, Partial};
use hyperox_testkit::Pebble;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const NAME: &str = "app.example.com";

async fn hello(_cx: Cx<'_, ()>) -> Partial {
    Partial::new("hello over HTTPS")
}

/// `GET /` over HTTPS to `NAME` on 127.0.0.1:`port`, trusting `root`
/// alone: the body and the serial of the certificate served, or `None`
/// when no trusted handshake happens.
fn fetch(port: u16, root: &Path) -> Option<(String, String)> {
    let out = Command::new("curl")
        .args(["-sS", "--max-time", "5", "--cacert"])
        .arg(root)
        .args(["--resolve", &format!("{NAME}:{port}:127.0.0.1")])
        .args(["-w", "\n%{certs}"])
        .arg(format!("https://{NAME}:{port}/"))
        .output()
        .expect("curl runs");
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, certs) = text.split_once('\n')?;
    let serial = certs
        .lines()
        .find_map(|l| l.strip_prefix("Serial Number:"))?
        .trim()
        .to_owned();
    Some((body.to_owned(), serial))
}

/// Polls `fetch` until `until` holds, for at most `limit`.
async fn wait_for(
    port: u16,
    root: &Path,
    limit: Duration,
    until: impl Fn(&(String, String)) -> bool,
) -> (String, String) {
    let t = Instant::now();
    loop {
        let root = root.to_owned();
        let got = tokio::task::spawn_blocking(move || fetch(port, &root))
            .await
            .unwrap();
        if let Some(got) = &got
            && until(got)
        {
            return got.clone();
        }
        assert!(
            t.elapsed() < limit,
            "no such certificate on port {port} after {limit:?} (last: {got:?})"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Serves the hello app with `config` on its port until it is stopped.
async fn start(config: Config) -> hyperox_testkit::Served {
    let listener = tokio::net::TcpListener::bind(config.addr).await.unwrap();
    let mut app = App::new(());
    app.set_config(config);
    app.page("/", hello).unwrap();
    hyperox_testkit::Served::on(listener, |listener, stop| app.serve_on(listener, stop))
}

fn config(port: u16, data_dir: PathBuf, directory: &str, pebble: &Pebble) -> Config {
    Config {
        addr: ([127, 0, 0, 1], port).into(),
        domains: vec![NAME.into()],
        acme_email: Some("ops@example.com".into()),
        acme_directory: directory.to_owned(),
        acme_ca_root: Some(pebble.ca_root.clone()),
        data_dir,
        ..Config::default()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn obtained_kept_renewed_and_kept_when_renewal_fails() {
    hyperox::log::init("hyperox::acme=info");
    let https_port = hyperox_testkit::free_port();
    let http_port = hyperox_testkit::free_port();
    // Renewal due 20 s after issuance.
    let pebble = Pebble::start(http_port, https_port, Duration::from_secs(30));
    let root_dir = tempfile::tempdir().unwrap();
    let root = root_dir.path().join("issuing-root.pem");
    std::fs::write(&root, pebble.issuing_root()).unwrap();
    let data = tempfile::tempdir().unwrap();

    // First start, TLS-ALPN-01 on the HTTPS port.
    let server = start(config(
        https_port,
        data.path().to_owned(),
        &pebble.directory,
        &pebble,
    ))
    .await;
    let (body, first) = wait_for(https_port, &root, Duration::from_secs(30), |_| true).await;
    assert_eq!(body, "hello over HTTPS");
    assert_eq!(pebble.issued(), 1, "{}", pebble.log());
    server.stop().await;
    let kept = data.path().join("kept-copy");
    copy_dir(&data.path().join("acme"), &kept.join("acme"));

    // A restart serves the kept certificate and orders nothing; the
    // renewal then goes through HTTP-01 on the plain port.
    let mut again = config(
        https_port,
        data.path().to_owned(),
        &pebble.directory,
        &pebble,
    );
    again.http_port = Some(http_port);
    let server = start(again).await;
    let (_, served) = wait_for(https_port, &root, Duration::from_secs(10), |_| true).await;
    assert_eq!(served, first, "the kept certificate after a restart");
    assert_eq!(pebble.issued(), 1, "no new order at a restart");
    let (body, renewed) = wait_for(https_port, &root, Duration::from_secs(40), |(_, s)| {
        *s != first
    })
    .await;
    assert_eq!(body, "hello over HTTPS");
    assert_eq!(pebble.issued(), 2, "{}", pebble.log());
    server.stop().await;

    // The first certificate, now due, with a directory that does not
    // answer: the renewal fails and the old certificate is served.
    let dead = format!("https://127.0.0.1:{}/dir", hyperox_testkit::free_port());
    let other_port = hyperox_testkit::free_port();
    let server = start(config(other_port, kept, &dead, &pebble)).await;
    let (body, served) = wait_for(other_port, &root, Duration::from_secs(10), |_| true).await;
    assert_eq!(body, "hello over HTTPS");
    assert_eq!(
        served, first,
        "the old certificate stays while renewal fails"
    );
    assert_ne!(served, renewed);
    assert_eq!(pebble.issued(), 2);
    server.stop().await;
}
