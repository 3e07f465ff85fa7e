//! Session and sign-in benchmarks, side by side in one run:
//!
//! 1. the per-request cost of reading a session value (a request with a
//!    session cookie whose handler reads one value), in-process through
//!    each framework's service: hyperox (`MemoryStore`) against axum with
//!    tower-sessions (its `MemoryStore`), each minus the same app without
//!    sessions, so that the figure is the session's own cost; and hyperox's
//!    `SqliteStore` (a file in a temporary folder) for what a store on
//!    disk adds (tower-sessions' SQLite and Redis stores pull in sqlx and
//!    fred, so those are not compared here);
//! 2. argon2id hashing with hyperox's parameters on this machine;
//! 3. a failed sign-in's verification for a known user against an unknown
//!    one (the dummy hash): the difference must be within noise.
//!
//! Rounds are interleaved and medians taken, as this machine's speed
//! drifts. Run: `cargo bench --bench session` in `benches/` (`ROUNDS=`
//! and `OPS=` change the size).

use axum::routing::get;
use http::{Request, header};
use hyperox::prelude::*;
use hyperox::router::Body;
use hyperox::session::{MemoryStore, Sessions};
use hyperox::{App, Config, Env};
use std::hint::black_box;
use std::time::Instant;
use tower::ServiceExt;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config() -> Config {
    Config {
        env: Env::Production,
        secret: Some("the benchmark's key, thirty-two characters".into()),
        ..Config::default()
    }
}

async fn hx_read(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    let n: u32 = cx.session().await?.get("n").unwrap_or(0);
    Ok(Partial::new(n.to_string()))
}

async fn hx_write(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    cx.session().await?.insert("n", &7u32);
    Ok(Partial::new("7"))
}

async fn hx_plain(_cx: Cx<'_, ()>) -> Partial {
    Partial::new("7")
}

fn hyperox_app(sessions: Option<Sessions>) -> hyperox::Service<()> {
    let mut app = App::new(());
    app.set_config(config());
    if let Some(sessions) = sessions {
        app.sessions(sessions);
        app.page("/", hx_read).unwrap();
        app.page("/w", hx_write).unwrap();
    } else {
        app.page("/", hx_plain).unwrap();
    }
    app.into_service()
}

async fn ts_read(session: tower_sessions::Session) -> String {
    let n: u32 = session.get("n").await.unwrap().unwrap_or(0);
    n.to_string()
}

async fn ts_write(session: tower_sessions::Session) -> &'static str {
    session.insert("n", 7u32).await.unwrap();
    "7"
}

async fn ts_plain() -> &'static str {
    "7"
}

fn axum_app(sessions: bool) -> axum::Router {
    if sessions {
        let layer =
            tower_sessions::SessionManagerLayer::new(tower_sessions::MemoryStore::default())
                .with_secure(false);
        axum::Router::new()
            .route("/", get(ts_read))
            .route("/w", get(ts_write))
            .layer(layer)
    } else {
        axum::Router::new().route("/", get(ts_plain))
    }
}

fn request(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .uri(path)
        .header(header::HOST, "127.0.0.1");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// The `name=value` of a response's first cookie.
fn first_cookie(headers: &http::HeaderMap) -> String {
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| !c.starts_with("hyperox_csrf"))
        .expect("a session cookie")
}

/// Nanoseconds per request of `ops` requests to `call`.
fn time<F: FnMut()>(ops: usize, mut call: F) -> f64 {
    let start = Instant::now();
    for _ in 0..ops {
        call();
    }
    start.elapsed().as_nanos() as f64 / ops as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn main() {
    let rounds = env("ROUNDS", 7);
    let ops = env("OPS", 20_000);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    // 1. Reading a session value, per request.
    let hx = hyperox_app(Some(Sessions::new(MemoryStore::new())));
    let hx_base = hyperox_app(None);
    let res = rt
        .block_on(hx.clone().oneshot(request("/w", None)))
        .unwrap();
    let hx_cookie = first_cookie(res.headers());
    let dir = std::env::temp_dir().join(format!("hyperox-session-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sqlite = hyperox::session::SqliteStore::open(dir.join("sessions.db")).unwrap();
    let hx_sqlite = hyperox_app(Some(Sessions::new(sqlite)));
    let res = rt
        .block_on(hx_sqlite.clone().oneshot(request("/w", None)))
        .unwrap();
    let sqlite_cookie = first_cookie(res.headers());
    let ax = axum_app(true);
    let ax_base = axum_app(false);
    let res = rt
        .block_on(ax.clone().oneshot(request("/w", None)))
        .unwrap();
    let ax_cookie = first_cookie(res.headers());
    let check = |body: Vec<u8>| assert_eq!(body, b"7");
    {
        use http_body_util::BodyExt;
        let r = rt
            .block_on(hx.clone().oneshot(request("/", Some(&hx_cookie))))
            .unwrap();
        check(
            rt.block_on(r.into_body().collect())
                .unwrap()
                .to_bytes()
                .to_vec(),
        );
        let r = rt
            .block_on(ax.clone().oneshot(request("/", Some(&ax_cookie))))
            .unwrap();
        check(
            rt.block_on(r.into_body().collect())
                .unwrap()
                .to_bytes()
                .to_vec(),
        );
    }
    let mut samples: [Vec<f64>; 5] = Default::default();
    for round in 0..rounds {
        for i in 0..5 {
            let which = (i + round) % 5;
            let ns = match which {
                0 => time(ops, || {
                    black_box(
                        rt.block_on(hx.clone().oneshot(request("/", Some(&hx_cookie))))
                            .unwrap(),
                    );
                }),
                1 => time(ops, || {
                    black_box(
                        rt.block_on(hx_base.clone().oneshot(request("/", Some(&hx_cookie))))
                            .unwrap(),
                    );
                }),
                2 => time(ops, || {
                    black_box(
                        rt.block_on(ax.clone().oneshot(request("/", Some(&ax_cookie))))
                            .unwrap(),
                    );
                }),
                3 => time(ops, || {
                    black_box(
                        rt.block_on(ax_base.clone().oneshot(request("/", Some(&ax_cookie))))
                            .unwrap(),
                    );
                }),
                _ => time(ops / 10, || {
                    black_box(
                        rt.block_on(
                            hx_sqlite
                                .clone()
                                .oneshot(request("/", Some(&sqlite_cookie))),
                        )
                        .unwrap(),
                    );
                }),
            };
            samples[which].push(ns);
        }
    }
    let [hx_s, hx_b, ax_s, ax_b, sq_s] = samples.map(median);
    let _ = std::fs::remove_dir_all(&dir);
    let (hx_cost, ax_cost) = (hx_s - hx_b, ax_s - ax_b);
    println!("session read, per request (median of {rounds} rounds of {ops}):");
    println!(
        "  hyperox        {hx_s:8.0} ns  (without sessions {hx_b:8.0} ns): the session costs {hx_cost:6.0} ns"
    );
    println!(
        "  tower-sessions {ax_s:8.0} ns  (without sessions {ax_b:8.0} ns): the session costs {ax_cost:6.0} ns"
    );
    println!(
        "  ratio of the session's cost, hyperox / tower-sessions: {:.2}",
        hx_cost / ax_cost
    );

    println!(
        "  hyperox, SqliteStore {sq_s:8.0} ns: the session costs {:6.0} ns",
        sq_s - hx_b
    );

    // 2. and 3. Hashing, and a failed sign-in known against unknown.
    let stored = rt.block_on(hyperox::auth::hash_password("correct horse battery staple"));
    let n = env("HASHES", 15);
    let mut hash = Vec::new();
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for round in 0..n {
        let t = Instant::now();
        black_box(rt.block_on(hyperox::auth::hash_password("correct horse battery staple")));
        hash.push(t.elapsed().as_secs_f64() * 1e3);
        for i in 0..2 {
            let t = Instant::now();
            if (i + round) % 2 == 0 {
                black_box(rt.block_on(hyperox::auth::verify_password("wrong", Some(&stored))));
                known.push(t.elapsed().as_secs_f64() * 1e3);
            } else {
                black_box(rt.block_on(hyperox::auth::verify_password("wrong", None)));
                unknown.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
    }
    let spread = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (v[v.len() / 4], v[v.len() * 3 / 4])
    };
    let (kq1, kq3) = spread(&known);
    let (uq1, uq3) = spread(&unknown);
    println!("argon2id (m=19456 KiB, t=2, p=1), median of {n}:");
    println!("  hash                       {:6.1} ms", median(hash));
    println!(
        "  failed sign-in, known user   {:6.1} ms (quartiles {kq1:.1}–{kq3:.1})",
        median(known.clone())
    );
    println!(
        "  failed sign-in, unknown user {:6.1} ms (quartiles {uq1:.1}–{uq3:.1})",
        median(unknown.clone())
    );
}
