//! Realtime for hyperox: HTML pushed to browsers over server-sent events
//! (htmx's `hx-sse`) and websockets (`hx-ws`), rooms and broadcast with a
//! bounded queue per connection, resumption from a room's history with
//! `Last-Event-ID`, presence, server-side handlers bound to client events
//! with their payloads, and several instances through a Redis broker.
//!
//! A [`Hub`] holds this instance's connections. Pushes go through its
//! [`Broker`]: the in-process [`LocalBroker`] by default, `RedisBroker`
//! (feature `redis`) for several instances, so that a push on instance A
//! reaches browsers connected to instance B.
//!
//! ```
//! use hyperox::prelude::*;
//! use hyperox::live::{Hub, Sse};
//!
//! /// The page listens to its room; what the server pushes is swapped in.
//! async fn page(cx: Cx<'_, Hub>) -> Page {
//!     Page::new(html((head(cx.head()), body((
//!         div((attr("hx-sse:connect", "/events"), ul(id("log")))),
//!     )))))
//! }
//!
//! /// The stream of the room `lobby`.
//! async fn events(cx: Cx<'_, Hub>) -> Result<Sse, Rejection> {
//!     let hub = cx.state().clone();
//!     Ok(hub.sse(&cx).room("lobby").open().await?)
//! }
//!
//! /// A change anywhere reaches every page in the room.
//! async fn say(cx: Cx<'_, Hub>) -> Result<Partial, Rejection> {
//!     let li = li("hello").with(htmx::swap_oob(htmx::OobSwap::style_at(htmx::SwapStyle::BeforeEnd, "#log")));
//!     cx.state().room("lobby").push(li).await?;
//!     Ok(Partial::empty())
//! }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mut app = hyperox::App::new(Hub::new(Default::default()));
//! app.page("/", page).unwrap();
//! app.page("/events", events).unwrap();
//! app.route(hyperox::http::Method::POST, "/say", say).unwrap();
//! # });
//! ```

mod broker;
mod gzip;
mod hub;
mod message;
#[cfg(feature = "live-ws")]
mod read_watch;
#[cfg(feature = "live-redis")]
mod redis;
mod sse;
#[cfg(feature = "live-ws")]
pub mod ws;

pub use broker::{BoxFuture, Broker, Deliver, Error, LocalBroker, Since};
pub use hub::{Hub, HubConfig, Stats, Target};
pub use message::{Message, Payload, To};
#[cfg(feature = "live-redis")]
pub use redis::{RedisBroker, RedisBrokerConfig};
pub use sse::{Sse, SseBuilder};
#[cfg(feature = "live-ws")]
pub use ws::raw;
