//! One connection: telling HTTP/1 from HTTP/2 in bounded time, serving it
//! with hyper, and closing it when it idles, when the server needs its
//! slot, or at shutdown.

use super::Limits;
use super::check::check_head;
use super::socket::ConnIo;
use crate::body::Body;
use crate::response::Response;
use bytes::{Bytes, BytesMut};
use http::{HeaderValue, StatusCode, header};
use http_body::{Frame, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::{Notify, watch};
use tokio::time::Instant;
use tower_service::Service;

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long a connection asked to close with no request in flight may
/// take before it is dropped (a partly sent request head is not a
/// request yet).
const IDLE_CLOSE_GRACE: Duration = Duration::from_millis(100);
/// How long it may take when a request is in flight.
pub(super) const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// What the server and the connection's task know of one connection.
pub(crate) struct ConnState {
    id: u64,
    /// Requests whose response is not fully sent yet.
    in_flight: AtomicUsize,
    /// When the last request ended (or the connection opened), in
    /// milliseconds since the registry's start.
    idle_since: AtomicU64,
    /// Asks the connection to close (the server needs its slot).
    evict: Notify,
}

/// The open connections, so that the cap can be held by closing the one
/// that has idled longest.
pub(crate) struct Registry {
    start: Instant,
    open: AtomicUsize,
    next_id: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<ConnState>>>,
}

impl Registry {
    pub(crate) fn new() -> Self {
        Self {
            start: Instant::now(),
            open: AtomicUsize::new(0),
            next_id: AtomicU64::new(0),
            conns: Mutex::new(HashMap::new()),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Connections open now.
    pub(crate) fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    fn register(self: &Arc<Self>) -> Registration {
        let state = Arc::new(ConnState {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(self.now_ms()),
            evict: Notify::new(),
        });
        self.conns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(state.id, state.clone());
        self.open.fetch_add(1, Ordering::AcqRel);
        Registration {
            registry: self.clone(),
            state,
        }
    }

    /// Asks the connection that has idled longest (no request in flight)
    /// to close; whether there was one.
    pub(crate) fn evict_idlest(&self) -> bool {
        let conns = self.conns.lock().unwrap_or_else(|p| p.into_inner());
        let idlest = conns
            .values()
            .filter(|c| c.in_flight.load(Ordering::Acquire) == 0)
            .min_by_key(|c| c.idle_since.load(Ordering::Relaxed));
        match idlest {
            Some(c) => {
                c.evict.notify_one();
                // Counted as busy until it is gone, so that the next
                // eviction picks another.
                c.idle_since.store(u64::MAX, Ordering::Relaxed);
                true
            }
            None => false,
        }
    }
}

/// A connection's place in the registry, given back when it closes.
struct Registration {
    registry: Arc<Registry>,
    state: Arc<ConnState>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry
            .conns
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.state.id);
        self.registry.open.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Counts a request as in flight until its response body is dropped.
struct InFlight {
    registry: Arc<Registry>,
    state: Arc<ConnState>,
}

impl InFlight {
    fn begin(registry: &Arc<Registry>, state: &Arc<ConnState>) -> Self {
        state.in_flight.fetch_add(1, Ordering::AcqRel);
        Self {
            registry: registry.clone(),
            state: state.clone(),
        }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.state.in_flight.fetch_sub(1, Ordering::AcqRel) == 1 {
            let now = self.registry.now_ms();
            // An evicted connection keeps its marker.
            let _ = self
                .state
                .idle_since
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
                    (v != u64::MAX).then_some(now)
                });
        }
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its request counted as in flight.
    pub(crate) struct Counted {
        #[pin]
        body: Body,
        _in_flight: Option<InFlight>,
    }
}

impl http_body::Body for Counted {
    type Data = Bytes;
    type Error = crate::error::BoxError;

    #[inline]
    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.project().body.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

pin_project_lite::pin_project! {
    /// The answer to one request: refused before the app saw it, or the
    /// app's response.
    #[project = RespondProj]
    pub(crate) enum Respond<F> {
        Refused { res: Option<Response> },
        Called { #[pin] fut: F, in_flight: Option<InFlight> },
    }
}

impl<F> Future for Respond<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<http::Response<Counted>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            RespondProj::Refused { res } => Poll::Ready(Ok(res
                .take()
                .expect("polled after completion")
                .map(|body| Counted {
                    body,
                    _in_flight: None,
                }))),
            RespondProj::Called { fut, in_flight } => match fut.poll(cx) {
                Poll::Ready(Ok(res)) => {
                    let in_flight = in_flight.take();
                    Poll::Ready(Ok(res.map(|body| Counted {
                        body,
                        _in_flight: in_flight,
                    })))
                }
                Poll::Ready(Err(never)) => match never {},
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

pub(super) fn refusal(status: StatusCode, reason: &'static str) -> Response {
    let mut res = Response::new(Body::from(reason));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    res
}

/// Which protocol a connection speaks, from its first bytes.
enum Protocol {
    Http1,
    Http2,
}

/// Reads until the first bytes tell the protocol: the HTTP/2 preface, or
/// anything that is not a prefix of it. `None` when the client closes
/// first.
async fn sniff(stream: &mut TcpStream, buf: &mut BytesMut) -> std::io::Result<Option<Protocol>> {
    loop {
        let have = buf.len().min(H2_PREFACE.len());
        if buf[..have] != H2_PREFACE[..have] {
            return Ok(Some(Protocol::Http1));
        }
        if have == H2_PREFACE.len() {
            return Ok(Some(Protocol::Http2));
        }
        if stream.read_buf(buf).await? == 0 {
            return Ok(None);
        }
    }
}

/// A hyper connection that can be asked to finish gracefully.
trait Graceful: Future<Output = Result<(), hyper::Error>> {
    fn graceful(self: Pin<&mut Self>);
}

impl<I, S> Graceful for hyper::server::conn::http1::UpgradeableConnection<I, S>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: hyper::service::HttpService<hyper::body::Incoming>,
    S::ResBody: 'static,
    <S::ResBody as http_body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn graceful(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

impl<I, S, E> Graceful for hyper::server::conn::http2::Connection<I, S, E>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    S: hyper::service::HttpService<hyper::body::Incoming>,
    S::ResBody: 'static,
    <S::ResBody as http_body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    E: hyper::rt::bounds::Http2ServerConnExec<S::Future, S::ResBody>,
{
    fn graceful(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

/// Serves one accepted connection to its end.
pub(crate) async fn serve_connection<S>(
    mut stream: TcpStream,
    peer: SocketAddr,
    service: S,
    limits: Arc<Limits>,
    registry: Arc<Registry>,
    shutdown: watch::Receiver<bool>,
) where
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let registration = registry.register();
    let state = registration.state.clone();
    let _ = stream.set_nodelay(true);
    let mut first = BytesMut::with_capacity(4096);
    let sniffed = tokio::select! {
        sniffed = tokio::time::timeout(limits.header_read_timeout, sniff(&mut stream, &mut first)) => sniffed,
        // Evicted before its first request: nothing is lost.
        () = state.evict.notified() => return,
    };
    let protocol = match sniffed {
        Ok(Ok(Some(p))) => p,
        Ok(Ok(None)) => return,
        Ok(Err(e)) => {
            tracing::debug!(%peer, "connection failed before a request: {e}");
            return;
        }
        Err(_) => {
            tracing::debug!(%peer, "closed a connection that sent no request in time");
            return;
        }
    };
    let h1 = matches!(protocol, Protocol::Http1);
    if h1 && let Some(req) = super::event_stream::event_stream_request(&first) {
        // An event stream: served without hyper's buffers (see
        // `event_stream`), counted as in flight until it ends.
        drop(first);
        let in_flight = InFlight::begin(&registry, &state);
        super::event_stream::serve(stream, req, service, &limits, shutdown).await;
        drop(in_flight);
        drop(registration);
        return;
    }
    // HTTP/1: an event-stream request on this connection once it has
    // served others comes back here, with the socket.
    let (handoff_tx, mut handoff_rx) = tokio::sync::oneshot::channel();
    let handoff = h1.then(|| {
        let state = state.clone();
        super::socket::Handoff {
            idle: Box::new(move || state.in_flight.load(Ordering::Acquire) == 0),
            tx: handoff_tx,
        }
    });
    let stream_service = service.clone();
    let shutdown_rx = shutdown.clone();
    let io = TokioIo::new(ConnIo::new(
        stream,
        first.freeze(),
        limits.write_timeout,
        handoff,
    ));
    // Boxed: hyper's connection is the largest part of this task, and an
    // event stream taken from it outlives it.
    let result = Box::pin(serve_hyper(
        io, service, h1, &limits, &registry, &state, shutdown,
    ))
    .await;
    if let Err(e) = result {
        tracing::debug!(%peer, "connection ended with an error: {e}");
    }
    // A handoff is sent from the read that ended hyper's connection, so it
    // is here by now; an upgraded connection (a websocket) sent none and
    // lives on elsewhere: this task ends.
    if let Ok((stream, req)) = handoff_rx.try_recv() {
        let in_flight = InFlight::begin(&registry, &state);
        super::event_stream::serve(stream, req, stream_service, &limits, shutdown_rx).await;
        drop(in_flight);
    }
    drop(registration);
}

/// Serves `io` with hyper (HTTP/1 with upgrades when `h1`, else HTTP/2)
/// until the connection ends.
async fn serve_hyper<S>(
    io: TokioIo<ConnIo<TcpStream>>,
    service: S,
    h1: bool,
    limits: &Arc<Limits>,
    registry: &Arc<Registry>,
    state: &Arc<ConnState>,
    shutdown: watch::Receiver<bool>,
) -> Result<(), hyper::Error>
where
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let svc = {
        let limits = limits.clone();
        let registry = registry.clone();
        let state = state.clone();
        hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
            if let Err(r) = check_head(&req, limits.max_body_bytes) {
                return Respond::Refused {
                    res: Some(refusal(r.status, r.reason)),
                };
            }
            let in_flight = Some(InFlight::begin(&registry, &state));
            let req = req.map(|b| {
                Body::incoming(b, limits.max_body_bytes)
                    .with_read_timeouts(limits.body_read_timeout, limits.body_total_timeout)
            });
            let mut service = service.clone();
            Respond::Called {
                fut: service.call(req),
                in_flight,
            }
        })
    };
    if h1 {
        let mut b = hyper::server::conn::http1::Builder::new();
        b.timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .max_buf_size(limits.max_header_bytes);
        let conn = b.serve_connection(io, svc).with_upgrades();
        drive(conn, registry, state, None, shutdown).await
    } else {
        let mut b = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
        b.timer(TokioTimer::new())
            .keep_alive_interval(Some(limits.h2_keep_alive_interval))
            .keep_alive_timeout(limits.h2_keep_alive_interval)
            .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
        let conn = b.serve_connection(io, svc);
        drive(conn, registry, state, Some(limits.idle_timeout), shutdown).await
    }
}

/// Runs a connection until it ends, asking it to finish when it has idled
/// for `idle` (HTTP/2; HTTP/1's header timeout covers its idle time), when
/// it is evicted, or at shutdown, and dropping it when it does not finish
/// within [`IDLE_CLOSE_GRACE`] of an eviction or idle close (or
/// [`CLOSE_GRACE`] when a request is in flight by then).
async fn drive<C: Graceful>(
    conn: C,
    registry: &Registry,
    state: &ConnState,
    idle: Option<Duration>,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), hyper::Error> {
    tokio::pin!(conn);
    let mut closing: Option<Instant> = None;
    let mut extended = false;
    let mut shutting_down = *shutdown.borrow();
    if shutting_down {
        conn.as_mut().graceful();
    }
    loop {
        let idle_check = match (idle, closing) {
            (Some(idle), None) if state.in_flight.load(Ordering::Acquire) == 0 => {
                let since = state.idle_since.load(Ordering::Relaxed);
                let at = registry.start + Duration::from_millis(since.min(u64::MAX / 4)) + idle;
                Some(at.max(Instant::now() + Duration::from_millis(10)))
            }
            (Some(idle), None) => Some(Instant::now() + idle),
            _ => None,
        };
        tokio::select! {
            res = conn.as_mut() => return res,
            () = state.evict.notified(), if closing.is_none() => {
                conn.as_mut().graceful();
                closing = Some(Instant::now() + IDLE_CLOSE_GRACE);
            }
            changed = shutdown.changed(), if !shutting_down => {
                shutting_down = true;
                if changed.is_ok() && closing.is_none() {
                    conn.as_mut().graceful();
                }
            }
            () = sleep_until_opt(idle_check) => {
                let idle = idle.expect("checked only with an idle timeout");
                let since = state.idle_since.load(Ordering::Relaxed);
                if state.in_flight.load(Ordering::Acquire) == 0
                    && registry.now_ms().saturating_sub(since) >= idle.as_millis() as u64
                {
                    conn.as_mut().graceful();
                    closing = Some(Instant::now() + IDLE_CLOSE_GRACE);
                }
            }
            () = sleep_until_opt(closing) => {
                if extended || state.in_flight.load(Ordering::Acquire) == 0 {
                    return Ok(());
                }
                extended = true;
                closing = Some(Instant::now() + CLOSE_GRACE);
            }
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
