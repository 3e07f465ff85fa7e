//! What hyperox's own tests share (not published): real `redis-server`,
//! PostgreSQL and Pebble (an ACME server) on free loopback ports, stopped when dropped,
//! the `cargo run` commands of a README, read as a user reads them and
//! run against the built binary, a browser-like HTTP client over a real
//! socket, a server-sent event client over hyper, an app served on a
//! loopback port (`Served`), the runner of the browser scripts, and what
//! a test's thread logs (`Logs`).

pub mod browser;
pub mod http;
mod logs;
mod pebble;
mod postgres;
pub mod readme;
mod redis;
mod served;
pub mod sse;

pub use logs::Logs;
pub use pebble::Pebble;
pub use postgres::PostgresServer;
pub use redis::RedisServer;
pub use served::{Served, ServedThread, StopSignal};

/// A free TCP port on 127.0.0.1 (free when asked; the caller binds it
/// soon after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}
