//! Debian's Chromium, driven by playwright-core, against the counter on a
//! real socket (`browser/counter-ws.mjs`, beside the
//! other browser scripts and their pinned playwright-core).

#[path = "../../todo/tests/common/mod.rs"]
mod common;

use hyperox::{Config, Env};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counter_over_a_websocket_in_chromium() {
    let mut app = counter_ws::default_app().unwrap();
    app.set_config(Config {
        env: Env::Production,
        ..Config::default()
    });
    common::run_in_chromium(app, "counter-ws.mjs").await;
}
