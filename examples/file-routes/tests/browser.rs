//! Debian's Chromium, with JavaScript off, through the file-routes pages
//! on a real socket (`browser/file-routes.mjs`,
//! beside the other browser scripts and their pinned playwright-core):
//! whole documents, styled, linked, with a styled 404.

#[path = "../../todo/tests/common/mod.rs"]
mod common;

use hyperox::{Config, Env};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_a_styled_document_without_javascript() {
    let mut app = file_routes::app().unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the file-routes browser key, thirty-two characters".into()),
        ..Config::default()
    });
    let out = common::run_in_chromium(app, "file-routes.mjs").await;
    assert!(out.contains("ok: file-routes without JavaScript"), "{out}");
}
