//! The request logger.

use crate::handler::{BoxFuture, Middleware, Next};
use crate::request::Request;
use crate::response::Response;
use std::fmt;
use std::time::{Duration, Instant};

/// Logs every request through `tracing` (target `hyperox::access`, level
/// INFO) as `[1.2ms] 200 '/path'` once its response is ready.
///
/// # Example
///
/// ```
/// use hyperox_router::{Router, middleware::Logger};
///
/// #[derive(Default)]
/// struct App;
///
/// let mut app = Router::<App>::new();
/// app.middleware(Logger);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Logger;

impl<'a, C: Send + 'a> Middleware<'a, C> for Logger {
    type Output = Response;
    type Future = BoxFuture<'a, Response>;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Self::Future {
        Box::pin(async move {
            let line = AccessLog::begin(req);
            let res = next.run(ctx, req).await;
            if let Some(line) = line {
                line.finish(&res);
            }
            res
        })
    }
}

/// One request's line of the access log, as [`Logger`] writes it: begun
/// before the rest of the chain runs, written once the response is ready.
/// For a middleware that logs within its own future rather than behind
/// [`Logger`]'s (one future and its box a request fewer).
///
/// # Example
///
/// ```
/// use hyperox_router::{Next, Request, Response, Router, middleware::AccessLog};
///
/// #[derive(Default)]
/// struct Context {
///     visits: u64,
/// }
///
/// // Counts the visit and logs the request, in one future.
/// async fn count(ctx: &mut Context, req: &mut Request, next: Next<'_, Context>) -> Response {
///     let line = AccessLog::begin(req);
///     ctx.visits += 1;
///     let res = next.run(ctx, req).await;
///     if let Some(line) = line {
///         line.finish(&res);
///     }
///     res
/// }
///
/// let mut app = Router::<Context>::new();
/// app.middleware(count);
/// ```
#[derive(Debug)]
pub struct AccessLog {
    start: Instant,
    path: String,
}

impl AccessLog {
    /// Begins `req`'s line; `None` when the access log is off (nothing
    /// is timed or copied then).
    pub fn begin(req: &Request) -> Option<Self> {
        tracing::enabled!(target: "hyperox::access", tracing::Level::INFO).then(|| Self {
            start: Instant::now(),
            path: req.uri().path().to_owned(),
        })
    }

    /// Writes the line: the time since [`begin`](Self::begin), `res`'s
    /// status and the path.
    pub fn finish(self, res: &Response) {
        tracing::info!(
            target: "hyperox::access",
            "[{}] {} '{}'",
            Elapsed(self.start.elapsed()),
            res.status().as_u16(),
            self.path
        );
    }
}

/// A duration written the way the log line wants it: `850µs`, `1.2ms`,
/// `3.40s`.
struct Elapsed(Duration);

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0.as_micros();
        if micros < 1000 {
            write!(f, "{micros}µs")
        } else if micros < 1_000_000 {
            write!(f, "{:.1}ms", micros as f64 / 1000.0)
        } else {
            write!(f, "{:.2}s", self.0.as_secs_f64())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_units() {
        assert_eq!(Elapsed(Duration::from_micros(850)).to_string(), "850µs");
        assert_eq!(Elapsed(Duration::from_micros(1234)).to_string(), "1.2ms");
        assert_eq!(Elapsed(Duration::from_millis(3400)).to_string(), "3.40s");
    }
}
