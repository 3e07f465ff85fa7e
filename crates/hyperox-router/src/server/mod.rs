//! Serving a router on hyper: HTTP/1.1 and HTTP/2, limits, graceful
//! shutdown.

mod check;
mod conn;
mod event_stream;
mod registry;
mod socket;
mod stream;
#[cfg(feature = "tls")]
mod tls;
mod workers;

pub use check::{Refusal, check_head};
#[cfg(feature = "tls")]
pub use tls::Tls;

/// The address of the peer a request came over (the client itself, or
/// a proxy in front of it). [`Request::peer_ip`](crate::Request::peer_ip)
/// gives it for every request the [`Server`] serves (passed along
/// without the extensions map, which would cost three allocations a
/// request), and for a request whose extensions hold one: a server of
/// one's own puts it there.
///
/// # Example
///
/// ```
/// use hyperox_router::Request;
///
/// async fn who(_: &mut (), req: &mut Request) -> String {
///     match req.peer_ip() {
///         Some(ip) => ip.to_string(),
///         None => "not served over a socket".to_owned(),
///     }
/// }
/// hyperox_router::Router::<()>::new().get("/who", who).unwrap();
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerIp(pub std::net::IpAddr);

use crate::body::Body;
use crate::response::Response;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower_service::Service;

use std::io;

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
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, Server, shutdown_signal};
///
/// async fn hi(_: &mut (), _: &mut Request) -> &'static str { "hi" }
///
/// async fn run() -> std::io::Result<()> {
///     let mut router = Router::<()>::new();
///     router.get("/", hi).unwrap();
///     let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
///     Server::new().serve(listener, router.into_service(), shutdown_signal()).await
/// }
/// # let _ = run;
/// ```
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
/// Every phase of a connection is timed:
///
/// | phase | setting | default |
/// |---|---|---|
/// | first bytes, HTTP/1 request head, HTTP/1 keep-alive wait | [`header_read_timeout`](Self::header_read_timeout) | 15 s |
/// | HTTP/2 connection with no request open | [`idle_timeout`](Self::idle_timeout) | 60 s |
/// | HTTP/2 peer that stops answering pings | [`h2_keep_alive_interval`](Self::h2_keep_alive_interval) | 20 s, then 20 s for the answer |
/// | wait for the next piece of a request body | [`body_read_timeout`](Self::body_read_timeout) | 15 s |
/// | the whole request body | [`body_total_timeout`](Self::body_total_timeout) | 60 s |
/// | a response write the client does not read | [`write_timeout`](Self::write_timeout) | 15 s |
/// | requests in flight at shutdown | [`shutdown_grace`](Self::shutdown_grace) | 10 s |
///
/// Request bodies are limited to 2 MiB (a declared larger
/// `Content-Length` gets 413 at once, a longer chunked body fails when
/// read), request heads to 64 KiB (431). At most
/// [`max_connections`](Self::max_connections) connections are open
/// (10,000, or fewer when the process may open fewer files), counting
/// each HTTP/2 stream past a connection's first as a connection, and a
/// websocket for as long as it is open. When the cap is reached, the
/// connection idle longest is closed to make room; with none idle, the
/// oldest long-lived connection (an event stream or a websocket) of the
/// client holding the most of them is shed; a new connection is refused
/// (503) only when every open one is a short request in flight.
///
/// Each client (peer address) may hold at most 256 connections, 64 event
/// streams and 64 websockets at once (see
/// [`max_connections_per_client`](Self::max_connections_per_client)); past
/// them it gets 429 with `Retry-After` before the app sees the request,
/// and the server logs it at most once a second. A browser holds a
/// handful per site.
///
/// An event stream (a connection whose first request is a bodiless
/// HTTP/1.1 `GET` with `Accept: text/event-stream`, sent whole) is served
/// without hyper's per-connection buffers (8 KiB each way, for as long as
/// the connection is open): its body goes straight to the socket, framed
/// by the connection's close, under the same write timeout. An idle one
/// costs about 8 KB instead of 18 KB. A stream asked for on a connection
/// that served other requests first (a browser reuses the one it loaded
/// the page on) is taken from hyper the same way, between two requests,
/// when everything before it was answered and sent.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, Server};
/// use std::time::Duration;
///
/// async fn hi(_: &mut (), _: &mut Request) -> &'static str { "hi" }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let mut router = Router::<()>::new();
/// router.get("/", hi).unwrap();
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
/// Server::new()
///     .max_body_bytes(64 * 1024)
///     .header_read_timeout(Duration::from_secs(5))
///     .serve(listener, router.into_service(), async {}) // stops at once here
///     .await
///     .unwrap();
/// # });
/// ```
pub struct Server {
    limits: Limits,
    max_connections: Option<usize>,
    client_limits: registry::ClientLimits,
    shutdown_grace: Duration,
    workers: usize,
    #[cfg(feature = "tls")]
    tls: Option<Tls>,
}

/// The limits each connection applies.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: u64,
    pub(crate) max_header_bytes: usize,
    pub(crate) header_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) h2_keep_alive_interval: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) body_total_timeout: Duration,
    pub(crate) write_timeout: Duration,
    pub(crate) h2_max_streams: u32,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// Settings with the defaults.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new();
    /// # let _ = server;
    /// ```
    pub fn new() -> Self {
        Self {
            limits: Limits {
                max_body_bytes: 2 * 1024 * 1024,
                max_header_bytes: 64 * 1024,
                header_read_timeout: Duration::from_secs(15),
                idle_timeout: Duration::from_secs(60),
                h2_keep_alive_interval: Duration::from_secs(20),
                body_read_timeout: Duration::from_secs(15),
                body_total_timeout: Duration::from_secs(60),
                write_timeout: Duration::from_secs(15),
                h2_max_streams: 100,
            },
            max_connections: None,
            client_limits: registry::ClientLimits {
                connections: 256,
                event_streams: 64,
                websockets: 64,
            },
            shutdown_grace: Duration::from_secs(10),
            workers: 0,
            #[cfg(feature = "tls")]
            tls: None,
        }
    }

    /// Largest request body a handler may read.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_body_bytes(10 * 1024 * 1024);
    /// # let _ = server;
    /// ```
    pub fn max_body_bytes(mut self, bytes: u64) -> Self {
        self.limits.max_body_bytes = bytes;
        self
    }

    /// Largest request head (request line and headers); at least 8 KiB.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_header_bytes(16 * 1024);
    /// # let _ = server;
    /// ```
    pub fn max_header_bytes(mut self, bytes: usize) -> Self {
        self.limits.max_header_bytes = bytes.max(8192);
        self
    }

    /// How long a client may take to send its first bytes and each HTTP/1
    /// request head, counted from when the server is ready to read it (so
    /// it is also how long an idle HTTP/1 keep-alive connection stays
    /// open).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().header_read_timeout(Duration::from_secs(5));
    /// # let _ = server;
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout;
        self
    }

    /// How long an HTTP/2 connection with no request open stays open.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().idle_timeout(Duration::from_secs(30));
    /// # let _ = server;
    /// ```
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// How often an HTTP/2 connection pings its peer, and how long it
    /// waits for the answer before closing.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().h2_keep_alive_interval(Duration::from_secs(10));
    /// # let _ = server;
    /// ```
    pub fn h2_keep_alive_interval(mut self, interval: Duration) -> Self {
        self.limits.h2_keep_alive_interval = interval;
        self
    }

    /// How long a request body may go without new data before reading it
    /// fails (the handler sees [`BodyTimeout`](crate::BodyTimeout)).
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().body_read_timeout(Duration::from_secs(5));
    /// # let _ = server;
    /// ```
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_read_timeout = timeout;
        self
    }

    /// How long a whole request body may take to arrive.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().body_total_timeout(Duration::from_secs(120));
    /// # let _ = server;
    /// ```
    pub fn body_total_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_total_timeout = timeout;
        self
    }

    /// How long a response write may wait for the client to read before
    /// the connection is closed.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().write_timeout(Duration::from_secs(30));
    /// # let _ = server;
    /// ```
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.limits.write_timeout = timeout;
        self
    }

    /// The most connections open at once (see the type's docs for what
    /// happens at the cap).
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_connections(1_000);
    /// # let _ = server;
    /// ```
    pub fn max_connections(mut self, max: usize) -> Self {
        self.max_connections = Some(max.max(1));
        self
    }

    /// The most connections one client (one peer address) may hold at
    /// once, HTTP/2 streams past each connection's first counted as
    /// connections (default 256). At its limit a client's connection
    /// idle longest is closed for its new one; with none idle, the new
    /// connection (or stream) gets 429.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_connections_per_client(64);
    /// # let _ = server;
    /// ```
    pub fn max_connections_per_client(mut self, max: usize) -> Self {
        self.client_limits.connections = max.max(1);
        self
    }

    /// The most event streams (`GET` requests accepting
    /// `text/event-stream`) one client may hold open at once (default
    /// 64); one more gets 429 before the app sees it.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_event_streams_per_client(16);
    /// # let _ = server;
    /// ```
    pub fn max_event_streams_per_client(mut self, max: usize) -> Self {
        self.client_limits.event_streams = max.max(1);
        self
    }

    /// The most websockets one client may hold open at once (default
    /// 64); one more handshake gets 429 before the app sees it.
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().max_websockets_per_client(16);
    /// # let _ = server;
    /// ```
    pub fn max_websockets_per_client(mut self, max: usize) -> Self {
        self.client_limits.websockets = max.max(1);
        self
    }

    /// The most HTTP/2 streams open at once on one connection (default
    /// 100).
    ///
    /// # Example
    ///
    /// ```
    /// let server = hyperox_router::Server::new().h2_max_concurrent_streams(32);
    /// # let _ = server;
    /// ```
    pub fn h2_max_concurrent_streams(mut self, max: u32) -> Self {
        self.limits.h2_max_streams = max.max(1);
        self
    }

    /// Serves HTTPS with `tls` (feature `tls`): every connection begins
    /// with a TLS handshake (bounded by the header read timeout), HTTP/2
    /// or HTTP/1.1 chosen through ALPN; the certificate files are read
    /// again when they change.
    #[cfg(feature = "tls")]
    pub fn tls(mut self, tls: Tls) -> Self {
        self.tls = Some(tls);
        self
    }

    /// How long requests in flight may run after shutdown starts.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// let server = hyperox_router::Server::new().shutdown_grace(Duration::from_secs(30));
    /// # let _ = server;
    /// ```
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }

    /// Serves connections on `n` threads of their own, each with a
    /// single-threaded runtime, every accepted connection handed to the
    /// next in turn (0, the default: on the runtime that calls
    /// [`serve`](Self::serve)). A connection's requests then run on one
    /// thread, with no task moved or woken across threads, which on a
    /// machine with several cores can serve more requests than a
    /// work-stealing runtime. Accepting, the connection limits (per
    /// client too) and shutdown stay the server's.
    ///
    /// # Example
    ///
    /// ```
    /// let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    /// let server = hyperox_router::Server::new().workers(cores);
    /// # let _ = server;
    /// ```
    pub fn workers(mut self, n: usize) -> Self {
        self.workers = n;
        self
    }

    /// The connection cap in force: the one set, or 10,000 lowered to
    /// leave room for other files under the process's open-file limit.
    fn connection_cap(&self) -> usize {
        self.max_connections.unwrap_or_else(|| {
            let default = 10_000;
            match open_file_limit() {
                Some(files) => default.min(files.saturating_sub(files / 8 + 16).max(16)),
                None => default,
            }
        })
    }

    /// Serves `service` on `listener` until `shutdown` resolves, then
    /// stops accepting and waits for open connections (up to the grace
    /// period).
    ///
    /// # Errors
    ///
    /// When connections were still open at the end of the shutdown
    /// grace period (they are dropped, and the error says how many), so
    /// that a process exits with a failure when it cut requests off.
    /// Accept errors are logged and retried with a backoff.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Request, Router, Server};
    ///
    /// async fn hi(_: &mut (), _: &mut Request) -> &'static str { "hi" }
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let mut router = Router::<()>::new();
    /// router.get("/", hi).unwrap();
    /// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    /// let server = tokio::spawn(Server::new().serve(listener, router.into_service(), async {
    ///     let _ = stopped.await;
    /// }));
    /// stop.send(()).unwrap();
    /// server.await.unwrap().unwrap();
    /// # });
    /// ```
    pub async fn serve<S, F>(self, listener: TcpListener, service: S, shutdown: F) -> io::Result<()>
    where
        S: Service<http::Request<Body>, Response = Response, Error = Infallible>
            + Clone
            + Send
            + 'static,
        S::Future: Send + 'static,
        F: Future<Output = ()>,
    {
        let limits = Arc::new(self.limits.clone());
        let cap = self.connection_cap();
        let registry = Arc::new(registry::Registry::new(self.client_limits));
        let (stop, stopping) = watch::channel(false);
        let mut connections = JoinSet::new();
        let mut workers = match self.workers {
            0 => None,
            n => Some(workers::Workers::start(n)?),
        };
        let mut backoff = Backoff::default();
        let mut refused = Throttled::default();
        #[cfg(feature = "tls")]
        let acceptor = self.tls.as_ref().map(|tls| {
            tokio::spawn(tls.clone().watch(Duration::from_secs(2), stopping.clone()));
            tokio_rustls::TlsAcceptor::from(tls.server_config())
        });
        tokio::pin!(shutdown);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(conn) => {
                        backoff.reset();
                        conn
                    }
                    Err(e) => {
                        // Out of file descriptors: make room by closing
                        // an idle connection, then wait before trying
                        // again.
                        if is_fd_exhaustion(&e) {
                            registry.evict_idlest();
                        }
                        let wait = backoff.next();
                        if backoff.log.should_log() {
                            tracing::warn!("accept failed: {e}; retrying in {wait:?} ({} connections open)", registry.open());
                        }
                        tokio::select! {
                            () = tokio::time::sleep(wait) => continue,
                            () = &mut shutdown => break,
                        }
                    }
                },
                Some(_) = connections.join_next(), if !connections.is_empty() => continue,
                () = &mut shutdown => break,
            };
            if registry.open() >= cap && !registry.make_room() {
                if refused.should_log() {
                    tracing::warn!(%peer, "connection limit of {cap} reached with every connection busy: refusing new connections");
                }
                refuse(
                    &stream,
                    "the server is at its connection limit",
                    "503 Service Unavailable",
                );
                continue;
            }
            let Ok(registration) = registry.register(peer.ip()) else {
                refuse(
                    &stream,
                    "too many connections from this client",
                    "429 Too Many Requests",
                );
                continue;
            };
            let _ = stream.set_nodelay(true);
            let task = {
                let (service, limits, registry, stopping) = (
                    service.clone(),
                    limits.clone(),
                    registry.clone(),
                    stopping.clone(),
                );
                #[cfg(feature = "tls")]
                let acceptor = acceptor.clone();
                move |stream: tokio::net::TcpStream| async move {
                    #[cfg(feature = "tls")]
                    let io = match acceptor {
                        // The handshake is bounded by the header read
                        // timeout and holds the connection's place
                        // meanwhile.
                        Some(acceptor) => {
                            let timeout = limits.header_read_timeout;
                            let mut stop = stopping.clone();
                            let handshake = tokio::select! {
                                done = tokio::time::timeout(timeout, acceptor.accept(stream)) => done,
                                () = quiet_after_stop(&mut stop) => return,
                            };
                            match handshake {
                                // An ACME server checking a TLS-ALPN-01
                                // challenge: the handshake was the answer
                                // (RFC 8737).
                                Ok(Ok(tls))
                                    if tls.get_ref().1.alpn_protocol()
                                        == Some(tls::ACME_TLS_ALPN) =>
                                {
                                    tracing::debug!(%peer, "TLS-ALPN-01 challenge answered");
                                    return;
                                }
                                Ok(Ok(tls)) => stream::Io::Tls(Box::new(tls)),
                                Ok(Err(e)) => {
                                    tracing::debug!(%peer, "TLS handshake failed: {e}");
                                    return;
                                }
                                Err(_) => {
                                    tracing::debug!(%peer, "TLS handshake not done in time");
                                    return;
                                }
                            }
                        }
                        None => stream::Io::Tcp(stream),
                    };
                    #[cfg(not(feature = "tls"))]
                    let io = stream::Io::Tcp(stream);
                    conn::serve_connection(
                        io,
                        peer,
                        service,
                        limits,
                        registry,
                        registration,
                        stopping,
                    )
                    .await;
                }
            };
            match &mut workers {
                // The socket leaves this runtime and joins the worker's.
                Some(workers) => match stream.into_std() {
                    Ok(socket) => workers.spawn(move || async move {
                        match tokio::net::TcpStream::from_std(socket) {
                            Ok(stream) => task(stream).await,
                            Err(e) => tracing::debug!(%peer, "a worker could not take the connection: {e}"),
                        }
                    }),
                    Err(e) => tracing::debug!(%peer, "the connection could not be handed to a worker: {e}"),
                },
                None => {
                    connections.spawn(task(stream));
                }
            }
        }
        drop(listener);
        registry.stop();
        let _ = stop.send(true);
        let deadline = tokio::time::sleep(self.shutdown_grace);
        tokio::pin!(deadline);
        let drained = {
            let drained = async {
                while connections.join_next().await.is_some() {}
                if let Some(workers) = &workers {
                    workers.idle().await;
                }
            };
            tokio::select! {
                () = drained => true,
                () = &mut deadline => false,
            }
        };
        let dropped = connections.len() + workers.as_ref().map_or(0, workers::Workers::open);
        connections.shutdown().await;
        if let Some(workers) = workers {
            workers.stop().await;
        }
        if drained {
            return Ok(());
        }
        tracing::warn!(
            "shutdown grace of {:?} ended with {dropped} connections open; they were dropped",
            self.shutdown_grace
        );
        Err(io::Error::other(format!(
            "{dropped} connections were still open when the shutdown grace of {:?} ended",
            self.shutdown_grace
        )))
    }
}

/// How long a connection that has not sent its first request may still
/// send it once the server stops.
pub(crate) const FIRST_REQUEST_GRACE: Duration = Duration::from_secs(2);

/// Completes [`FIRST_REQUEST_GRACE`] after the server starts stopping:
/// a connection still silent then is closed (it was idle, or too slow to
/// matter); one accepted a moment before the stop is served.
pub(crate) async fn quiet_after_stop(stopping: &mut watch::Receiver<bool>) {
    let _ = stopping.wait_for(|stop| *stop).await;
    tokio::time::sleep(FIRST_REQUEST_GRACE).await;
}

/// Answers a connection that cannot be served with `status` and closes
/// it, writing only what the socket takes at once (a refused client gets
/// no task and no buffer).
fn refuse(stream: &tokio::net::TcpStream, why: &str, status: &str) {
    let res = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{why}",
        why.len()
    );
    let _ = stream.try_write(res.as_bytes());
}

/// Whether an accept error means the process or system has no file
/// descriptors left.
fn is_fd_exhaustion(e: &io::Error) -> bool {
    e.raw_os_error().is_some_and(crate::error::is_out_of_files)
}

/// The soft limit on open files, on Linux.
fn open_file_limit() -> Option<usize> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// Waits that double from 5 ms to 1 s while accepting keeps failing.
#[derive(Debug, Default)]
struct Backoff {
    failures: u32,
    log: Throttled,
}

impl Backoff {
    fn reset(&mut self) {
        self.failures = 0;
    }

    fn next(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        Duration::from_millis(5u64 << self.failures.min(8).saturating_sub(1))
            .min(Duration::from_secs(1))
    }
}

/// At most one log line a second.
#[derive(Debug, Default)]
struct Throttled {
    last: Option<std::time::Instant>,
}

impl Throttled {
    fn should_log(&mut self) -> bool {
        let now = std::time::Instant::now();
        if self
            .last
            .is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1))
        {
            self.last = Some(now);
            true
        } else {
            false
        }
    }
}

/// How long a connection asked to close may take when a request is in
/// flight (its connection loop and event streams both keep to it).
pub(super) const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// A plain-text refusal that closes the connection (a limit reached, a
/// request refused before it reaches the app).
pub(super) fn refusal(status: http::StatusCode, reason: &'static str) -> Response {
    let mut res = Response::new(Body::from(reason));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(
        http::header::CONNECTION,
        http::HeaderValue::from_static("close"),
    );
    res
}
