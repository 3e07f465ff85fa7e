//! Middleware included with the router: a request logger, a development
//! error page and static files (feature `fs`), and the conditional and
//! range requests they answer, for handlers of one's own.

mod conditional;
mod logger;
mod range;
mod show_errors;
#[cfg(feature = "fs")]
mod static_files;

pub use conditional::{into_not_modified, not_modified};
pub use logger::{AccessLog, Logger};
pub use range::{ByteRange, parse_range};
pub use show_errors::ShowErrors;
#[cfg(feature = "fs")]
pub use static_files::StaticFiles;
