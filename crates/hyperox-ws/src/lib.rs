//! Realtime for hyperox, as `hyperox::live` (features `live`, `live-ws`,
//! `live-redis` of `hyperox`): this crate re-exports it, for apps that
//! depend on `hyperox-ws` by name. HTML pushed to browsers over
//! server-sent events (htmx's `hx-sse`) and websockets (`hx-ws`), raw
//! websockets, rooms and broadcast, presence, resumption, and several
//! instances through a Redis broker.
//!
//! ```
//! use hyperox_ws::{Hub, HubConfig};
//! let hub = Hub::new(HubConfig::default());
//! assert_eq!(hub.stats().connections, 0);
//! ```

pub use hyperox::live::*;
