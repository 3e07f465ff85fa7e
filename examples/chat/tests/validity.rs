//! Every page, partial, pushed message and error page of the chat through
//! the W3C Nu HTML checker (`examples/todo/tests/common/vnu.rs`): 0
//! errors but htmx's `hx-*` attributes.
//!
//! Needs Java and `npm ci` in `browser/`
//! (`scripts/test.sh` installs both).

mod support;
#[path = "../../todo/tests/common/vnu.rs"]
mod vnu;

use chat::store::Store;
use http_body_util::BodyExt;
use support::sse_client::request;
use support::{Browser, Server, next_message};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_partial_and_pushed_message_is_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(Store::sqlite(&dir.path().join("chat.db")).unwrap()).await;
    let addr = server.addr;
    let mut docs: Vec<(String, String)> = Vec::new();
    let mut anon = Browser::new(addr).await;
    docs.push(("front-anonymous".into(), anon.get(addr, "/").await.body));
    docs.push((
        "room-anonymous".into(),
        anon.get(addr, "/rooms/general").await.body,
    ));
    let refused = anon
        .post(
            addr,
            "/_partials/name",
            &[("name", " "), ("next", "/")],
            false,
        )
        .await;
    docs.push((
        "name-refused".into(),
        anon.get(addr, refused.location()).await.body,
    ));

    let mut ada = Browser::named(addr, "Ada").await;
    let mut stream = ada.stream(addr, "general", None).await;
    let said = ada.say(addr, "general", "Hello <world> & all", true).await;
    assert!(said.status < 300, "{}", said.body);
    docs.push(("say".into(), vnu::in_document(&said.body)));
    let pushed = next_message(&mut stream)
        .await
        .expect("the message is pushed");
    docs.push(("pushed-message".into(), vnu::in_document(&pushed.data)));
    let empty = ada.say(addr, "general", " ", true).await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    docs.push(("say-empty".into(), vnu::in_document(&empty.body)));
    docs.push(("front-named".into(), ada.get(addr, "/").await.body));
    docs.push((
        "room-named".into(),
        ada.get(addr, "/rooms/general").await.body,
    ));
    for part in ["messages", "members"] {
        let answer = ada
            .get(addr, &format!("/_partials/rooms/general/{part}"))
            .await;
        assert_eq!(answer.status, 200);
        docs.push((part.into(), vnu::in_document(&answer.body)));
    }
    let bad_room = ada
        .post(
            addr,
            "/_partials/create_room",
            &[("room", "no spaces!")],
            true,
        )
        .await;
    docs.push((
        "create-room-refused".into(),
        vnu::in_document(&bad_room.body),
    ));
    for (name, path) in [
        ("error-404", "/no/such/page"),
        ("error-404-room", "/rooms/nowhere"),
    ] {
        let res = request(addr, path, &[("accept", "text/html")]).await;
        let status = res.status();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        assert!(status.is_client_error(), "{path}: {status}");
        docs.push((name.into(), String::from_utf8(body.to_vec()).unwrap()));
    }
    vnu::assert_valid("chat", &docs);
    server.stop().await;
}
