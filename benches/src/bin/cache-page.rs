//! Serves one page two ways on one port, for `benches/cache-page.sh`:
//! `cache-page <port> [render-micros]`.
//!
//! `GET /uncached` renders a report of 200 rows (about 20 KB) whose cells
//! are computed (standing in for the queries and arithmetic of a real
//! report), the work calibrated at start-up so that a render costs
//! `render-micros` (1000 by default), on every request; `GET /cached`
//! renders the same report once through `cx.cached` and serves it from
//! the app's in-process cache. Both answer the same bytes. One thread (a
//! current-thread runtime).

use hyperox::prelude::*;
use hyperox::{App, Rejection};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static WORK: OnceLock<u64> = OnceLock::new();

const ROWS: u64 = 200;

/// A cell's value: `work` rounds of arithmetic on its coordinates.
fn cell(r: u64, c: u64, work: u64) -> u64 {
    let mut x = r * 1_000_003 + c;
    for _ in 0..work {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        x ^= x >> 29;
    }
    x % 100_000
}

/// The report: 200 rows of five computed cells.
fn table(work: u64) -> impl Node {
    table_((
        class("report"),
        tbody(each(0..ROWS, move |r| {
            tr((th(("Row ", r)), each(0..5, move |c| td(cell(r, c, work)))))
        })),
    ))
}

fn table_(n: impl Node) -> impl Node {
    hyperox::html::prelude::table(n)
}

fn rows() -> u64 {
    *WORK.get().expect("calibrated")
}

async fn uncached(cx: Cx<'_, ()>) -> Page {
    Page::new(html((head(cx.head()), body(table(rows())))))
}

async fn cached(cx: Cx<'_, ()>) -> Result<Page, Rejection> {
    let n = rows();
    let part = cx
        .cached(Duration::from_secs(3600), move || async move { table(n) })
        .await?;
    Ok(Page::new(html((head(cx.head()), body(part)))))
}

/// The work per cell that makes a render take `micros` on this machine.
fn calibrate(micros: u64) -> u64 {
    let mut work = 1;
    loop {
        let t = Instant::now();
        for _ in 0..20 {
            std::hint::black_box(table(work).render());
        }
        let each = t.elapsed() / 20;
        if each >= Duration::from_micros(micros) {
            let scale = micros as f64 / each.as_micros().max(1) as f64;
            return ((work as f64) * scale).round().max(1.0) as u64;
        }
        work *= 2;
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args
        .next()
        .and_then(|p| p.parse().ok())
        .expect("usage: cache-page <port> [render-micros]");
    let micros: u64 = args.next().and_then(|m| m.parse().ok()).unwrap_or(1000);
    let work = calibrate(micros);
    WORK.set(work).expect("set once");
    let t = Instant::now();
    let n = 50;
    for _ in 0..n {
        std::hint::black_box(table(work).render());
    }
    eprintln!(
        "cache-page: {ROWS} rows, {} bytes, a render takes {:?}",
        table(work).render().len(),
        t.elapsed() / n
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut app = App::new(());
        app.set_config(hyperox::Config {
            addr: ([127, 0, 0, 1], port).into(),
            env: hyperox::Env::Production,
            log: "warn".to_owned(),
            ..hyperox::Config::default()
        });
        app.page("/uncached", uncached).unwrap();
        app.page("/cached", cached).unwrap();
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("the port is free");
        app.serve_on(listener, hyperox::router::shutdown_signal())
            .await
            .expect("serves");
    });
}
