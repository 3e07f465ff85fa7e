//! Debian's Chromium, driven by playwright-core, against the chat on real
//! sockets (`examples/todo/tests/browser/chat*.mjs`, beside the other
//! browser scripts and their pinned playwright-core): two people in two
//! browsers on one instance and on two, a page that outlives its server
//! restarting, and in development one stream per tab that reloads it.

mod support;

use chat::store::Store;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::Server;

/// The folder of the browser scripts, after checking that Chromium and
/// playwright-core are there (`scripts/test.sh` installs both).
fn browser_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../todo/tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists()
            && dir.join("node_modules/playwright-core").exists(),
        "Chromium or playwright-core is missing (scripts/test.sh installs both)"
    );
    dir
}

const SHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/screenshots");

/// Runs `node script args…`, and its output when it succeeds.
async fn node(script: &'static str, args: Vec<String>) -> String {
    let dir = browser_dir();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("node runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    stdout
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_chat_on_one_instance() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Store::sqlite(&dir.path().join("chat.db")).unwrap()).await;
    let url = format!("http://{}", server.addr);
    let out = node("chat.mjs", vec![url, SHOTS.to_owned()]).await;
    assert!(out.contains("ok: chat on one instance"), "{out}");
    server.stop().await;
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_chat_on_two_instances_of_one_database_and_one_redis() {
    use hyperox_ws::{Hub, HubConfig, RedisBroker, RedisBrokerConfig};
    let pg = hyperox_testkit::PostgresServer::start("chat");
    let redis = hyperox_testkit::RedisServer::start();
    let mut servers = Vec::new();
    for _ in 0..2 {
        let store = Store::postgres(&pg.url()).await.unwrap();
        let broker = RedisBroker::connect(RedisBrokerConfig::new(redis.url()))
            .await
            .unwrap();
        servers
            .push(Server::start_with(store, Hub::with_broker(HubConfig::default(), broker)).await);
    }
    let urls = servers
        .iter()
        .map(|s| format!("http://{}", s.addr))
        .collect();
    let out = node("chat.mjs", urls).await;
    assert!(out.contains("ok: chat on two instances"), "{out}");
    for s in servers {
        s.stop().await;
    }
}

/// Runs `chat-restart.mjs` with `flags` on the chat binary, a new
/// database and a free port (saving screenshots when `shots`); its
/// output.
async fn restart_script(flags: &[&str], shots: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    let mut args: Vec<String> = flags.iter().map(|f| (*f).to_owned()).collect();
    args.push(env!("CARGO_BIN_EXE_chat").to_owned());
    args.push(dir.path().join("chat.db").display().to_string());
    args.push(port.to_string());
    if shots {
        args.push(SHOTS.to_owned());
    }
    node("chat-restart.mjs", args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_survives_its_server_restarting() {
    let out = restart_script(&[], true).await;
    assert!(out.contains("ok: a chat page survives a restart"), "{out}");
}

/// A restart by handoff (`scripts/handoff.py`, SIGHUP): the page's
/// stream ends on the old process and reconnects to the new one, which
/// shows what was said meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_survives_a_handoff() {
    let out = restart_script(&["--handoff"], true).await;
    assert!(out.contains("ok: a chat page survives a handoff"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_development_a_page_has_one_stream_which_reloads_it_on_a_new_server() {
    let out = restart_script(&["--dev"], false).await;
    assert!(
        out.contains("ok: one stream per tab reloads the page in development"),
        "{out}"
    );
}
