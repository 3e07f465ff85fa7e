//! Hits through a Redis store and through a two-tier store (in-process
//! in front of the same Redis), for `benches/cache-redis.sh`:
//! `cache-redis <redis-url>`.
//!
//! 64 tasks on 2 worker threads look up 1,000 keys of 1 KiB for a fixed
//! time in each store, the stores taking turns over several rounds; the
//! median hits per second of each and the ratio are printed.

use bytes::Bytes;
use hyperox_cache::{Cache, MemoryStore, RedisConfig, RedisStore, Store, TieredStore};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const KEYS: u64 = 1000;
const TASKS: u64 = 64;
const TTL: Duration = Duration::from_secs(3600);

async fn run(cache: &Cache, window: Duration) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Instant::now() + window;
    let tasks: Vec<_> = (0..TASKS)
        .map(|t| {
            let (cache, done) = (cache.clone(), done.clone());
            tokio::spawn(async move {
                let mut i = t * 7919;
                while Instant::now() < stop {
                    i = (i + 104_729) % KEYS;
                    let key = format!("bench:{i}");
                    let html = cache
                        .get_or_compute(&key, TTL, || async {
                            Ok::<_, std::io::Error>(Bytes::from(vec![b'x'; 1024]))
                        })
                        .await
                        .expect("a hit");
                    assert_eq!(html.len(), 1024);
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let start = Instant::now();
    for t in tasks {
        t.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let url = std::env::args()
        .nth(1)
        .expect("usage: cache-redis <redis-url>");
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let redis: Arc<dyn Store> =
            Arc::new(RedisStore::new(RedisConfig::new(url).namespace("bench")).unwrap());
        let far = Cache::from_arc(redis.clone());
        let tiered = Cache::new(TieredStore::new(
            MemoryStore::new(64 << 20),
            redis,
            Duration::from_secs(1),
        ));
        // Fill Redis, then warm the near tier.
        for cache in [&far, &tiered] {
            run(cache, Duration::from_millis(500)).await;
        }
        let mut results = [Vec::new(), Vec::new()];
        for round in 0..rounds {
            for j in 0..2 {
                let i = (j + round) % 2;
                let cache = if i == 0 { &far } else { &tiered };
                results[i].push(run(cache, Duration::from_secs(2)).await);
            }
        }
        let [r, t] = results.map(median);
        println!("\n== hits of 1,000 keys of 1 KiB, {TASKS} tasks on 2 threads, median of {rounds} rounds of 2 s");
        println!("  redis store              {r:>12.0} hits/s");
        println!("  tiered (1 s near tier)   {t:>12.0} hits/s");
        println!("  tiered / redis           {:>12.1}x", t / r);
        let stats = tiered.store().stats();
        println!(
            "  computations in all: {} for {KEYS} keys (both caches share the Redis store)",
            stats.computations
        );
    });
}
