//! The chat on SQLite, over real sockets: names, rooms, messages pushed to
//! the pages in their room (and only there), refusals, history, presence
//! and resumption.

mod support;

use chat::store::Store;
use support::{Browser, Server, WAIT, next_message};

async fn chat() -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::sqlite(&dir.path().join("chat.db")).unwrap();
    (Server::start(store).await, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_is_kept_in_a_cookie_and_a_refused_one_is_shown_with_why() {
    let (server, _dir) = chat().await;
    let mut b = Browser::new(server.addr).await;
    let page = b.get(server.addr, "/rooms/general").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"name-form\""), "a name first");
    assert!(
        !page.body.contains("hx-sse:connect"),
        "no stream without a name"
    );

    let refused = b
        .post(
            server.addr,
            "/_partials/name",
            &[("name", "  "), ("next", "/rooms/general")],
            false,
        )
        .await;
    assert_eq!(refused.status, 303);
    let back = b.get(server.addr, refused.location()).await;
    assert!(
        back.body.contains("Write something first."),
        "{}",
        back.body
    );
    assert!(
        back.body.contains("value=\"/rooms/general\""),
        "the next page is kept"
    );

    let set = b
        .post(
            server.addr,
            "/_partials/name",
            &[("name", " Ada "), ("next", "/rooms/general")],
            false,
        )
        .await;
    assert_eq!((set.status, set.location()), (303, "/rooms/general"));
    assert_eq!(b.cookie_value(chat::NAME_COOKIE), Some("Ada"));
    let page = b.get(server.addr, "/rooms/general").await;
    assert!(page.body.contains("You are <strong>Ada</strong>"));
    assert!(
        page.body
            .contains("hx-sse:connect=\"/_partials/rooms/general/events\"")
    );

    // A next page elsewhere is not followed.
    let set = b
        .post(
            server.addr,
            "/_partials/name",
            &[("name", "Ada"), ("next", "//evil.example/")],
            false,
        )
        .await;
    assert_eq!(set.location(), "/");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_are_made_once_and_a_bad_name_or_a_missing_room_is_refused() {
    let (server, _dir) = chat().await;
    let mut b = Browser::named(server.addr, "ada").await;
    let made = b
        .post(
            server.addr,
            "/_partials/create_room",
            &[("room", " Rust-2026 ")],
            false,
        )
        .await;
    assert_eq!((made.status, made.location()), (303, "/rooms/rust-2026"));
    let again = b
        .post(
            server.addr,
            "/_partials/create_room",
            &[("room", "rust-2026")],
            false,
        )
        .await;
    assert_eq!(again.location(), "/rooms/rust-2026");
    let front = b.get(server.addr, "/").await;
    let order: Vec<&str> = front.body.split("class=\"room ").skip(1).collect();
    assert_eq!(order.len(), 3, "general, random, rust-2026 once");

    let bad = b
        .post(
            server.addr,
            "/_partials/create_room",
            &[("room", "a/b")],
            false,
        )
        .await;
    let shown = b.get(server.addr, bad.location()).await;
    assert!(
        shown
            .body
            .contains("Use lowercase letters, digits and dashes.")
    );

    for path in [
        "/rooms/nowhere",
        "/_partials/rooms/nowhere/messages",
        "/_partials/rooms/nowhere/events",
    ] {
        assert_eq!(b.get(server.addr, path).await.status, 404, "{path}");
    }
    let post = b.say(server.addr, "nowhere", "hi", true).await;
    assert_eq!(post.status, 404);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_is_stored_and_pushed_to_every_page_in_its_room_and_no_other() {
    let (server, _dir) = chat().await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let bob = Browser::named(server.addr, "Bob").await;
    let mut ada_stream = ada.stream(server.addr, "general", None).await;
    let mut bob_stream = bob.stream(server.addr, "general", None).await;
    let mut elsewhere = bob.stream(server.addr, "random", None).await;

    let sent = ada.say(server.addr, "general", "<b>hi</b> all", true).await;
    assert_eq!(sent.status, 200);
    assert!(
        sent.body.is_empty(),
        "the answer only clears the form: {}",
        sent.body
    );
    for stream in [&mut ada_stream, &mut bob_stream] {
        let ev = next_message(stream).await.expect("the message");
        assert!(ev.id.is_some(), "resumable");
        assert!(
            ev.data
                .contains("id=\"messages\" hx-swap-oob=\"beforeend\""),
            "{}",
            ev.data
        );
        assert!(
            ev.data
                .contains("<h3 class=\"author font-bold text-indigo-700\">Ada</h3>")
        );
        assert!(
            ev.data.contains("&lt;b&gt;hi&lt;/b&gt; all"),
            "escaped: {}",
            ev.data
        );
    }
    assert!(
        next_message_within(&mut elsewhere).await.is_none(),
        "another room hears nothing"
    );

    // Stored: a page loaded later shows it.
    let page = ada.get(server.addr, "/rooms/general").await;
    assert!(page.body.contains("&lt;b&gt;hi&lt;/b&gt; all"));
    assert_eq!(page.body.matches("class=\"message ").count(), 1);
    let random = ada.get(server.addr, "/rooms/random").await;
    assert!(!random.body.contains("class=\"message "), "none in #random");
    server.stop().await;
}

async fn next_message_within(stream: &mut support::Stream) -> Option<support::Event> {
    loop {
        let ev = stream.next(std::time::Duration::from_millis(300)).await?;
        if ev.event.as_deref() != Some(chat::PRESENCE) {
            return Some(ev);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_message_is_the_form_with_why_and_nothing_is_pushed() {
    let (server, _dir) = chat().await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let mut stream = ada.stream(server.addr, "general", None).await;
    let long = "x".repeat(1001);
    for (body, why) in [
        ("   ", "Write something first."),
        (long.as_str(), "Keep it to 1000 characters."),
    ] {
        let refused = ada.say(server.addr, "general", body, true).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("id=\"compose\""));
        assert!(refused.body.contains(why), "{}", refused.body);
    }
    // Without JavaScript: back to the room with the text and the error.
    let refused = ada.say(server.addr, "general", " ", false).await;
    assert_eq!(refused.status, 303);
    let page = ada.get(server.addr, refused.location()).await;
    assert!(page.body.contains("Write something first."));
    assert!(next_message_within(&mut stream).await.is_none());

    // No name, no message.
    let mut nameless = Browser::new(server.addr).await;
    let refused = nameless.say(server.addr, "general", "hi", true).await;
    assert_eq!(refused.status, 403);
    // A post without its CSRF token is refused before it is stored.
    let mut forged = ada.clone();
    forged.forget_token();
    let refused = forged.say(server.addr, "general", "hi", true).await;
    assert_eq!(refused.status, 403);
    assert!(next_message_within(&mut stream).await.is_none());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_posted_message_without_javascript_brings_the_room_back() {
    let (server, _dir) = chat().await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let sent = ada.say(server.addr, "random", "plain form", false).await;
    assert_eq!((sent.status, sent.location()), (303, "/rooms/random"));
    let page = ada.get(server.addr, "/rooms/random").await;
    assert!(page.body.contains("plain form"));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn who_is_here_follows_the_open_streams() {
    let (server, _dir) = chat().await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let bob = Browser::named(server.addr, "Bob").await;
    let mut ada_stream = ada.stream(server.addr, "general", None).await;
    let ev = ada_stream.next(WAIT).await.unwrap();
    assert_eq!(ev.event.as_deref(), Some(chat::PRESENCE));
    let bob_stream = bob.stream(server.addr, "general", None).await;
    let ev = ada_stream.next(WAIT).await.unwrap();
    assert_eq!(
        ev.event.as_deref(),
        Some(chat::PRESENCE),
        "Ada hears Bob come"
    );
    let here = ada
        .get(server.addr, "/_partials/rooms/general/members")
        .await;
    assert!(
        here.body
            .contains("<li class=\"member\">Ada</li><li class=\"member\">Bob</li>"),
        "{}",
        here.body
    );
    drop(bob_stream);
    let ev = ada_stream.next(WAIT).await.unwrap();
    assert_eq!(ev.event.as_deref(), Some(chat::PRESENCE), "and go");
    let here = ada
        .get(server.addr, "/_partials/rooms/general/members")
        .await;
    assert!(!here.body.contains("Bob"), "{}", here.body);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_resumes_after_its_last_message_and_reloads_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chat.db");
    let server = Server::start(Store::sqlite(&path).unwrap()).await;
    let mut ada = Browser::named(server.addr, "Ada").await;
    let mut stream = ada.stream(server.addr, "general", None).await;
    ada.say(server.addr, "general", "one", true).await;
    let one = next_message(&mut stream).await.unwrap();
    drop(stream);
    ada.say(server.addr, "general", "two", true).await;
    let mut stream = ada.stream(server.addr, "general", one.id.as_deref()).await;
    let two = next_message(&mut stream).await.unwrap();
    assert!(two.data.contains(">two<"), "the one missed: {}", two.data);
    let last = two.id.clone();
    drop(stream);
    server.stop().await;

    // A new server on the same file knows nothing of the ids the page
    // saw: the page is told to reload the list, which has everything.
    let server = Server::start(Store::sqlite(&path).unwrap()).await;
    let mut ada2 = ada.clone();
    let mut stream = ada2.stream(server.addr, "general", last.as_deref()).await;
    let gap = next_message(&mut stream).await.unwrap();
    assert_eq!(gap.event.as_deref(), Some(chat::GAP));
    let list = ada2
        .get(server.addr, "/_partials/rooms/general/messages")
        .await;
    assert!(
        list.body.contains(">one<") && list.body.contains(">two<"),
        "{}",
        list.body
    );
    server.stop().await;
}
