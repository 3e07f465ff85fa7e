//! Debian's Chromium through the sign-in flows on a real socket, with
//! JavaScript and without (`browser/auth.mjs`,
//! beside the other browser scripts and their pinned playwright-core).

#[path = "../../todo/tests/common/mod.rs"]
mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flows_in_a_browser_with_and_without_javascript() {
    let dir = tempfile::tempdir().unwrap();
    let config = hyperox::Config {
        env: hyperox::Env::Production,
        secret: Some("the auth browser test key, thirty-two characters".into()),
        data_dir: dir.path().to_owned(),
        ..hyperox::Config::default()
    };
    let app = auth::app(&config).await.unwrap();
    let out = common::run_in_chromium(app, "auth.mjs").await;
    assert!(out.contains("ok: auth with JavaScript"), "{out}");
    assert!(out.contains("ok: auth without JavaScript"), "{out}");
}
