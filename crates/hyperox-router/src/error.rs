//! Errors: bad route patterns at registration, and failures of handlers.

use std::any::Any;
use std::backtrace::Backtrace;
use std::fmt;
use std::sync::Arc;

/// A route pattern or prefix rejected at registration.
///
/// The message names the offending pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router};
/// async fn h(_: &mut (), _: &mut Request) {}
/// let err = Router::<()>::new().get("users/:id", h).unwrap_err();
/// assert_eq!(err.to_string(), "route pattern `users/:id` must start with `/`");
/// ```
pub enum RouteError {
    /// The pattern does not start with `/`.
    MissingLeadingSlash {
        /// The pattern as given.
        pattern: String,
    },
    /// The pattern has an empty segment (`/a//b`).
    EmptySegment {
        /// The pattern as given.
        pattern: String,
    },
    /// A `:` starts a segment but no parameter name follows.
    MissingParamName {
        /// The pattern as given.
        pattern: String,
    },
    /// Two parameters of one pattern share a name.
    DuplicateParamName {
        /// The pattern as given.
        pattern: String,
        /// The repeated name.
        name: String,
    },
    /// A segment follows the catch-all `:*`.
    CatchAllNotLast {
        /// The pattern as given.
        pattern: String,
    },
    /// The regular expression of a parameter does not compile.
    InvalidRegex {
        /// The pattern as given.
        pattern: String,
        /// The parameter whose regex failed.
        name: String,
        /// What the regex compiler said.
        reason: String,
    },
    /// A subrouter prefix contains a parameter or catch-all.
    InvalidPrefix {
        /// The prefix as given.
        prefix: String,
    },
    /// A route with this method already ends where this pattern ends
    /// (the same pattern, or one that differs only in param names).
    Duplicate {
        /// The method.
        method: String,
        /// The pattern as given.
        pattern: String,
        /// The pattern registered first.
        existing: String,
    },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingLeadingSlash { pattern } => {
                write!(f, "route pattern `{pattern}` must start with `/`")
            }
            Self::EmptySegment { pattern } => {
                write!(f, "route pattern `{pattern}` has an empty segment")
            }
            Self::MissingParamName { pattern } => write!(
                f,
                "route pattern `{pattern}` has a `:` with no parameter name after it"
            ),
            Self::DuplicateParamName { pattern, name } => write!(
                f,
                "route pattern `{pattern}` uses the parameter name `{name}` twice"
            ),
            Self::CatchAllNotLast { pattern } => write!(
                f,
                "route pattern `{pattern}` has segments after the catch-all `:*`; nothing may follow it"
            ),
            Self::InvalidRegex {
                pattern,
                name,
                reason,
            } => write!(
                f,
                "route pattern `{pattern}`: the regex of parameter `{name}` is invalid: {reason}"
            ),
            Self::InvalidPrefix { prefix } => write!(
                f,
                "subrouter prefix `{prefix}` must be static segments starting with `/`"
            ),
            Self::Duplicate {
                method,
                pattern,
                existing,
            } => write!(
                f,
                "route `{method} {pattern}` is registered twice (first as `{existing}`): each method answers at one place once"
            ),
        }
    }
}

impl std::error::Error for RouteError {}

/// A boxed error that a handler or middleware returned.
///
/// # Example
///
/// ```
/// fn parse(s: &str) -> Result<u32, hyperox_router::BoxError> {
///     Ok(s.parse::<u32>()?)
/// }
/// assert!(parse("x").is_err());
/// ```
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a request failed inside the application: an error a handler
/// returned, or a panic.
///
/// Error handlers receive it; the `show_errors` middleware renders it.
/// Cloning it is cheap (it is shared).
#[derive(Clone)]
///
/// # Example
///
/// ```
/// use hyperox_router::Error;
/// let e = Error::new(std::io::Error::other("disk full"));
/// assert!(!e.is_panic());
/// assert_eq!(e.to_string(), "disk full");
/// ```
pub struct Error {
    kind: Arc<ErrorKind>,
}

enum ErrorKind {
    Returned(BoxError),
    Panic(PanicReport),
}

/// What is known of a panic caught while handling a request.
#[derive(Debug)]
///
/// # Example
///
/// ```
/// use hyperox_router::{Error, Request, Router};
///
/// async fn on_error(_: &mut (), _req: &mut Request, err: Error) -> String {
///     match err.panic() {
///         Some(report) => format!("panicked at {:?}: {}", report.location, report.message),
///         None => err.to_string(),
///     }
/// }
/// Router::<()>::new().error_handler(on_error);
/// ```
pub struct PanicReport {
    /// The panic message.
    pub message: String,
    /// `file:line:column` where it panicked, when known.
    pub location: Option<String>,
    /// The backtrace, when one was captured.
    pub backtrace: Option<Backtrace>,
    /// The method of the request being handled.
    pub method: Option<http::Method>,
    /// The path of the request being handled.
    pub path: Option<String>,
}

impl Error {
    /// Wraps an error returned by a handler or middleware.
    ///
    /// # Example
    ///
    /// ```
    /// let e = hyperox_router::Error::new("no such user");
    /// assert_eq!(e.to_string(), "no such user");
    /// ```
    pub fn new(err: impl Into<BoxError>) -> Self {
        Self {
            kind: Arc::new(ErrorKind::Returned(err.into())),
        }
    }

    pub(crate) fn from_panic(payload: Box<dyn Any + Send>, report: Option<PanicReport>) -> Self {
        let message = if let Some(s) = payload.downcast_ref::<&'static str>() {
            (*s).to_owned()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "panic with a non-string payload".to_owned()
        };
        let report = match report {
            Some(r) => PanicReport { message, ..r },
            None => PanicReport {
                message,
                location: None,
                backtrace: None,
                method: None,
                path: None,
            },
        };
        Self {
            kind: Arc::new(ErrorKind::Panic(report)),
        }
    }

    /// Notes the request a panic happened in, and logs it (once: the
    /// first router level it leaves does).
    pub(crate) fn annotate(&mut self, req: &crate::Request) {
        if let Some(ErrorKind::Panic(p)) = Arc::get_mut(&mut self.kind)
            && p.method.is_none()
        {
            p.method = Some(req.method().clone());
            p.path = Some(req.uri().path().to_owned());
            tracing::error!(
                method = %req.method(),
                path = %req.uri().path(),
                location = p.location.as_deref().unwrap_or("?"),
                "request handler panicked: {}",
                p.message
            );
        }
    }

    /// Whether this error is a caught panic.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(!hyperox_router::Error::new("x").is_panic());
    /// ```
    pub fn is_panic(&self) -> bool {
        matches!(*self.kind, ErrorKind::Panic(_))
    }

    /// The panic report, if this error is a caught panic.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(hyperox_router::Error::new("x").panic().is_none());
    /// ```
    pub fn panic(&self) -> Option<&PanicReport> {
        match &*self.kind {
            ErrorKind::Panic(p) => Some(p),
            ErrorKind::Returned(_) => None,
        }
    }

    /// The returned error, if this is not a panic.
    ///
    /// # Example
    ///
    /// ```
    /// let e = hyperox_router::Error::new(std::io::Error::other("x"));
    /// assert!(e.source_error().unwrap().downcast_ref::<std::io::Error>().is_some());
    /// ```
    pub fn source_error(&self) -> Option<&(dyn std::error::Error + Send + Sync + 'static)> {
        match &*self.kind {
            ErrorKind::Returned(e) => Some(e.as_ref()),
            ErrorKind::Panic(_) => None,
        }
    }

    /// Whether the error comes from the process or system running out of
    /// file descriptors (`EMFILE`, `ENFILE`) anywhere in its chain of
    /// sources: a passing overload, answered 503 with `Retry-After`
    /// rather than 500.
    ///
    /// # Example
    ///
    /// ```
    /// let e = hyperox_router::Error::new(std::io::Error::from_raw_os_error(24));
    /// assert!(e.is_out_of_files());
    /// assert!(!hyperox_router::Error::new(std::io::Error::other("x")).is_out_of_files());
    /// ```
    pub fn is_out_of_files(&self) -> bool {
        let mut next: Option<&(dyn std::error::Error + 'static)> = match &*self.kind {
            ErrorKind::Returned(e) => Some(e.as_ref()),
            ErrorKind::Panic(_) => None,
        };
        while let Some(e) = next {
            if e.downcast_ref::<std::io::Error>()
                .and_then(std::io::Error::raw_os_error)
                .is_some_and(is_out_of_files)
            {
                return true;
            }
            next = e.source();
        }
        false
    }
}

/// Whether an OS error code means no file descriptor is left (`EMFILE`,
/// `ENFILE` on Linux and the BSDs).
pub(crate) fn is_out_of_files(code: i32) -> bool {
    matches!(code, 23 | 24)
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Returned(e) => write!(f, "{e}"),
            ErrorKind::Panic(p) => match &p.location {
                Some(loc) => write!(f, "panicked at {loc}: {}", p.message),
                None => write!(f, "panicked: {}", p.message),
            },
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            ErrorKind::Returned(e) => f.debug_tuple("Error").field(e).finish(),
            ErrorKind::Panic(p) => f.debug_tuple("Error").field(p).finish(),
        }
    }
}
