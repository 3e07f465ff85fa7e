//! What the browser tests share (the examples' too, by `#[path]`): an app
//! served on a real socket for one browser script.

/// Serves `app` on a free loopback port, runs `script` (in the
/// workspace's `browser/`) with Node against it (its URL, then the
/// screenshot folder `target/screenshots`), stops the app, and gives what
/// the script printed; fails with its output when the script fails.
#[allow(dead_code)]
pub(crate) async fn run_in_chromium<S: Send + Sync + 'static>(
    app: hyperox::App<S>,
    script: &'static str,
) -> String {
    let server =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let url = server.url();
    let shots = hyperox_testkit::browser::screenshots()
        .display()
        .to_string();
    let stdout = hyperox_testkit::browser::run_async(script, vec![url, shots]).await;
    server.stop().await;
    stdout
}
