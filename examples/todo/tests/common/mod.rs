//! What the browser tests share (the examples' too, by `#[path]`).

use std::path::{Path, PathBuf};

/// The folder of the browser scripts, after checking that Chromium and
/// playwright-core are there (`scripts/test.sh` installs both).
pub(crate) fn browser_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|d| d.join("examples/todo/tests/browser"))
        .find(|d| d.exists())
        .expect("the browser scripts, in examples/todo/tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: `apt-get install chromium` (scripts/test.sh does it)"
    );
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "playwright-core is missing: `npm ci` in {} (scripts/test.sh does it)",
        dir.display()
    );
    dir
}

/// Serves `app` on a free loopback port, runs `script` (in
/// `tests/browser`) with Node against it (its URL, then the screenshot
/// folder `target/screenshots`), stops the app, and gives what the script
/// printed; fails with its output when the script fails.
#[allow(dead_code)]
pub(crate) async fn run_in_chromium<S: Send + Sync + 'static>(
    app: hyperox::App<S>,
    script: &'static str,
) -> String {
    let dir = browser_dir();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve_on(listener, async {
        let _ = stopped.await;
    }));
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(script)
            .arg(&url)
            .arg(shots)
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
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    stdout
}
