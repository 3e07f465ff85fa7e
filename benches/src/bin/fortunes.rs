//! Serves TechEmpower's Fortunes with one stack on one thread (`WORKERS=N`
//! for N): `fortunes <hyperox|axum-maud|axum-askama|actix-sailfish|raw-hyper>
//! <port> <database>`,
//! the database a SQLite file, a `postgres://` URL, or `postgres` for a
//! server of the process's own on a free loopback port (the table is made
//! and seeded). `benches/fortunes.sh` drives them with
//! wrk.

use hyperox_benches::fortunes::{Db, STACKS, serve};
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stack, port, file] = args.as_slice() else {
        eprintln!(
            "usage: fortunes <{}> <port> <sqlite-file|postgres://url|postgres>",
            STACKS.join("|")
        );
        std::process::exit(2);
    };
    if !STACKS.contains(&stack.as_str()) {
        eprintln!("unknown stack {stack}; the stacks: {}", STACKS.join(", "));
        std::process::exit(2);
    }
    let port: u16 = port.parse().expect("a port number");
    // One thread by default, as the other HTTP benchmarks: like for like
    // on one pinned core; `WORKERS=2` runs tokio's multi-threaded runtime
    // with that many workers (the both-cores run).
    let workers: usize = std::env::var("WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(1);
    // hyperox with worker threads of its own (`HYPEROX_WORKERS`, as the
    // both-cores run sets it) accepts on one thread and serves on its
    // workers, as actix-web does: its accepting runtime needs no more.
    let own_workers = stack == "hyperox" && std::env::var_os("HYPEROX_WORKERS").is_some();
    let rt = if workers > 1 && !own_workers {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }
    .expect("runtime");
    // `postgres`: a server of this process's own, stopped when it ends.
    let own_server =
        (file == "postgres").then(|| hyperox_testkit::PostgresServer::start("fortunes"));
    let file = own_server
        .as_ref()
        .map_or_else(|| file.clone(), hyperox_testkit::PostgresServer::url);
    rt.block_on(async move {
        let db = if file.starts_with("postgres://") || file.starts_with("postgresql://") {
            Db::postgres(&file).await.expect("the PostgreSQL database")
        } else {
            Db::create(Path::new(&file)).expect("the database")
        };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        // Until SIGTERM or Ctrl-C, so that a PostgreSQL server of its own
        // is stopped (dropped) on the way out.
        tokio::select! {
            () = serve(stack, listener, db) => {}
            () = hyperox::router::shutdown_signal() => {}
        }
    });
}
