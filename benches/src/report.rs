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

/// Times `n` renders of one engine.
type Batch = Box<dyn Fn(u64) -> Duration>;

/// Engines rendering the same case, timed in turns: each round runs a
/// batch of every engine (the order rotating from round to round), so
/// that a slow moment of the machine falls on all of them alike. The
/// median over the rounds is what the ratios are taken from.
pub struct Interleaved {
    case: &'static str,
    engines: Vec<(&'static str, Batch)>,
}

impl Interleaved {
    /// No engines yet.
    pub fn new(case: &'static str) -> Self {
        Self {
            case,
            engines: Vec::new(),
        }
    }

    /// Adds an engine: `f` renders the case once.
    pub fn engine<O>(mut self, name: &'static str, f: impl Fn() -> O + 'static) -> Self {
        self.engines.push((
            name,
            Box::new(move |n| {
                let start = Instant::now();
                for _ in 0..n {
                    std::hint::black_box(f());
                }
                start.elapsed()
            }),
        ));
        self
    }

    /// The case's name.
    pub fn case(&self) -> &'static str {
        self.case
    }

    /// Every engine: its name and a function timing `n` renders.
    pub fn engines(&self) -> impl Iterator<Item = (&'static str, &dyn Fn(u64) -> Duration)> {
        self.engines.iter().map(|(n, f)| (*n, f.as_ref()))
    }

    /// Runs `rounds` rounds of batches of about `batch` each and returns the
    /// median ns per render of every engine, in the order they were added.
    pub fn run(&self, rounds: usize, batch: Duration) -> Vec<(&'static str, f64)> {
        let sizes: Vec<u64> = self
            .engines
            .iter()
            .map(|(_, run)| {
                let once = run(16).as_nanos().max(1) as f64 / 16.0;
                ((batch.as_nanos() as f64 / once) as u64).max(1)
            })
            .collect();
        let mut samples = vec![Vec::with_capacity(rounds); self.engines.len()];
        for round in 0..rounds {
            for k in 0..self.engines.len() {
                let i = (k + round) % self.engines.len();
                let t = (self.engines[i].1)(sizes[i]);
                samples[i].push(t.as_nanos() as f64 / sizes[i] as f64);
            }
        }
        self.engines
            .iter()
            .zip(samples)
            .map(|((name, _), mut s)| {
                s.sort_by(f64::total_cmp);
                (*name, s[s.len() / 2])
            })
            .collect()
    }
}

/// Prints the medians of an interleaved run and `a / b` ratios between
/// named engines.
pub fn print_medians(title: &str, medians: &[(&str, f64)], ratios: &[(&str, &str, &str)]) {
    println!("\n== {title}");
    for (name, ns) in medians {
        println!("  {name:<44} {ns:>12.1} ns");
    }
    let get = |n: &str| medians.iter().find(|(m, _)| *m == n).map(|(_, v)| *v);
    for (label, a, b) in ratios {
        if let (Some(x), Some(y)) = (get(a), get(b)) {
            println!("  {label:<44} {:>12.3}x", x / y);
        }
    }
}
