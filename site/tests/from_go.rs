//! The hyperox side of the coming-from-Go tables, compiled and run: one
//! module per table, one test per row (its doc names the row's first Go
//! name). The guide shows each module under its table, and `site.rs`
//! checks that every piece of code a row gives is in its module.

#[path = "from_go/attributes.rs"]
mod attributes;
#[path = "from_go/caching.rs"]
mod caching;
#[path = "from_go/control.rs"]
mod control;
#[path = "from_go/elements.rs"]
mod elements;
#[path = "from_go/events.rs"]
mod events;
#[path = "from_go/grom.rs"]
mod grom;
#[path = "from_go/htmx.rs"]
mod htmx_attributes;
#[path = "from_go/hx.rs"]
mod hx;
#[path = "from_go/pages.rs"]
mod pages;
#[path = "from_go/websockets.rs"]
mod websockets;
