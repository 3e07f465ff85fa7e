//! Sends arbitrary session and remember-me cookies to an app that keeps
//! sessions: nothing panics, nothing answers other than 200, nobody is
//! signed in by a cookie the app did not issue, and no session is made
//! for a request that wrote nothing (at most the remember-me cookie is
//! removed).
#![no_main]

use hyperox::prelude::*;
use hyperox::router::test::poll_ready;
use hyperox::router::Body;
use hyperox::session::{MemoryStore, Sessions};
use hyperox::{App, Config, Env};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use tower_service::Service;

async fn me(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    let session = cx.session().await?;
    let flash = session.take_flash().len();
    let who = session.user().unwrap_or("-").to_owned();
    Ok(Partial::new(textf!("{who} {flash}")))
}

static SERVICE: LazyLock<hyperox::Service<()>> = LazyLock::new(|| {
    let mut app = App::new(());
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the fuzzer's key, thirty-two characters".into()),
        ..Config::default()
    });
    app.sessions(Sessions::new(MemoryStore::new()));
    app.page("/", me).unwrap();
    app.into_service()
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (session, remember) = text.split_once('\n').unwrap_or((&text, ""));
    let mut cookie = format!("hyperox_session={session}");
    if !remember.is_empty() {
        cookie.push_str(&format!("; hyperox_remember={remember}"));
    }
    let Ok(value) = http::HeaderValue::try_from(cookie) else {
        return;
    };
    let req = http::Request::builder()
        .uri("/")
        .header("host", "127.0.0.1")
        .header("cookie", value)
        .body(Body::empty())
        .unwrap();
    let mut service = SERVICE.clone();
    let res = poll_ready(service.call(req)).unwrap();
    assert_eq!(res.status(), 200);
    for set in res.headers().get_all("set-cookie") {
        let set = set.to_str().unwrap();
        assert!(
            set.starts_with("hyperox_remember=;") || set.starts_with("hyperox_remember=\"\""),
            "only a removal of the remember-me cookie: {set}"
        );
    }
    let body = poll_ready(hyperox::router::test::body_string(res));
    assert_eq!(body, "- 0", "nobody signed in");
});
