//! Middleware included with the router: a request logger, a development
//! error page and static files.

mod logger;
mod show_errors;
#[cfg(feature = "fs")]
mod static_files;

pub use logger::Logger;
pub use show_errors::ShowErrors;
#[cfg(feature = "fs")]
pub use static_files::{ByteRange, StaticFiles, into_not_modified, not_modified, parse_range};
