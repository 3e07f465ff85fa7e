#![doc = include_str!("../README.md")]

mod cache;
mod clock;
mod counter;
mod error;
mod flight;
mod memory;
#[cfg(feature = "redis")]
mod redis;
mod store;
mod tiered;

pub use cache::{Cache, Cached};
pub use clock::ManualClock;
pub use error::Error;
pub use memory::MemoryStore;
#[cfg(feature = "redis")]
pub use redis::{RedisConfig, RedisStore};
pub use store::{Compute, ComputeFuture, Stats, Store, StoreFuture};
pub use tiered::TieredStore;
