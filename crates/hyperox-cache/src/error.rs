//! What can go wrong filling or reaching a cache.

use std::fmt;
use std::sync::Arc;

/// Why a cache could not give a value.
///
/// It is `Clone`: every caller waiting on one computation gets the same
/// error.
///
/// # Example
///
/// ```
/// use hyperox_cache::Error;
/// let e = Error::compute("the database is gone");
/// assert_eq!(e.to_string(), "the cached computation failed: the database is gone");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// The computation returned an error; nothing was kept.
    Compute(Arc<dyn std::error::Error + Send + Sync>),
    /// The computation panicked; nothing was kept.
    Panicked(Arc<str>),
    /// The store itself failed (Redis unreachable, say).
    Store(Arc<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// A computation's error.
    pub fn compute(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Compute(Arc::from(e.into()))
    }

    /// A store's own error.
    pub fn store(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Store(Arc::from(e.into()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compute(e) => write!(f, "the cached computation failed: {e}"),
            Self::Panicked(msg) => write!(f, "the cached computation panicked: {msg}"),
            Self::Store(e) => write!(f, "the cache store failed: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Compute(e) | Self::Store(e) => Some(&**e),
            Self::Panicked(_) => None,
        }
    }
}
