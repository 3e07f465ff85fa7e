//! Collects the mean time per iteration of each benchmark as criterion
//! measures it, and prints ratios between them at the end of the run.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

static RESULTS: Mutex<BTreeMap<String, (Duration, u64)>> = Mutex::new(BTreeMap::new());

/// Times `iters` calls of `f` and records them under `key`; for
/// criterion's `iter_custom`.
pub fn timed<O>(key: &str, iters: u64, mut f: impl FnMut() -> O) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        std::hint::black_box(f());
    }
    let elapsed = start.elapsed();
    let mut results = RESULTS.lock().unwrap_or_else(|e| e.into_inner());
    let entry = results.entry(key.to_owned()).or_default();
    entry.0 += elapsed;
    entry.1 += iters;
    elapsed
}

/// Mean nanoseconds per iteration recorded under `key`.
pub fn ns(key: &str) -> Option<f64> {
    let results = RESULTS.lock().unwrap_or_else(|e| e.into_inner());
    results
        .get(key)
        .filter(|(_, n)| *n > 0)
        .map(|(d, n)| d.as_nanos() as f64 / *n as f64)
}

/// Prints `name: X ns` lines and `a / b = ratio` lines for the given
/// comparisons; a missing measurement (filtered out) is skipped.
pub fn print(title: &str, rows: &[&str], ratios: &[(&str, &str, &str)]) {
    println!("\n== {title}");
    for row in rows {
        if let Some(v) = ns(row) {
            println!("  {row:<44} {v:>12.1} ns");
        }
    }
    for (label, a, b) in ratios {
        if let (Some(x), Some(y)) = (ns(a), ns(b)) {
            println!("  {label:<44} {:>12.3}x", x / y);
        }
    }
}
