//! Server-sent event streams with real clients on 127.0.0.1: rooms,
//! sessions and everyone, resumption with `Last-Event-ID`, presence,
//! heartbeats, a client that goes away and a client too slow to keep up.

mod support;

use hyperox::html::prelude::*;
use hyperox_ws::{Hub, HubConfig};
use std::time::Duration;
use support::{Server, Stream, eventually};

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(300);

fn config() -> HubConfig {
    HubConfig {
        heartbeat: Duration::from_millis(200),
        ..HubConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_reaches_its_room_its_session_or_everyone_and_no_one_else() {
    let server = Server::start(Hub::new(config())).await;
    let (alice, bob) = (server.browser().await, server.browser().await);
    assert_ne!(alice.session, bob.session);
    let mut a_lobby = Stream::open(server.addr, "/events?room=lobby", &alice, &[]).await;
    let mut a_tab2 = Stream::open(server.addr, "/events?room=other", &alice, &[]).await;
    let mut b_lobby = Stream::open(server.addr, "/events?room=lobby", &bob, &[]).await;
    assert!(eventually(WAIT, || server.hub.stats().connections == 3).await);

    let first = a_lobby.next_within(WAIT).await.unwrap();
    assert_eq!(first.retry.as_deref(), Some("1000"), "a retry hint first");

    server
        .hub
        .room("lobby")
        .push(p("to the lobby"))
        .await
        .unwrap();
    for s in [&mut a_lobby, &mut b_lobby] {
        let ev = s.next(WAIT).await.unwrap();
        assert_eq!(ev.data, "<p>to the lobby</p>");
        assert!(id_of(&ev) > 0, "room messages are numbered");
    }
    assert!(
        a_tab2.next(QUIET).await.is_none(),
        "another room hears nothing"
    );

    server
        .hub
        .session(&alice.session)
        .push(p("to alice"))
        .await
        .unwrap();
    assert_eq!(a_lobby.next(WAIT).await.unwrap().data, "<p>to alice</p>");
    assert_eq!(a_tab2.next(WAIT).await.unwrap().data, "<p>to alice</p>");
    assert!(
        b_lobby.next(QUIET).await.is_none(),
        "bob's session hears nothing"
    );

    server
        .hub
        .everyone()
        .event("tick", "{\"n\":1}")
        .await
        .unwrap();
    for s in [&mut a_lobby, &mut a_tab2, &mut b_lobby] {
        let ev = s.next(WAIT).await.unwrap();
        assert_eq!(ev.event.as_deref(), Some("tick"));
        assert_eq!(ev.data, "{\"n\":1}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_resumes_after_its_last_event_id_and_is_told_of_a_gap() {
    let server = Server::start(Hub::new(HubConfig {
        history: 3,
        ..config()
    }))
    .await;
    let alice = server.browser().await;
    let mut s = Stream::open(server.addr, "/events?room=r", &alice, &[]).await;
    for n in 1..=2 {
        server.hub.room("r").push(p(n)).await.unwrap();
    }
    // Ids count on from the hub's start (in microseconds since 1970).
    let first = id_of(&s.next(WAIT).await.unwrap());
    assert_eq!(id_of(&s.next(WAIT).await.unwrap()), first + 1);
    drop(s);
    for n in 3..=4 {
        server.hub.room("r").push(p(n)).await.unwrap();
    }
    let after = (first + 1).to_string();
    let mut s = Stream::open(
        server.addr,
        "/events?room=r",
        &alice,
        &[("last-event-id", &after)],
    )
    .await;
    let three = s.next(WAIT).await.unwrap();
    assert_eq!(
        (id_of(&three), three.data.as_str()),
        (first + 2, "<p>3</p>")
    );
    assert_eq!(id_of(&s.next(WAIT).await.unwrap()), first + 3);
    server.hub.room("r").push(p(5)).await.unwrap();
    assert_eq!(id_of(&s.next(WAIT).await.unwrap()), first + 4, "then live");
    assert!(s.next(QUIET).await.is_none(), "each once");
    drop(s);

    // Only 3, 4 and 5 are kept: a client that saw 1 missed 2 for good.
    let after = first.to_string();
    let mut s = Stream::open(
        server.addr,
        "/events?room=r",
        &alice,
        &[("last-event-id", &after)],
    )
    .await;
    assert_eq!(
        s.next(WAIT).await.unwrap().event.as_deref(),
        Some("hyperox:gap")
    );
    assert_eq!(id_of(&s.next(WAIT).await.unwrap()), first + 2);
    drop(s);

    // A client of a server that ran before this one saw smaller ids:
    // told of a gap, it reloads.
    let before = (first - 5_000_000).to_string();
    let mut s = Stream::open(
        server.addr,
        "/events?room=r",
        &alice,
        &[("last-event-id", &before)],
    )
    .await;
    assert_eq!(
        s.next(WAIT).await.unwrap().event.as_deref(),
        Some("hyperox:gap")
    );
    drop(s);

    // An id the room never gave, in it or in a room with no history yet:
    // the client's history is from somewhere else.
    for room in ["r", "fresh"] {
        let mut s = Stream::open(
            server.addr,
            &format!("/events?room={room}"),
            &alice,
            &[("last-event-id", "99999999999999999")],
        )
        .await;
        assert_eq!(
            s.next(WAIT).await.unwrap().event.as_deref(),
            Some("hyperox:gap"),
            "{room}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_counts_members_and_tells_the_room() {
    let server = Server::start(Hub::new(config())).await;
    let (alice, bob) = (server.browser().await, server.browser().await);
    let mut a = Stream::open(server.addr, "/events?room=chat&member=alice", &alice, &[]).await;
    let ev = a.next(WAIT).await.unwrap();
    assert_eq!(
        (ev.event.as_deref(), ev.data.as_str()),
        (Some("presence"), "[\"alice\"]")
    );
    let b = Stream::open(server.addr, "/events?room=chat&member=bob", &bob, &[]).await;
    let ev = a.next(WAIT).await.unwrap();
    assert_eq!(ev.data, "[\"alice\",\"bob\"]");
    assert_eq!(server.hub.members("chat").await.unwrap(), ["alice", "bob"]);
    // A second tab of bob's changes nothing; closing both takes him out.
    let b2 = Stream::open(server.addr, "/events?room=chat&member=bob", &bob, &[]).await;
    drop(b);
    tokio::time::sleep(QUIET).await;
    assert_eq!(server.hub.members("chat").await.unwrap(), ["alice", "bob"]);
    drop(b2);
    loop {
        let ev = a.next(WAIT).await.expect("told bob left");
        if ev.data == "[\"alice\"]" {
            break;
        }
    }
    assert_eq!(server.hub.members("chat").await.unwrap(), ["alice"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_stream_gets_heartbeats_and_a_client_that_goes_is_cleaned_up() {
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let mut s = Stream::open(server.addr, "/events?room=r", &alice, &[]).await;
    let _retry = s.next_within(WAIT).await.unwrap();
    let beat = s.next_within(WAIT).await.unwrap();
    assert!(beat.comment, "{beat:?}");
    assert_eq!(server.hub.stats().connections, 1);
    drop(s);
    assert!(
        eventually(Duration::from_secs(2), || server.hub.stats().connections
            == 0)
        .await,
        "the connection is gone from the hub"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_nothing_is_dropped_and_the_rest_go_on() {
    use tokio::io::AsyncWriteExt;
    let server = Server::start(Hub::new(HubConfig {
        queue: 8,
        history: 0,
        ..config()
    }))
    .await;
    let alice = server.browser().await;
    let mut fast = Stream::open(server.addr, "/events?room=r", &alice, &[]).await;
    // A client that asks and never reads.
    let mut slow = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let ask = format!(
        "GET /events?room=r HTTP/1.1\r\nhost: 127.0.0.1:{}\r\ncookie: {}\r\n\r\n",
        server.addr.port(),
        alice.cookie
    );
    slow.write_all(ask.as_bytes()).await.unwrap();
    assert!(eventually(WAIT, || server.hub.stats().connections == 2).await);

    // 64 KiB messages until the slow client's socket buffers and queue
    // are full; the fast client reads each.
    let big = "x".repeat(64 * 1024);
    let mut n = 0;
    while server.hub.stats().dropped_slow == 0 && n < 2000 {
        server.hub.room("r").push(p(big.clone())).await.unwrap();
        let ev = fast.next(WAIT).await.expect("the fast client keeps up");
        assert_eq!(ev.data.len(), big.len() + 7);
        n += 1;
    }
    assert_eq!(
        server.hub.stats().dropped_slow,
        1,
        "dropped after {n} messages"
    );
    assert_eq!(
        server.hub.stats().connections,
        1,
        "only the fast one is left"
    );
    server.hub.room("r").push(p("after")).await.unwrap();
    assert_eq!(fast.next(WAIT).await.unwrap().data, "<p>after</p>");
    drop(slow);
    server.stop().await;
}

/// An event's id as a number.
fn id_of(ev: &support::Event) -> u64 {
    ev.id
        .as_deref()
        .and_then(|i| i.parse().ok())
        .expect("an id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_development_a_stream_starts_with_the_servers_boot_id() {
    let server = Server::start_in(Hub::new(config()), hyperox::Env::Development).await;
    let (_, _, page) = support::get(server.addr, "/", &[]).await;
    let boot = page
        .split(r#"<meta name="hyperox-boot" content=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a boot meta in development")
        .to_owned();
    let alice = server.browser().await;
    let mut s = Stream::open(server.addr, "/events?room=r", &alice, &[]).await;
    let first = s.next(WAIT).await.unwrap();
    assert_eq!(
        (first.event.as_deref(), first.data.as_str()),
        (Some("hyperox:boot"), boot.as_str())
    );
    server.stop().await;

    // Not in production.
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let mut s = Stream::open(server.addr, "/events?room=r", &alice, &[]).await;
    server.hub.room("r").push(p("first")).await.unwrap();
    assert_eq!(s.next(WAIT).await.unwrap().data, "<p>first</p>");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_asked_to_compress_is_gzip_for_clients_that_take_it() {
    use std::io::Write;
    let server = Server::start(Hub::new(config())).await;
    let alice = server.browser().await;
    let gzip = [("accept-encoding", "br, gzip")];
    // Asked, and taken: each event arrives as soon as it is sent.
    let mut s = Stream::open(server.addr, "/events?room=r&gzip=true", &alice, &gzip).await;
    assert_eq!(s.headers["content-encoding"], "gzip");
    let mut plain = flate2::write::GzDecoder::new(Vec::new());
    let first = s.next_bytes(WAIT).await.unwrap();
    plain.write_all(&first).unwrap();
    plain.flush().unwrap();
    assert!(String::from_utf8_lossy(plain.get_ref()).starts_with("retry: "));
    let html = "<li>the same row of HTML</li>".repeat(40);
    server
        .hub
        .room("r")
        .push(unsafe_raw(html.clone()))
        .await
        .unwrap();
    let pushed = s.next_bytes(WAIT).await.unwrap();
    assert!(
        pushed.len() < html.len() / 4,
        "{} bytes for {}",
        pushed.len(),
        html.len()
    );
    plain.write_all(&pushed).unwrap();
    plain.flush().unwrap();
    assert!(String::from_utf8_lossy(plain.get_ref()).contains(&html));

    // Not taken, or not asked: plain.
    let s = Stream::open(server.addr, "/events?room=r&gzip=true", &alice, &[]).await;
    assert!(!s.headers.contains_key("content-encoding"));
    let s = Stream::open(server.addr, "/events?room=r", &alice, &gzip).await;
    assert!(!s.headers.contains_key("content-encoding"));
    server.stop().await;
}
