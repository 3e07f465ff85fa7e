//! The in-process store and cached components: single-flight, expiry,
//! the byte bound, failures and cancellation.

use bytes::Bytes;
use hyperox_cache::{Cache, Error, ManualClock, MemoryStore, Store};
use hyperox_html::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

const MINUTE: Duration = Duration::from_secs(60);

fn ok(s: &'static str) -> Result<Bytes, std::io::Error> {
    Ok(Bytes::from_static(s.as_bytes()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_tasks_on_one_missing_key_compute_once() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let runs = Arc::new(AtomicU32::new(0));
    let gate = Arc::new(Notify::new());
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let (cache, runs, gate) = (cache.clone(), runs.clone(), gate.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute("storm", MINUTE, move || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        // Hold the computation until every task has asked.
                        gate.notified().await;
                        ok("<p>once</p>")
                    })
                    .await
            })
        })
        .collect();
    while cache.store().stats().misses < 1000 {
        tokio::task::yield_now().await;
    }
    gate.notify_one();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap(), "<p>once</p>");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    let stats = cache.store().stats();
    assert_eq!((stats.computations, stats.misses), (1, 1000));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_key_delays_neither_another_key_nor_a_hit() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    cache
        .get_or_compute("warm", MINUTE, || async { ok("warm") })
        .await
        .unwrap();
    let release = Arc::new(Notify::new());
    let slow = {
        let (cache, release) = (cache.clone(), release.clone());
        tokio::spawn(async move {
            cache
                .get_or_compute("slow", MINUTE, move || async move {
                    release.notified().await;
                    ok("slow")
                })
                .await
        })
    };
    while cache.store().stats().computations < 2 {
        tokio::task::yield_now().await;
    }
    // The slow computation is running; another key and a hit answer now.
    let t = Instant::now();
    let fast = tokio::time::timeout(
        Duration::from_secs(5),
        cache.get_or_compute("fast", MINUTE, || async { ok("fast") }),
    )
    .await
    .expect("a fast key is not held up by a slow one");
    assert_eq!(fast.unwrap(), "fast");
    let hit = cache.store().get("warm").await.unwrap();
    assert_eq!(hit.as_deref(), Some(&b"warm"[..]));
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    assert!(!slow.is_finished());
    release.notify_one();
    assert_eq!(slow.await.unwrap().unwrap(), "slow");
}

#[tokio::test]
async fn entries_expire_by_their_own_ttl() {
    let clock = ManualClock::new();
    let cache = Cache::new(MemoryStore::with_clock(1 << 20, clock.clone()));
    let runs = Arc::new(AtomicU32::new(0));
    let get = |key: &'static str, ttl: u64| {
        let runs = runs.clone();
        let cache = cache.clone();
        async move {
            cache
                .get_or_compute(key, Duration::from_secs(ttl), move || async move {
                    let n = runs.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, std::io::Error>(Bytes::from(format!("{key}#{n}")))
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(get("short", 10).await, "short#0");
    assert_eq!(get("long", 100).await, "long#1");
    clock.advance(Duration::from_secs(9));
    assert_eq!(get("short", 10).await, "short#0");
    clock.advance(Duration::from_secs(1));
    assert_eq!(get("short", 10).await, "short#2", "expired at its TTL");
    assert_eq!(get("long", 100).await, "long#1", "a longer TTL holds");
    clock.advance(Duration::from_secs(90));
    assert_eq!(get("long", 100).await, "long#3");
}

#[tokio::test]
async fn a_million_distinct_keys_stay_within_the_byte_bound() {
    const BOUND: u64 = 8 << 20;
    let store = MemoryStore::new(BOUND);
    let value = Bytes::from(vec![b'x'; 200]);
    let mut peak = 0;
    for i in 0..1_000_000u32 {
        let key = format!("page:{i}");
        store.set(&key, value.clone(), MINUTE).await.unwrap();
        if i % 10_000 == 0 {
            peak = peak.max(store.stats().bytes);
        }
    }
    let stats = store.stats();
    peak = peak.max(stats.bytes);
    assert!(peak <= BOUND, "{peak} bytes held, bound {BOUND}");
    // Bytes are counted, not entries: ~280 bytes an entry fill 8 MiB at
    // about 30,000 entries.
    assert!(stats.entries < 35_000, "{} entries", stats.entries);
    assert!(stats.entries > 20_000, "{} entries", stats.entries);
    assert!(stats.evictions > 900_000, "{} evictions", stats.evictions);
    // A value larger than the store is not kept, and is still answered.
    let huge = Bytes::from(vec![b'y'; 16 << 20]);
    let got = store
        .get_or_compute(
            "huge",
            MINUTE,
            hyperox_cache::Compute::new(&mut Some(
                move || async move { Ok::<_, std::io::Error>(huge) },
            )),
        )
        .await
        .unwrap();
    assert_eq!(got.len(), 16 << 20);
    assert!(store.stats().bytes <= BOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_reaches_every_waiter_and_is_not_kept() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let gate = Arc::new(Notify::new());
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (cache, gate) = (cache.clone(), gate.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute("flaky", MINUTE, move || async move {
                        gate.notified().await;
                        Err::<Bytes, _>("the database is down")
                    })
                    .await
            })
        })
        .collect();
    while cache.store().stats().misses < 50 {
        tokio::task::yield_now().await;
    }
    gate.notify_one();
    for t in tasks {
        let err = t.await.unwrap().unwrap_err();
        assert!(matches!(err, Error::Compute(_)), "{err}");
        assert!(err.to_string().contains("the database is down"));
    }
    let stats = cache.store().stats();
    assert_eq!((stats.computations, stats.errors, stats.entries), (1, 1, 0));
    let html = cache
        .get_or_compute("flaky", MINUTE, || async { ok("back") })
        .await
        .unwrap();
    assert_eq!(html, "back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_reaches_every_waiter_and_is_not_kept() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let gate = Arc::new(Notify::new());
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (cache, gate) = (cache.clone(), gate.clone());
            tokio::spawn(async move {
                cache
                    .get_or_compute("boom", MINUTE, move || async move {
                        gate.notified().await;
                        if Arc::strong_count(&gate) > 0 {
                            panic!("render blew up");
                        }
                        ok("never")
                    })
                    .await
            })
        })
        .collect();
    while cache.store().stats().misses < 20 {
        tokio::task::yield_now().await;
    }
    gate.notify_one();
    for t in tasks {
        let err = t.await.unwrap().unwrap_err();
        assert!(
            matches!(&err, Error::Panicked(m) if m.contains("render blew up")),
            "{err}"
        );
    }
    assert_eq!(cache.store().stats().entries, 0);
    let again = cache.get_or_compute("boom", MINUTE, || async { ok("fine") });
    assert_eq!(again.await.unwrap(), "fine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_caller_does_not_cancel_the_computation_others_wait_for() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let release = Arc::new(Notify::new());
    let runs = Arc::new(AtomicU32::new(0));
    let first = {
        let (cache, release, runs) = (cache.clone(), release.clone(), runs.clone());
        tokio::spawn(async move {
            cache
                .get_or_compute("k", MINUTE, move || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    release.notified().await;
                    ok("done")
                })
                .await
        })
    };
    while cache.store().stats().computations < 1 {
        tokio::task::yield_now().await;
    }
    let second = {
        let cache = cache.clone();
        tokio::spawn(async move {
            cache
                .get_or_compute("k", MINUTE, || async { ok("second's own") })
                .await
        })
    };
    while cache.store().stats().misses < 2 {
        tokio::task::yield_now().await;
    }
    // The caller that started the computation goes away.
    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());
    release.notify_one();
    assert_eq!(second.await.unwrap().unwrap(), "done");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // And its value was kept.
    assert_eq!(cache.store().get("k").await.unwrap().unwrap(), "done");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_during_a_computation_is_not_undone_by_it() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let release = Arc::new(Notify::new());
    let pending = {
        let (cache, release) = (cache.clone(), release.clone());
        tokio::spawn(async move {
            cache
                .get_or_compute("k", MINUTE, move || async move {
                    release.notified().await;
                    ok("stale")
                })
                .await
        })
    };
    while cache.store().stats().computations < 1 {
        tokio::task::yield_now().await;
    }
    cache.store().delete("k").await.unwrap();
    release.notify_one();
    assert_eq!(pending.await.unwrap().unwrap(), "stale");
    assert_eq!(cache.store().get("k").await.unwrap(), None);
}

#[tokio::test]
async fn a_component_keyed_by_its_arguments_never_shares_an_entry() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    async fn greeting(cache: &Cache, name: &str, lang: &str) -> String {
        cache
            .cached_by(
                MINUTE,
                (name.to_owned(), lang.to_owned()),
                |(name, lang)| async move {
                    let hello = if lang == "fr" { "Bonjour" } else { "Hello" };
                    p((hello, " ", name))
                },
            )
            .await
            .unwrap()
            .render()
    }
    assert_eq!(greeting(&cache, "Ann", "en").await, "<p>Hello Ann</p>");
    assert_eq!(greeting(&cache, "Ann", "fr").await, "<p>Bonjour Ann</p>");
    assert_eq!(greeting(&cache, "Bob", "en").await, "<p>Hello Bob</p>");
    // Pieces that join to the same string are still different keys.
    assert_eq!(greeting(&cache, "A", "nn").await, "<p>Hello A</p>");
    assert_eq!(greeting(&cache, "Ann", "en").await, "<p>Hello Ann</p>");
    assert_eq!(cache.store().stats().computations, 4);

    // Two call sites with the same key are two components.
    let a = cache.cached_by(MINUTE, 1, |_| async { "a" }).await.unwrap();
    let b = cache.cached_by(MINUTE, 1, |_| async { "b" }).await.unwrap();
    assert_eq!((a.as_str(), b.as_str()), ("a", "b"));
}

#[tokio::test]
async fn a_component_with_a_query_inside_renders_from_an_async_computation() {
    let cache = Cache::new(MemoryStore::new(1 << 20));
    let db: Arc<Vec<&'static str>> = Arc::new(vec!["milk", "eggs"]);
    let list = {
        let db = db.clone();
        cache
            .try_cached_by(MINUTE, "all", move |_filter: &str| async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                let items: Vec<&str> = db.to_vec();
                Ok::<_, std::io::Error>(ul(each(items, li)))
            })
            .await
            .unwrap()
    };
    assert_eq!(list.render(), "<ul><li>milk</li><li>eggs</li></ul>");
    let html = hyperox_html::html!(section(list.clone())).render();
    assert_eq!(
        html,
        "<section><ul><li>milk</li><li>eggs</li></ul></section>"
    );
}

#[tokio::test]
async fn purge_forgets_everything() {
    let store = MemoryStore::new(1 << 20);
    for k in ["a", "b", "c"] {
        store
            .set(k, Bytes::from_static(b"v"), MINUTE)
            .await
            .unwrap();
    }
    assert_eq!(store.stats().entries, 3);
    store.purge().await.unwrap();
    assert_eq!(store.stats().entries, 0);
    assert_eq!(store.get("a").await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hot_entry_is_recomputed_early_once_and_nobody_waits_at_expiry() {
    let clock = ManualClock::new();
    let cache = Cache::new(MemoryStore::with_clock(1 << 20, clock.clone()));
    let runs = Arc::new(AtomicU32::new(0));
    let release = Arc::new(Notify::new());
    let get = || {
        let (cache, runs, clock, release) =
            (cache.clone(), runs.clone(), clock.clone(), release.clone());
        async move {
            cache
                .get_or_compute("report", Duration::from_secs(100), move || async move {
                    let n = runs.fetch_add(1, Ordering::SeqCst);
                    if n > 0 {
                        // A refresh: held until the test lets it finish.
                        release.notified().await;
                    }
                    // Every computation takes 2 s on the store's clock.
                    clock.advance(Duration::from_secs(2));
                    Ok::<_, std::io::Error>(Bytes::from(format!("v{n}")))
                })
                .await
                .unwrap()
        }
    };
    assert_eq!(get().await, "v0");
    // Far from expiry, hits never recompute.
    for _ in 0..1000 {
        assert_eq!(get().await, "v0");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // 1.5 s before expiry (under a computation's cost), hits start a
    // refresh with good odds, and go on getting the old value at once.
    clock.advance(Duration::from_millis(96_500));
    for _ in 0..40 {
        let hit = tokio::time::timeout(Duration::from_secs(1), get()).await;
        assert_eq!(hit.expect("a hit never waits"), "v0");
    }
    let t = Instant::now();
    while runs.load(Ordering::SeqCst) < 2 {
        assert!(t.elapsed() < Duration::from_secs(5), "no early refresh");
        tokio::task::yield_now().await;
    }
    for _ in 0..40 {
        assert_eq!(get().await, "v0");
    }
    assert_eq!(
        runs.load(Ordering::SeqCst),
        2,
        "one refresh, however many hits asked"
    );
    release.notify_one();
    let t = Instant::now();
    while cache.store().get("report").await.unwrap().as_deref() != Some(&b"v1"[..]) {
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "the refresh never landed"
        );
        tokio::task::yield_now().await;
    }
    // The refreshed value has a TTL of its own: past the old expiry it is
    // still served, with no computation.
    clock.advance(Duration::from_secs(10));
    assert_eq!(get().await, "v1");
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}
