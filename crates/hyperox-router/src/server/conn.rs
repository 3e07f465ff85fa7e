//! One connection: telling HTTP/1 from HTTP/2 in bounded time, serving it
//! with hyper, and closing it when it idles, when an HTTP/2 peer's window
//! holds a response back for the write timeout, when the server needs its
//! slot, or at shutdown.

use super::Limits;
use super::check::{Seen, check};
use super::registry::{
    ConnState, InFlight, LongGuard, LongLived, OverLimit, Registration, Registry,
};
use super::socket::ConnIo;
use super::stream::Io;
use super::{CLOSE_GRACE, refusal};
use crate::body::Body;
use crate::response::Response;
use bytes::{Bytes, BytesMut};
use http::{HeaderValue, StatusCode, header};
use http_body::{Frame, SizeHint};
use hyper_util::rt::TokioIo;
#[cfg(feature = "http2")]
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::sync::watch;
use tokio::time::Instant;
use tower_service::Service;

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// How long a connection asked to close with no request in flight may
/// take before it is dropped (a partly sent request head is not a
/// request yet).
const IDLE_CLOSE_GRACE: Duration = Duration::from_millis(100);

/// The most bytes of a response body handed to HTTP/2 at once: a larger
/// frame is handed on in parts, so that a stream the peer's flow-control
/// window holds back is seen waiting (and a whole page is not buffered in
/// the connection's send queue).
const H2_CHUNK: usize = 64 * 1024;

/// An HTTP/2 response body's place in its connection's list of bodies
/// waiting for the peer's window (hyper polls a body only when the stream
/// has window to send what it gives).
pub(crate) struct StallWatch {
    state: Arc<ConnState>,
    key: u64,
    waiting: bool,
}

impl StallWatch {
    fn new(state: &Arc<ConnState>) -> Self {
        Self {
            state: state.clone(),
            key: state.next_stream.fetch_add(1, Ordering::Relaxed),
            waiting: false,
        }
    }

    /// The body has data hyper has not asked for yet.
    fn handed(&mut self) {
        if !self.waiting {
            self.waiting = true;
            self.state.waiting_bodies().insert(self.key, Instant::now());
        }
    }

    /// hyper asked for more.
    fn polled(&mut self) {
        if self.waiting {
            self.waiting = false;
            self.state.waiting_bodies().remove(&self.key);
        }
    }
}

impl Drop for StallWatch {
    fn drop(&mut self) {
        self.polled();
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its request counted as in flight (and
    /// long-lived, for an event stream), and on HTTP/2 hands its data on
    /// in parts, watched for a stalled window.
    pub(crate) struct Counted {
        #[pin]
        body: Body,
        rest: Bytes,
        watch: Option<StallWatch>,
        _in_flight: Option<InFlight>,
        _long: Option<LongGuard>,
    }
}

impl Counted {
    fn new(
        body: Body,
        watch: Option<StallWatch>,
        in_flight: Option<InFlight>,
        long: Option<LongGuard>,
    ) -> Self {
        let mut counted = Self {
            body,
            rest: Bytes::new(),
            watch,
            _in_flight: in_flight,
            _long: long,
        };
        if !http_body::Body::is_end_stream(&counted.body)
            && let Some(w) = &mut counted.watch
        {
            // hyper polls it once the head is sent, if the peer lets it.
            w.handed();
        }
        counted
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
        let mut this = self.project();
        let Some(watch) = this.watch.as_mut() else {
            return this.body.poll_frame(cx);
        };
        watch.polled();
        let frame = if this.rest.is_empty() {
            match ready!(this.body.as_mut().poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(mut data) => {
                        if data.len() > H2_CHUNK {
                            *this.rest = data.split_off(H2_CHUNK);
                        }
                        Some(Ok(Frame::data(data)))
                    }
                    Err(frame) => Some(Ok(frame)),
                },
                other => other,
            }
        } else {
            let n = this.rest.len().min(H2_CHUNK);
            Some(Ok(Frame::data(this.rest.split_to(n))))
        };
        if matches!(frame, Some(Ok(_))) && (!this.rest.is_empty() || !this.body.is_end_stream()) {
            watch.handed();
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.rest.is_empty() && self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = self.body.size_hint();
        let rest = self.rest.len() as u64;
        hint.set_lower(hint.lower() + rest);
        if let Some(upper) = hint.upper() {
            hint.set_upper(upper + rest);
        }
        hint
    }
}

/// What a request holds while the app answers it.
pub(crate) struct Held {
    in_flight: InFlight,
    long: Option<(LongLived, LongGuard)>,
    watch: Option<StallWatch>,
    /// HTTP/1: the answer says `Connection: close` when the server is
    /// stopping by the time it is ready (the client then sends its next
    /// request on a new connection, to the next process, instead of onto
    /// one about to close).
    http1: bool,
}

pin_project_lite::pin_project! {
    /// The answer to one request: refused before the app saw it, or the
    /// app's response.
    #[project = RespondProj]
    pub(crate) enum Respond<F> {
        Refused { res: Option<Response> },
        Called { #[pin] fut: F, held: Option<Held> },
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
                .map(|body| Counted::new(body, None, None, None)))),
            RespondProj::Called { fut, held } => match fut.poll(cx) {
                Poll::Ready(Ok(mut res)) => {
                    let held = held.take().expect("polled after completion");
                    if held.http1
                        && held.in_flight.server_stopping()
                        && res.status() != StatusCode::SWITCHING_PROTOCOLS
                    {
                        res.headers_mut()
                            .insert(header::CONNECTION, HeaderValue::from_static("close"));
                    }
                    let long = match held.long {
                        // The socket holds it from now on.
                        Some((LongLived::WebSocket, guard))
                            if res.status() == StatusCode::SWITCHING_PROTOCOLS =>
                        {
                            held.in_flight.state().hold_websocket(guard);
                            None
                        }
                        Some((LongLived::WebSocket, _)) | None => None,
                        Some((LongLived::EventStream, guard)) => Some(guard),
                    };
                    let watch = held.watch;
                    let in_flight = held.in_flight;
                    Poll::Ready(Ok(
                        res.map(|body| Counted::new(body, watch, Some(in_flight), long))
                    ))
                }
                Poll::Ready(Err(never)) => match never {},
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// The answer to a client over one of its limits.
pub(super) fn over_limit(what: &'static str) -> Response {
    let mut res = refusal(StatusCode::TOO_MANY_REQUESTS, what);
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    res
}

/// Which long-lived kind a request asks for: a websocket upgrade, or a
/// `GET` accepting `text/event-stream` (`seen`: which of those headers
/// it carries).
pub(super) fn long_lived_kind<B>(req: &http::Request<B>, seen: &Seen<'_>) -> Option<LongLived> {
    let h = req.headers();
    if seen.upgrade
        && h.get_all(header::UPGRADE)
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"))
    {
        return Some(LongLived::WebSocket);
    }
    (req.method() == http::Method::GET
        && seen.accept
        && h.get_all(header::ACCEPT)
            .iter()
            .any(|v| super::event_stream::accepts_event_stream(v.as_bytes())))
    .then_some(LongLived::EventStream)
}

/// Which protocol a connection speaks, from its first bytes.
enum Protocol {
    Http1,
    Http2,
}

/// Reads until the first bytes tell the protocol: the HTTP/2 preface, or
/// anything that is not a prefix of it. `None` when the client closes
/// first.
async fn sniff(stream: &mut Io, buf: &mut BytesMut) -> std::io::Result<Option<Protocol>> {
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

#[cfg(feature = "http2")]
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
    mut stream: Io,
    peer: SocketAddr,
    service: S,
    limits: Arc<Limits>,
    registry: Arc<Registry>,
    registration: Registration,
    shutdown: watch::Receiver<bool>,
) where
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let registration = Arc::new(registration);
    let state = registration.state.clone();
    let mut first = BytesMut::with_capacity(4096);
    let mut stopping = shutdown.clone();
    let sniffed = tokio::select! {
        sniffed = tokio::time::timeout(limits.header_read_timeout, sniff(&mut stream, &mut first)) => sniffed,
        // Evicted before its first request: nothing is lost.
        () = state.evict.notified() => return,
        // The server stopping: a client that connected just before (in a
        // restart, a connection taken from the shared queue a moment ago)
        // still gets its request served if it sends it soon.
        () = super::quiet_after_stop(&mut stopping) => return,
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
    // Without the `http2` feature an HTTP/2 preface goes to the HTTP/1
    // parser, which refuses it.
    let h1 = matches!(protocol, Protocol::Http1) || cfg!(not(feature = "http2"));
    state.h2.store(!h1, Ordering::Relaxed);
    if h1 && let Some(req) = super::event_stream::event_stream_request(&first) {
        // An event stream: served without hyper's buffers (see
        // `event_stream`), counted as in flight until it ends.
        drop(first);
        serve_event_stream(stream, req, service, &limits, &registry, &state, shutdown).await;
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
    // The socket holds the connection's place too: a websocket it is
    // upgraded to outlives this task, and counts until it closes.
    let io = TokioIo::new(ConnIo::new(
        stream,
        first.freeze(),
        limits.write_timeout,
        handoff,
        registration.clone(),
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
        serve_event_stream(
            stream,
            req,
            stream_service,
            &limits,
            &registry,
            &state,
            shutdown_rx,
        )
        .await;
    }
    drop(registration);
}

/// Serves an event stream taken from hyper, counted as in flight and as
/// its client's, or refused with 429 when the client holds its limit.
async fn serve_event_stream<S>(
    mut stream: Io,
    req: http::Request<Body>,
    service: S,
    limits: &Limits,
    registry: &Arc<Registry>,
    state: &Arc<ConnState>,
    shutdown: watch::Receiver<bool>,
) where
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>,
{
    let mut req = req;
    req.extensions_mut().insert(super::PeerIp(state.client));
    let held = InFlight::begin(registry, state)
        .and_then(|f| Ok((f, registry.begin_long(state, LongLived::EventStream)?)));
    match held {
        Ok(held) => {
            super::event_stream::serve(stream, req, service, limits, state, shutdown).await;
            drop(held);
        }
        Err(OverLimit) => {
            let res = over_limit("too many event streams from this client");
            super::event_stream::write_response(&mut stream, res, limits).await;
        }
    }
}

/// Serves `io` with hyper (HTTP/1 with upgrades when `h1`, else HTTP/2)
/// until the connection ends.
async fn serve_hyper<S>(
    io: TokioIo<ConnIo<Io>>,
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
            let seen = match check(&req, limits.max_body_bytes) {
                Ok(seen) => seen,
                Err(r) => {
                    return Respond::Refused {
                        res: Some(refusal(r.status, r.reason)),
                    };
                }
            };
            if state.fragment.swap(false, Ordering::Relaxed) {
                return Respond::Refused {
                    res: Some(refusal(
                        StatusCode::BAD_REQUEST,
                        "a request target must not carry a fragment (#)",
                    )),
                };
            }
            let Ok(in_flight) = InFlight::begin(&registry, &state) else {
                return Respond::Refused {
                    res: Some(over_limit("too many requests at once from this client")),
                };
            };
            let long = match long_lived_kind(&req, &seen) {
                Some(kind) => match registry.begin_long(&state, kind) {
                    Ok(guard) => Some((kind, guard)),
                    Err(OverLimit) => {
                        return Respond::Refused {
                            res: Some(over_limit(match kind {
                                LongLived::EventStream => "too many event streams from this client",
                                LongLived::WebSocket => "too many websockets from this client",
                            })),
                        };
                    }
                },
                None => None,
            };
            let watch = (!h1).then(|| StallWatch::new(&state));
            let req = req.map(|b| {
                Body::incoming(b, limits.max_body_bytes)
                    .with_read_timeouts(limits.body_read_timeout, limits.body_total_timeout)
                    .with_peer(state.client)
            });
            let mut service = service.clone();
            Respond::Called {
                fut: service.call(req),
                held: Some(Held {
                    in_flight,
                    long,
                    watch,
                    http1: h1,
                }),
            }
        })
    };
    if h1 {
        // The header read timeout is `drive`'s, one timer a connection:
        // hyper's would arm and clear a timer for every request.
        let mut b = hyper::server::conn::http1::Builder::new();
        b.header_read_timeout(None)
            .max_buf_size(limits.max_header_bytes);
        let conn = b.serve_connection(io, svc).with_upgrades();
        drive(
            conn,
            registry,
            state,
            Idle::Http1(limits.header_read_timeout),
            limits.write_timeout,
            shutdown,
        )
        .await
    } else {
        #[cfg(feature = "http2")]
        {
            let mut b = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
            b.timer(TokioTimer::new())
                .keep_alive_interval(Some(limits.h2_keep_alive_interval))
                .keep_alive_timeout(limits.h2_keep_alive_interval)
                .max_concurrent_streams(limits.h2_max_streams)
                .max_send_buf_size(H2_CHUNK)
                .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
            let conn = b.serve_connection(io, svc);
            drive(
                conn,
                registry,
                state,
                Idle::Http2(limits.idle_timeout),
                limits.write_timeout,
                shutdown,
            )
            .await
        }
        #[cfg(not(feature = "http2"))]
        {
            unreachable!("without the `http2` feature every connection is HTTP/1")
        }
    }
}

/// Where a connection is on its way to closing (`drive`).
#[derive(Clone, Copy)]
enum Closing {
    /// Serving; the server is not stopping.
    Open,
    /// The server stops while an HTTP/1 connection waits for a request:
    /// it is asked to finish once more than `begun` requests have begun on
    /// it (the one on its way was taken), or at `until`.
    Deferred { until: Instant, begun: u64 },
    /// The server stops and the connection was asked to finish: hyper
    /// ends it once its requests are answered.
    Stopping,
    /// Asked to finish because it was evicted or idle: dropped at `at`,
    /// or [`CLOSE_GRACE`] later when a request is still in flight then.
    Dropping { at: Instant, extended: bool },
}

impl Closing {
    /// Where a connection goes when the server stops: `Deferred` while
    /// an HTTP/1 connection may still carry a request on its way (its
    /// first, from a client that connected a moment before a restart, or
    /// the next on a kept-alive connection, which hyper would lose by
    /// closing it as idle; its answer then says `Connection: close`);
    /// else `Stopping`, asked at once (a request in flight, or HTTP/2,
    /// whose GOAWAY says which streams were taken). `kept_alive`: whether
    /// the connection is back in hyper's hands, waiting for a next
    /// request.
    fn on_stop(state: &ConnState, http1: bool, kept_alive: bool) -> Self {
        let begun = state.begun.load(Ordering::Acquire);
        if begun == 0 {
            return Self::Deferred {
                until: Instant::now() + super::FIRST_REQUEST_GRACE,
                begun: 0,
            };
        }
        if kept_alive && http1 && state.in_flight.load(Ordering::Acquire) == 0 {
            return Self::Deferred {
                until: Instant::now() + KEPT_ALIVE_LINGER,
                begun,
            };
        }
        Self::Stopping
    }

    /// When a `Dropping` connection is next looked at.
    fn drop_at(self) -> Option<Instant> {
        match self {
            Self::Dropping { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// How long a connection may go with no request in flight, by protocol.
#[derive(Clone, Copy)]
enum Idle {
    /// The header read timeout: from the end of the last answer (or the
    /// connection's start) to the end of the next request's head, the
    /// keep-alive wait included.
    Http1(Duration),
    /// The idle timeout.
    #[cfg_attr(not(feature = "http2"), allow(dead_code))] // HTTP/1 only then.
    Http2(Duration),
}

/// Runs a connection until it ends, asking it to finish when it has gone
/// `idle` with no request in flight (on HTTP/1, a head that did not come
/// in time), when it is evicted, or at shutdown, and dropping it when it
/// does not finish within [`IDLE_CLOSE_GRACE`] of an eviction or idle
/// close (or [`CLOSE_GRACE`] when a request is in flight by then).
///
/// The idle time is read from the connection's state (when its last
/// request ended) when the timer fires, so the timer is set again only
/// then, not for each request.
async fn drive<C: Graceful>(
    conn: C,
    registry: &Registry,
    state: &ConnState,
    idle: Idle,
    write_timeout: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), hyper::Error> {
    tokio::pin!(conn);
    let (http1, idle) = match idle {
        Idle::Http1(d) => (true, d),
        Idle::Http2(d) => (false, d),
    };
    let mut stall_check = tokio::time::interval(
        (write_timeout / 4).clamp(Duration::from_millis(50), Duration::from_secs(1)),
    );
    stall_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let gate = Gate::new();
    let mut closing = Closing::Open;
    if *shutdown.borrow() {
        // Back from a stream taken out of hyper after the stop: its
        // client is not sending a next request on it.
        closing = Closing::on_stop(state, http1, false);
        if matches!(closing, Closing::Stopping) {
            conn.as_mut().graceful();
        }
    }
    loop {
        if let Closing::Deferred { until, begun } = closing
            && (state.begun.load(Ordering::Acquire) > begun || Instant::now() >= until)
        {
            closing = Closing::Stopping;
            conn.as_mut().graceful();
        }
        let idle_check = match closing {
            Closing::Dropping { .. } => None,
            _ if state.in_flight.load(Ordering::Acquire) == 0 => {
                state.idle_since.get().map(|since| {
                    let at = registry.start + Duration::from_millis(since) + idle;
                    at.max(Instant::now() + Duration::from_millis(10))
                })
            }
            _ => Some(Instant::now() + idle),
        };
        let dropping = matches!(closing, Closing::Dropping { .. });
        // What may happen meanwhile, polled only when one of its own
        // wakers fired, not each time hyper's socket is ready.
        let event = async {
            tokio::select! {
                () = state.evict.notified(), if !dropping => Event::Evicted,
                changed = shutdown.changed(), if matches!(closing, Closing::Open) => Event::Stop(changed.is_ok()),
                () = tokio::time::sleep(Duration::from_millis(10)), if matches!(closing, Closing::Deferred { .. }) => Event::Recheck,
                () = sleep_until_opt(idle_check) => Event::IdleCheck,
                _ = stall_check.tick(), if !http1 => Event::StallCheck,
                () = sleep_until_opt(closing.drop_at()) => Event::DropDue,
            }
        };
        let event = tokio::select! {
            biased;
            res = conn.as_mut() => return res,
            event = gate.run(event) => event,
        };
        match event {
            Event::Evicted => {
                conn.as_mut().graceful();
                closing = Closing::Dropping {
                    at: Instant::now() + IDLE_CLOSE_GRACE,
                    extended: false,
                };
            }
            Event::Stop(changed) => {
                closing = if changed {
                    Closing::on_stop(state, http1, true)
                } else {
                    // The server is gone: no stop can come any more.
                    Closing::Stopping
                };
                if changed && matches!(closing, Closing::Stopping) {
                    conn.as_mut().graceful();
                }
            }
            Event::Recheck => {}
            Event::IdleCheck => {
                if state.in_flight.load(Ordering::Acquire) == 0
                    && state.idle_since.get().is_some_and(|since| {
                        registry.now_ms().saturating_sub(since) >= idle.as_millis() as u64
                    })
                {
                    conn.as_mut().graceful();
                    closing = Closing::Dropping {
                        at: Instant::now() + IDLE_CLOSE_GRACE,
                        extended: false,
                    };
                }
            }
            // HTTP/2: a response the peer's window has held back for the
            // write timeout closes the connection (its data would be
            // held for as long as the peer likes).
            Event::StallCheck => {
                if state
                    .stalled_since()
                    .is_some_and(|since| since.elapsed() >= write_timeout)
                {
                    tracing::debug!(client = %state.client, "closed an HTTP/2 connection whose peer read nothing for the write timeout");
                    return Ok(());
                }
            }
            Event::DropDue => {
                if matches!(closing, Closing::Dropping { extended: true, .. })
                    || state.in_flight.load(Ordering::Acquire) == 0
                {
                    return Ok(());
                }
                closing = Closing::Dropping {
                    at: Instant::now() + CLOSE_GRACE,
                    extended: true,
                };
            }
        }
    }
}

/// What `drive` waits for beside the connection.
enum Event {
    /// The server needs the connection's slot.
    Evicted,
    /// The server stops (`true`), or is gone (`false`).
    Stop(bool),
    /// Time to look again whether a deferred stop is due.
    Recheck,
    /// The idle timer fired.
    IdleCheck,
    /// Time to look for an HTTP/2 response held back by the peer.
    StallCheck,
    /// A closing connection's grace is over.
    DropDue,
}

/// Polls a future only when a waker it was given fired (or the first
/// time), however often the task that runs it is woken: the task is woken
/// for every read and write of its connection, and most of what `drive`
/// waits for (a timer, a notification) costs a registration each time
/// it is polled.
struct Gate {
    flag: Arc<Flag>,
    waker: std::task::Waker,
}

struct Flag {
    woken: std::sync::atomic::AtomicBool,
    task: atomic_waker::AtomicWaker,
}

impl std::task::Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.task.wake();
    }
}

impl Gate {
    fn new() -> Self {
        let flag = Arc::new(Flag {
            woken: std::sync::atomic::AtomicBool::new(true),
            task: atomic_waker::AtomicWaker::new(),
        });
        Self {
            waker: std::task::Waker::from(flag.clone()),
            flag,
        }
    }

    /// `fut`, polled through the gate. A new future starts polled once
    /// (it has registered nothing yet).
    async fn run<F: Future>(&self, fut: F) -> F::Output {
        self.flag.woken.store(true, Ordering::Relaxed);
        tokio::pin!(fut);
        std::future::poll_fn(|cx| {
            self.flag.task.register(cx.waker());
            if !self.flag.woken.swap(false, Ordering::AcqRel) {
                return Poll::Pending;
            }
            fut.as_mut().poll(&mut Context::from_waker(&self.waker))
        })
        .await
    }
}

/// How long an idle kept-alive HTTP/1 connection may still carry its
/// next request once the server stops: a client in the middle of a
/// series sends it within this; an idle browser holds the stop no longer.
const KEPT_ALIVE_LINGER: Duration = Duration::from_millis(500);

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
