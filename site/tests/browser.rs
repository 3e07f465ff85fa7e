//! The site in Debian's Chromium (`browser/site.mjs`): every page with no
//! console error or failed request, the live examples, search as you
//! type, and screenshots in `target/screenshots` (light, dark, phone).

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_in_chromium() {
    let app = site::app().unwrap();
    site::examples::start_clock(app.live().clone());
    let served =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let shots = hyperox_testkit::browser::screenshots()
        .display()
        .to_string();
    let out = hyperox_testkit::browser::run_async("site.mjs", vec![served.url(), shots]).await;
    assert!(out.starts_with("ok: "), "{out}");
    served.stop().await;
}
