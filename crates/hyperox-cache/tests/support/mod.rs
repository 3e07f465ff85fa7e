//! A real `redis-server` on a free loopback port, for the tests.

#![allow(dead_code, unreachable_pub)]

pub use hyperox_testkit::RedisServer;
#[cfg(feature = "redis")]
use std::time::Duration;

/// An app instance's cache in the Redis `server` runs: its own store,
/// connection and flights, keys under `namespace`, short timeouts.
#[cfg(feature = "redis")]
pub fn instance(server: &RedisServer, namespace: &str) -> hyperox_cache::Cache {
    let config = hyperox_cache::RedisConfig::new(server.url())
        .namespace(namespace)
        .timeout(Duration::from_millis(300))
        .retry_after(Duration::from_millis(200));
    hyperox_cache::Cache::new(hyperox_cache::RedisStore::new(config).unwrap())
}
