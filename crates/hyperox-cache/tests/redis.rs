//! The Redis store against a real `redis-server` on 127.0.0.1: several
//! instances sharing entries, one computation across instances, and
//! Redis stopping and coming back.

#![cfg(feature = "redis")]

mod support;

use bytes::Bytes;
use hyperox_cache::{Cache, RedisConfig, RedisStore};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use support::{RedisServer, instance};

const MINUTE: Duration = Duration::from_secs(60);

fn counted(
    runs: &Arc<AtomicU32>,
    html: &'static str,
    delay: Duration,
) -> impl FnOnce() -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<Bytes, std::io::Error>> + Send>,
> + Send
+ 'static {
    let runs = runs.clone();
    move || {
        Box::pin(async move {
            runs.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(delay).await;
            Ok(Bytes::from_static(html.as_bytes()))
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_and_three_instances_share_entries() {
    let server = RedisServer::start();
    let runs = Arc::new(AtomicU32::new(0));
    let a = instance(&server, "share");
    let b = instance(&server, "share");
    let c = instance(&server, "share");
    let zero = Duration::ZERO;
    let got = a.get_or_compute("menu", MINUTE, counted(&runs, "<nav>a</nav>", zero));
    assert_eq!(got.await.unwrap(), "<nav>a</nav>");
    let got = b.get_or_compute("menu", MINUTE, counted(&runs, "<nav>b</nav>", zero));
    assert_eq!(got.await.unwrap(), "<nav>a</nav>", "b reads what a wrote");
    let got = c.get_or_compute("menu", MINUTE, counted(&runs, "<nav>c</nav>", zero));
    assert_eq!(got.await.unwrap(), "<nav>a</nav>", "so does c");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // A delete on one instance is seen by the others.
    b.store().delete("menu").await.unwrap();
    assert_eq!(c.store().get("menu").await.unwrap(), None);
    // Another namespace is another cache.
    let other = instance(&server, "other");
    let got = other.get_or_compute("menu", MINUTE, counted(&runs, "<nav>o</nav>", zero));
    assert_eq!(got.await.unwrap(), "<nav>o</nav>");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_to_three_instances_compute_one_key_once() {
    let server = RedisServer::start();
    let runs = Arc::new(AtomicU32::new(0));
    let instances: Vec<Cache> = (0..3).map(|_| instance(&server, "storm")).collect();
    let mut tasks = Vec::new();
    for cache in &instances {
        for _ in 0..100 {
            let cache = cache.clone();
            let compute = counted(&runs, "<p>slow</p>", Duration::from_millis(300));
            tasks.push(tokio::spawn(async move {
                cache.get_or_compute("report", MINUTE, compute).await
            }));
        }
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), "<p>slow</p>");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1, "one computation fleet-wide");
    let computed: u64 = instances
        .iter()
        .map(|c| c.store().stats().computations)
        .sum();
    assert_eq!(computed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_holder_that_fails_lets_another_instance_compute() {
    let server = RedisServer::start();
    let a = instance(&server, "fail");
    let b = instance(&server, "fail");
    let failing = tokio::spawn({
        let a = a.clone();
        async move {
            a.get_or_compute("k", MINUTE, || async {
                tokio::time::sleep(Duration::from_millis(200)).await;
                Err::<Bytes, _>("render failed")
            })
            .await
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    let t = Instant::now();
    let got = b
        .get_or_compute("k", MINUTE, || async {
            Ok::<_, std::io::Error>(Bytes::from_static(b"from b"))
        })
        .await;
    assert_eq!(got.unwrap(), "from b");
    assert!(failing.await.unwrap().is_err());
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(a.store().get("k").await.unwrap().unwrap(), "from b");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_still_render_while_redis_is_stopped_and_share_again_when_it_returns() {
    let mut server = RedisServer::start();
    let runs = Arc::new(AtomicU32::new(0));
    let a = instance(&server, "outage");
    let b = instance(&server, "outage");
    let zero = Duration::ZERO;
    let got = a.get_or_compute("k", MINUTE, counted(&runs, "before", zero));
    assert_eq!(got.await.unwrap(), "before");

    server.stop();
    let t = Instant::now();
    for i in 0..50 {
        let cache = if i % 2 == 0 { &a } else { &b };
        let got = cache.get_or_compute("k", MINUTE, counted(&runs, "local", zero));
        assert_eq!(
            got.await.unwrap(),
            "local",
            "computed locally while Redis is down"
        );
    }
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let fallbacks = a.store().stats().fallbacks + b.store().stats().fallbacks;
    assert_eq!(fallbacks, 50);
    // What needs Redis says it failed.
    assert!(
        a.store()
            .set("x", Bytes::from_static(b"x"), MINUTE)
            .await
            .is_err()
    );

    server.restart();
    // After the retry pause, the instances reach Redis again and share.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = Instant::now();
    loop {
        let runs_before = runs.load(Ordering::SeqCst);
        let got = a.get_or_compute("after", MINUTE, counted(&runs, "after", zero));
        assert_eq!(got.await.unwrap(), "after");
        let got = b.get_or_compute("after", MINUTE, counted(&runs, "b's", zero));
        if got.await.unwrap() == "after" && runs.load(Ordering::SeqCst) == runs_before + 1 {
            break;
        }
        a.store().delete("after").await.ok();
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "Redis never came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_made_while_redis_is_down_computes_locally() {
    let mut server = RedisServer::start();
    server.stop();
    let cache = instance(&server, "down");
    let got = cache
        .get_or_compute("k", MINUTE, || async {
            Ok::<_, std::io::Error>(Bytes::from_static(b"fine"))
        })
        .await;
    assert_eq!(got.unwrap(), "fine");
    assert!(cache.store().get("k").await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ttl_lives_in_redis_and_purge_clears_only_its_namespace() {
    let server = RedisServer::start();
    let a = instance(&server, "ns-a");
    let b = instance(&server, "ns-b");
    a.store()
        .set(
            "short",
            Bytes::from_static(b"s"),
            Duration::from_millis(150),
        )
        .await
        .unwrap();
    a.store()
        .set("long", Bytes::from_static(b"l"), MINUTE)
        .await
        .unwrap();
    b.store()
        .set("long", Bytes::from_static(b"b"), MINUTE)
        .await
        .unwrap();
    assert!(a.store().get("short").await.unwrap().is_some());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        a.store().get("short").await.unwrap(),
        None,
        "expired in Redis"
    );
    a.store().purge().await.unwrap();
    assert_eq!(a.store().get("long").await.unwrap(), None);
    assert_eq!(b.store().get("long").await.unwrap().unwrap(), "b");
    // A new version is a new, empty cache.
    let v2 = Cache::new(
        RedisStore::new(RedisConfig::new(server.url()).namespace("ns-b").version(2)).unwrap(),
    );
    assert_eq!(v2.store().get("long").await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_near_tier_in_front_of_redis_shares_fills_and_serves_hits_itself() {
    use hyperox_cache::{MemoryStore, Store, TieredStore};
    let mut server = RedisServer::start();
    let runs = Arc::new(AtomicU32::new(0));
    let tiered = |server: &RedisServer| {
        let far: Arc<dyn Store> = Arc::new(
            RedisStore::new(
                RedisConfig::new(server.url())
                    .namespace("tiered")
                    .retry_after(Duration::from_millis(200)),
            )
            .unwrap(),
        );
        Cache::new(TieredStore::new(
            MemoryStore::new(1 << 20),
            far,
            Duration::from_millis(300),
        ))
    };
    let a = tiered(&server);
    let b = tiered(&server);
    let zero = Duration::ZERO;
    let got = a.get_or_compute("k", MINUTE, counted(&runs, "from a", zero));
    assert_eq!(got.await.unwrap(), "from a");
    for _ in 0..100 {
        let got = b.get_or_compute("k", MINUTE, counted(&runs, "from b", zero));
        assert_eq!(got.await.unwrap(), "from a");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1, "one computation for both");
    let stats = b.store().stats();
    assert_eq!(stats.misses, 0, "b found it in Redis");
    assert!(stats.hits >= 100, "{stats:?}");

    // A change through a shows on b once b's near copy is older than its
    // near TTL.
    a.store()
        .set("k", Bytes::from_static(b"changed"), MINUTE)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    let got = b.get_or_compute("k", MINUTE, counted(&runs, "from b", zero));
    assert_eq!(got.await.unwrap(), "changed");

    // With Redis gone, near copies still answer and new keys compute
    // locally.
    server.stop();
    let got = b.get_or_compute("k", MINUTE, counted(&runs, "from b", zero));
    assert_eq!(got.await.unwrap(), "changed");
    let got = b.get_or_compute("new", MINUTE, counted(&runs, "local", zero));
    assert_eq!(got.await.unwrap(), "local");
}
