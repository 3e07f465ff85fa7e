//! The Redis store logs an outage once, and its end once, however many
//! requests meet it. Alone in its binary: tracing's per-thread
//! subscriber misses events when other tests log on other threads.

#![cfg(feature = "redis")]

mod support;

use bytes::Bytes;
use hyperox_testkit::Logs;
use std::time::Duration;
use support::{RedisServer, instance};

const MINUTE: Duration = Duration::from_secs(60);

#[test]
fn an_outage_is_logged_once_and_its_end_once_not_per_request() {
    let logs = Logs::of(async {
        let mut server = RedisServer::start();
        let cache = instance(&server, "logged");
        let page = |n: u32| {
            let cache = cache.clone();
            async move {
                cache
                    .get_or_compute(&format!("k{n}"), MINUTE, move || async move {
                        Ok::<_, std::io::Error>(Bytes::from(format!("page {n}")))
                    })
                    .await
                    .unwrap()
            }
        };
        assert_eq!(page(0).await, "page 0");
        server.stop();
        // Many requests, across several retry pauses: Redis is tried again
        // and fails again, and none of that is logged again.
        for n in 1..=30 {
            assert_eq!(page(n).await, format!("page {n}"));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        server.restart();
        tokio::time::sleep(Duration::from_millis(250)).await;
        for n in 31..=40 {
            assert_eq!(page(n).await, format!("page {n}"));
        }
    });
    let text = logs.text();
    assert_eq!(text.matches("is unreachable").count(), 1, "{text}");
    assert_eq!(text.matches("reachable again").count(), 1, "{text}");
}
