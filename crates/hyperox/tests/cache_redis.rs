//! Three app instances on real sockets sharing one cache in a real
//! `redis-server` (`HYPEROX_REDIS_URL`): one render fleet-wide for one
//! key, entries shared, and pages that still render while Redis is down.

#![cfg(feature = "redis")]

#[path = "../../hyperox-cache/tests/support/mod.rs"]
mod support;

use hyperox::prelude::*;
use hyperox::{App, Config, Rejection};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use support::RedisServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct State {
    renders: AtomicU32,
}

async fn user(cx: Cx<'_, Arc<State>>) -> Result<Page, Rejection> {
    let id: u32 = cx.param_as("id")?;
    let state = cx.state().clone();
    let card = cx
        .cached_by(Duration::from_secs(60), id, move |id| async move {
            state.renders.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(200)).await;
            article(("User ", id))
        })
        .await?;
    Ok(Page::new(html(body(card))))
}

/// Starts an instance on a free port, its cache in the Redis at `url`.
async fn instance(state: &Arc<State>, url: &str) -> SocketAddr {
    let mut app = App::new(state.clone());
    app.set_config(Config {
        redis_url: Some(url.to_owned()),
        cache_namespace: "instances".to_owned(),
        ..Config::default()
    });
    app.page("/users/:id", user).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(app.serve_on(listener, std::future::pending()));
    addr
}

/// GETs `path` from `addr`: the status and the body.
async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut c = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    c.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    c.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_share_one_cache_and_survive_redis_going_away() {
    let mut redis = RedisServer::start();
    let state = Arc::new(State {
        renders: AtomicU32::new(0),
    });
    let mut addrs = Vec::new();
    for _ in 0..3 {
        addrs.push(instance(&state, &redis.url()).await);
    }

    // Concurrent requests to all three for one missing component.
    let tasks: Vec<_> = (0..90)
        .map(|i| tokio::spawn(get(addrs[i % 3], "/users/1")))
        .collect();
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200);
        assert!(body.contains("<article>User 1</article>"), "{body}");
    }
    assert_eq!(
        state.renders.load(Ordering::SeqCst),
        1,
        "one render fleet-wide"
    );

    // What one instance rendered, the others serve.
    for &addr in &addrs {
        assert!(get(addr, "/users/2").await.1.contains("User 2"));
    }
    assert_eq!(state.renders.load(Ordering::SeqCst), 2);

    // Redis goes away: every page still renders, locally.
    redis.stop();
    let t = Instant::now();
    for (i, &addr) in addrs.iter().enumerate() {
        let (status, body) = get(addr, &format!("/users/{}", 10 + i)).await;
        assert_eq!(status, 200);
        assert!(body.contains(&format!("User {}", 10 + i)), "{body}");
    }
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    assert_eq!(state.renders.load(Ordering::SeqCst), 5);

    // It comes back: the instances share again.
    redis.restart();
    let t = Instant::now();
    loop {
        let before = state.renders.load(Ordering::SeqCst);
        let path = format!("/users/{}", 100 + before);
        for &addr in &addrs {
            assert_eq!(get(addr, &path).await.0, 200);
        }
        if state.renders.load(Ordering::SeqCst) == before + 1 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the instances never shared again"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
