//! Cache benchmarks, side by side in one run:
//!
//! 1. hits per second through hyperox's `MemoryStore` (the `Store` trait's
//!    `get_or_compute`, as a cached component calls it) vs raw moka and raw
//!    quick_cache, at 1 and 2 threads, over 10,000 keys of 1 KiB (and, for
//!    context, quick_cache with a TTL checked by `Instant::now()` per hit,
//!    as a hand-written TTL cache on it would);
//! 2. a miss storm: 1,000 concurrent misses on one key, counting the
//!    computations each cache runs.
//!
//! Rounds are interleaved (each round runs every cache, the order
//! rotating) and medians taken, as this machine's speed drifts.
//!
//! Run: `cargo bench --bench cache` in `benches/` (`ROUNDS=` and `OPS=`
//! change the size).

use bytes::Bytes;
use hyperox_cache::{Compute, MemoryStore, Store};
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

const KEYS: usize = 10_000;
const TTL: Duration = Duration::from_secs(3600);
const CAPACITY: u64 = 64 << 20;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Polls a future that is ready at once (a hit), as an executor would.
#[inline]
fn now<F: Future>(fut: F) -> F::Output {
    let mut fut = pin!(fut);
    match fut.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("a hit was not ready at once"),
    }
}

/// A cache under test: looks a key up, hitting.
trait Hits: Send + Sync {
    fn hit(&self, key: &str) -> usize;
}

struct Hyperox(MemoryStore);
impl Hits for Hyperox {
    #[inline]
    fn hit(&self, key: &str) -> usize {
        let mut slot = Some(|| async { Ok::<Bytes, std::io::Error>(Bytes::new()) });
        now(self.0.get_or_compute(key, TTL, Compute::new(&mut slot)))
            .unwrap()
            .len()
    }
}

type QuickCache = quick_cache::sync::Cache<Box<str>, Bytes, BytesWeight>;
#[derive(Clone)]
struct BytesWeight;
impl quick_cache::Weighter<Box<str>, Bytes> for BytesWeight {
    fn weight(&self, k: &Box<str>, v: &Bytes) -> u64 {
        (k.len() + v.len()) as u64
    }
}
struct Quick(QuickCache);
impl Hits for Quick {
    #[inline]
    fn hit(&self, key: &str) -> usize {
        self.0.get(key).unwrap().len()
    }
}

/// quick_cache with a TTL checked the way a hand-written TTL cache on it
/// checks one: the deadline beside the value, `Instant::now()` per hit.
struct QuickTtl(quick_cache::sync::Cache<Box<str>, (Bytes, Instant)>);
impl Hits for QuickTtl {
    #[inline]
    fn hit(&self, key: &str) -> usize {
        let (html, deadline) = self.0.get(key).unwrap();
        if Instant::now() < deadline {
            html.len()
        } else {
            0
        }
    }
}

struct Moka(moka::sync::Cache<Box<str>, Bytes>);
impl Hits for Moka {
    #[inline]
    fn hit(&self, key: &str) -> usize {
        self.0.get(key).unwrap().len()
    }
}

/// An entry's weight in moka: key and value bytes, as the others count.
#[allow(clippy::borrowed_box)]
fn moka_weight(k: &Box<str>, v: &Bytes) -> u32 {
    (k.len() + v.len()) as u32
}

fn keys() -> Vec<String> {
    (0..KEYS)
        .map(|i| format!("components/list.rs:12:9|{i}"))
        .collect()
}

/// A fixed pseudo-random order of key indexes for thread `t`.
fn order(t: usize, n: usize) -> Vec<u32> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ (t as u64 + 1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % KEYS as u64) as u32
        })
        .collect()
}

/// Hits per second with `threads` threads each doing `ops` lookups.
fn run(cache: &Arc<dyn Hits>, keys: &Arc<Vec<String>>, threads: usize, ops: usize) -> f64 {
    let barrier = Arc::new(std::sync::Barrier::new(threads + 1));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let (cache, keys, barrier) = (cache.clone(), keys.clone(), barrier.clone());
            let order = order(t, ops);
            std::thread::spawn(move || {
                barrier.wait();
                let start = Instant::now();
                let mut sum = 0usize;
                for &i in &order {
                    sum += cache.hit(&keys[i as usize]);
                }
                black_box(sum);
                start.elapsed()
            })
        })
        .collect();
    barrier.wait();
    let slowest = handles
        .into_iter()
        .map(|h| h.join().unwrap())
        .max()
        .unwrap();
    (threads * ops) as f64 / slowest.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn hits() {
    let rounds = env("ROUNDS", 11);
    let ops = env("OPS", 2_000_000);
    let keys = Arc::new(keys());
    let value = Bytes::from(vec![b'x'; 1024]);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();

    let store = MemoryStore::new(CAPACITY);
    let quick = QuickCache::with_weighter(KEYS, CAPACITY, BytesWeight);
    let quick_ttl = quick_cache::sync::Cache::new(2 * KEYS);
    let deadline = Instant::now() + TTL;
    let moka = moka::sync::Cache::builder()
        .max_capacity(CAPACITY)
        .weigher(moka_weight)
        .time_to_live(TTL)
        .build();
    // Each entry its own value, as components are: one shared value would
    // make every hit on every thread bump one reference count.
    let fresh = || Bytes::copy_from_slice(&value);
    for k in keys.iter() {
        rt.block_on(store.set(k, fresh(), TTL)).unwrap();
        quick.insert(k.as_str().into(), fresh());
        quick_ttl.insert(k.as_str().into(), (fresh(), deadline));
        moka.insert(k.as_str().into(), fresh());
    }
    moka.run_pending_tasks();
    let caches: Vec<(&str, Arc<dyn Hits>)> = vec![
        ("hyperox", Arc::new(Hyperox(store))),
        ("quick_cache", Arc::new(Quick(quick))),
        ("moka", Arc::new(Moka(moka))),
        ("quick_cache+ttl", Arc::new(QuickTtl(quick_ttl))),
    ];
    // Every cache holds every key.
    for (name, c) in &caches {
        for k in keys.iter() {
            assert_eq!(c.hit(k), 1024, "{name} lost {k}");
        }
    }
    let mut results: Vec<Vec<Vec<f64>>> = vec![vec![Vec::new(); 2]; caches.len()];
    for round in 0..rounds {
        for j in 0..caches.len() {
            let i = (j + round) % caches.len();
            for (ti, threads) in [1, 2].into_iter().enumerate() {
                results[i][ti].push(run(&caches[i].1, &keys, threads, ops));
            }
        }
    }
    let med: Vec<[f64; 2]> = results
        .into_iter()
        .map(|r| [median(r[0].clone()), median(r[1].clone())])
        .collect();
    println!(
        "\n== hits: {KEYS} keys of 1 KiB, {ops} lookups a thread, median of {rounds} interleaved rounds"
    );
    println!(
        "  {:<14} {:>16} {:>16} {:>10}",
        "cache", "1 thread /s", "2 threads /s", "2t / 1t"
    );
    for ((name, _), m) in caches.iter().zip(&med) {
        println!(
            "  {name:<14} {:>16.0} {:>16.0} {:>10.3}",
            m[0],
            m[1],
            m[1] / m[0]
        );
    }
    for (ti, label) in ["1 thread", "2 threads"].into_iter().enumerate() {
        let fastest_raw = med[1][ti].max(med[2][ti]);
        println!(
            "  {label}: fastest raw crate / hyperox = {:.3}x (target <= 1.2); moka / hyperox = {:.3}x; quick_cache / hyperox = {:.3}x; quick_cache+ttl / hyperox = {:.3}x",
            fastest_raw / med[0][ti],
            med[2][ti] / med[0][ti],
            med[1][ti] / med[0][ti],
            med[3][ti] / med[0][ti],
        );
    }
}

/// 1,000 concurrent misses on one key, on 2 worker threads: how many
/// computations each cache runs, and how long the storm takes.
fn storm() {
    const CALLERS: usize = 1000;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let slow = Duration::from_millis(20);
    let html = Bytes::from(vec![b'x'; 1024]);
    println!("\n== miss storm: {CALLERS} concurrent misses on one key, a 20 ms computation");

    let runs = Arc::new(AtomicU32::new(0));
    let store = Arc::new(MemoryStore::new(CAPACITY));
    let t = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (store, runs, html) = (store.clone(), runs.clone(), html.clone());
                tokio::spawn(async move {
                    let mut slot = Some(move || async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(slow).await;
                        Ok::<_, std::io::Error>(html)
                    });
                    store
                        .get_or_compute("k", TTL, Compute::new(&mut slot))
                        .await
                        .unwrap()
                        .len()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), 1024);
        }
    });
    println!(
        "  {:<14} {:>3} computation(s) in {:?}",
        "hyperox",
        runs.load(Ordering::SeqCst),
        t.elapsed()
    );

    let runs = Arc::new(AtomicU32::new(0));
    let moka: moka::future::Cache<Box<str>, Bytes> = moka::future::Cache::new(10_000);
    let t = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (moka, runs, html) = (moka.clone(), runs.clone(), html.clone());
                tokio::spawn(async move {
                    moka.get_with("k".into(), async move {
                        runs.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(slow).await;
                        html
                    })
                    .await
                    .len()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), 1024);
        }
    });
    println!(
        "  {:<14} {:>3} computation(s) in {:?}",
        "moka get_with",
        runs.load(Ordering::SeqCst),
        t.elapsed()
    );

    let runs = Arc::new(AtomicU32::new(0));
    let quick: Arc<quick_cache::sync::Cache<String, Bytes>> =
        Arc::new(quick_cache::sync::Cache::new(10_000));
    let t = Instant::now();
    rt.block_on(async {
        let tasks: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (quick, runs, html) = (quick.clone(), runs.clone(), html.clone());
                tokio::spawn(async move {
                    quick
                        .get_or_insert_async("k", async move {
                            runs.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(slow).await;
                            Ok::<_, ()>(html)
                        })
                        .await
                        .unwrap()
                        .len()
                })
            })
            .collect();
        for t in tasks {
            assert_eq!(t.await.unwrap(), 1024);
        }
    });
    println!(
        "  {:<14} {:>3} computation(s) in {:?}",
        "quick_cache",
        runs.load(Ordering::SeqCst),
        t.elapsed()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks one part.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    if wants("hits") {
        hits();
    }
    if wants("storm") {
        storm();
    }
}
