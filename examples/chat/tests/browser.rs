//! Debian's Chromium, driven by playwright-core, against the chat on real
//! sockets (`browser/chat*.mjs`, beside the other
//! browser scripts and their pinned playwright-core): two people in two
//! browsers on one instance and on two, a page that outlives its server
//! restarting, and in development one stream per tab that reloads it.

mod support;

use chat::store::Store;
use support::Server;

/// Where the scripts save their screenshots.
fn screenshots() -> String {
    hyperox_testkit::browser::screenshots()
        .display()
        .to_string()
}

/// Runs `node script args…` in the browser folder; what it printed.
async fn node(script: &'static str, args: Vec<String>) -> String {
    hyperox_testkit::browser::run_async(script, args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_chat_on_one_instance() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Store::sqlite(&dir.path().join("chat.db")).unwrap()).await;
    let url = format!("http://{}", server.addr);
    let out = node("chat.mjs", vec![url, screenshots()]).await;
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
        args.push(screenshots());
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
