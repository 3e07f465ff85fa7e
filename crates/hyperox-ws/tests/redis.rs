//! Two and three app instances sharing one real `redis-server` (started
//! on a free loopback port): a push on one reaches streams and sockets on
//! the others, presence counts members across instances (and forgets an
//! instance that died), and a client resumes on another instance.

#![cfg(feature = "redis")]

mod support;

use hyperox::html::prelude::*;
use hyperox_testkit::RedisServer;
use hyperox_ws::{Broker, Hub, HubConfig, RedisBroker, RedisBrokerConfig};
use std::time::Duration;
use support::{Server, Stream};

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(300);

async fn instance(redis: &RedisServer, namespace: &str) -> Server {
    let mut config = RedisBrokerConfig::new(redis.url());
    config.namespace = namespace.to_owned();
    config.presence_ttl = Duration::from_millis(600);
    let broker = RedisBroker::connect(config).await.unwrap();
    let hub = Hub::with_broker(
        HubConfig {
            heartbeat: Duration::from_millis(200),
            ..HubConfig::default()
        },
        broker,
    );
    // The subscription is up once a push comes back.
    let server = Server::start(hub).await;
    let b = server.browser().await;
    let mut s = Stream::open(server.addr, "/events?room=__ready", &b, &[]).await;
    loop {
        server.hub.room("__ready").push(p("ready")).await.unwrap();
        if s.next(Duration::from_millis(100)).await.is_some() {
            break;
        }
    }
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_push_on_one_instance_reaches_clients_on_the_others() {
    let redis = RedisServer::start();
    let a = instance(&redis, "t1").await;
    let b = instance(&redis, "t1").await;
    let c = instance(&redis, "t1").await;
    let alice = a.browser().await;
    // Sessions are signed with the app key all instances share, so the
    // same browser is the same session on each.
    let mut on_b = Stream::open(b.addr, "/events?room=lobby", &alice, &[]).await;
    let mut on_c = Stream::open(c.addr, "/events?room=lobby", &alice, &[]).await;
    let mut elsewhere = Stream::open(c.addr, "/events?room=other", &alice, &[]).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.hub.room("lobby").push(p("from a")).await.unwrap();
    let mut ids = Vec::new();
    for s in [&mut on_b, &mut on_c] {
        let ev = s.next(WAIT).await.unwrap();
        assert_eq!(ev.data, "<p>from a</p>");
        ids.push(ev.id.and_then(|i| i.parse::<u64>().ok()).unwrap());
    }
    assert_eq!(ids[0], ids[1], "one numbering");
    let first = ids[0];
    assert!(elsewhere.next(QUIET).await.is_none());
    b.hub
        .session(&alice.session)
        .push(p("to alice"))
        .await
        .unwrap();
    for s in [&mut on_b, &mut on_c, &mut elsewhere] {
        assert_eq!(s.next(WAIT).await.unwrap().data, "<p>to alice</p>");
    }
    c.hub.everyone().event("tick", "1").await.unwrap();
    for s in [&mut on_b, &mut on_c, &mut elsewhere] {
        assert_eq!(s.next(WAIT).await.unwrap().event.as_deref(), Some("tick"));
    }

    // Ids come from Redis: a client of b resumes on c after what it saw.
    drop(on_b);
    a.hub.room("lobby").push(p("second")).await.unwrap();
    let second = (first + 1).to_string();
    assert_eq!(on_c.next(WAIT).await.unwrap().id, Some(second.clone()));
    let after = first.to_string();
    let mut resumed = Stream::open(
        c.addr,
        "/events?room=lobby",
        &alice,
        &[("last-event-id", &after)],
    )
    .await;
    let ev = resumed.next(WAIT).await.unwrap();
    assert_eq!(
        (ev.id.as_deref(), ev.data.as_str()),
        (Some(second.as_str()), "<p>second</p>")
    );
    for s in [a, b, c] {
        s.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_spans_instances_and_forgets_one_that_died() {
    let redis = RedisServer::start();
    let a = instance(&redis, "t2").await;
    let b = instance(&redis, "t2").await;
    let (alice, bob) = (a.browser().await, b.browser().await);
    let mut on_a = Stream::open(a.addr, "/events?room=chat&member=alice", &alice, &[]).await;
    assert_eq!(on_a.next(WAIT).await.unwrap().data, "[\"alice\"]");
    let on_b = Stream::open(b.addr, "/events?room=chat&member=bob", &bob, &[]).await;
    let ev = on_a.next(WAIT).await.unwrap();
    assert_eq!(
        (ev.event.as_deref(), ev.data.as_str()),
        (Some("presence"), "[\"alice\",\"bob\"]")
    );
    assert_eq!(a.hub.members("chat").await.unwrap(), ["alice", "bob"]);
    drop(on_b);
    loop {
        if on_a.next(WAIT).await.expect("told bob left").data == "[\"alice\"]" {
            break;
        }
    }

    // An instance that dies without saying goodbye stops counting once
    // its liveness key expires.
    let mut config = RedisBrokerConfig::new(redis.url());
    config.namespace = "t2".to_owned();
    config.presence_ttl = Duration::from_millis(300);
    let ghost = RedisBroker::connect(config).await.unwrap();
    ghost.join("chat", "ghost").await.unwrap();
    assert_eq!(a.hub.members("chat").await.unwrap(), ["alice", "ghost"]);
    drop(ghost); // never started: nothing refreshes its key
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(a.hub.members("chat").await.unwrap(), ["alice"]);
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_redis_is_down_pushes_fail_loudly_and_delivery_resumes_after() {
    let mut redis = RedisServer::start();
    let a = instance(&redis, "t3").await;
    let b = instance(&redis, "t3").await;
    let alice = a.browser().await;
    let mut on_b = Stream::open(b.addr, "/events?room=r", &alice, &[]).await;
    a.hub.room("r").push(p("first")).await.unwrap();
    let seen = on_b.next(WAIT).await.unwrap().id.unwrap();
    redis.stop();
    assert!(
        a.hub.room("r").push(p("lost")).await.is_err(),
        "a failed push says so"
    );
    redis.restart();
    let mut got = None;
    for _ in 0..100 {
        if a.hub.room("r").push(p("back")).await.is_ok()
            && let Some(ev) = on_b.next(Duration::from_millis(100)).await
        {
            got = Some(ev.data);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(got.as_deref(), Some("<p>back</p>"));
    // Redis started afresh, its counters gone: a client that saw an id
    // of before is told of a gap, not resumed as if nothing was missed.
    let mut resumed = Stream::open(
        b.addr,
        "/events?room=r",
        &alice,
        &[("last-event-id", &seen)],
    )
    .await;
    assert_eq!(
        resumed.next(WAIT).await.unwrap().event.as_deref(),
        Some("hyperox:gap")
    );
    a.stop().await;
    b.stop().await;
}
