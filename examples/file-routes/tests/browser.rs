//! Debian's Chromium, with JavaScript off, through the file-routes pages
//! on a real socket (`examples/todo/tests/browser/file-routes.mjs`,
//! beside the other browser scripts and their pinned playwright-core):
//! whole documents, styled, linked, with a styled 404.

use hyperox::{Config, Env};
use std::path::Path;
use std::process::Command;
use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_a_styled_document_without_javascript() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../todo/tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists()
            && dir.join("node_modules/playwright-core").exists(),
        "Chromium or playwright-core is missing (scripts/test.sh installs both)"
    );
    let mut app = file_routes::app().unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the file-routes browser key, thirty-two characters".into()),
        ..Config::default()
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve_on(listener, async {
        let _ = stopped.await;
    }));
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("file-routes.mjs")
            .arg(&url)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/screenshots"
            ))
            .current_dir(dir)
            .output()
            .expect("node runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "file-routes.mjs failed:\n{stdout}\n{stderr}"
    );
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
