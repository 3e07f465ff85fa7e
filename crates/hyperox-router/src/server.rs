//! Serving a router on hyper: HTTP/1.1 and HTTP/2, limits, graceful
//! shutdown.

use crate::body::Body;
use crate::response::Response;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, ToSocketAddrs};
use tower_service::Service;

/// Serves `service` on `addr` until Ctrl-C or SIGTERM, with the default
/// limits of [`Server`].
///
/// # Errors
///
/// When the address cannot be bound.
///
/// # Example
///
/// ```no_run
/// use hyperox_router::{Request, Router, serve};
///
/// #[derive(Default)]
/// struct App;
///
/// async fn hello(_: &mut App, _: &mut Request) -> &'static str { "hello" }
///
/// #[tokio::main]
/// async fn main() -> std::io::Result<()> {
///     let mut app = Router::<App>::new();
///     app.get("/", hello).unwrap();
///     serve("127.0.0.1:3000", app.into_service()).await
/// }
/// ```
pub async fn serve<A, S>(addr: A, service: S) -> io::Result<()>
where
    A: ToSocketAddrs,
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let listener = TcpListener::bind(addr).await?;
    Server::new()
        .serve(listener, service, shutdown_signal())
        .await
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// Server settings: limits, timeouts and graceful shutdown.
///
/// Defaults: request bodies up to 2 MiB (413 past that when read), request
/// heads up to 64 KiB (431), 30 s to send a request head (the connection
/// is closed after), 10 s for requests in flight to finish at shutdown.
#[derive(Debug, Clone)]
pub struct Server {
    max_body_bytes: u64,
    max_header_bytes: usize,
    header_read_timeout: Duration,
    shutdown_grace: Duration,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// Settings with the defaults.
    pub fn new() -> Self {
        Self {
            max_body_bytes: 2 * 1024 * 1024,
            max_header_bytes: 64 * 1024,
            header_read_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(10),
        }
    }

    /// Largest request body a handler may read.
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Largest request head (request line and headers); at least 8 KiB.
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.max_header_bytes = bytes.max(8192);
        self
    }

    /// How long a client may take to send a request head.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long requests in flight may run after shutdown starts.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Serves `service` on `listener` until `shutdown` resolves, then
    /// stops accepting and waits for open connections (up to the grace
    /// period).
    ///
    /// # Errors
    ///
    /// Never for now; accept errors are logged and retried.
    pub async fn serve<S, F>(self, listener: TcpListener, service: S, shutdown: F) -> io::Result<()>
    where
        S: Service<http::Request<Body>, Response = Response, Error = Infallible>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        F: Future<Output = ()>,
    {
        let mut builder = auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout)
            .max_buf_size(self.max_header_bytes);
        builder
            .http2()
            .timer(TokioTimer::new())
            .max_header_list_size(u32::try_from(self.max_header_bytes).unwrap_or(u32::MAX));
        let builder = Arc::new(builder);
        let graceful = GracefulShutdown::new();
        let limit = self.max_body_bytes;
        if let Ok(addr) = listener.local_addr() {
            tracing::info!("listening on http://{addr}");
        }
        tokio::pin!(shutdown);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            let _ = stream.set_nodelay(true);
            let service = service.clone();
            let hyper_service =
                hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let mut service = service.clone();
                    service.call(req.map(|b| Body::incoming(b, limit)))
                });
            let conn = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), hyper_service)
                .into_owned();
            let conn = graceful.watch(conn);
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::debug!(%peer, "connection ended with an error: {e}");
                }
            });
        }
        drop(listener);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(self.shutdown_grace) => {
                tracing::warn!("shutdown grace period passed with connections still open");
            }
        }
        Ok(())
    }
}
