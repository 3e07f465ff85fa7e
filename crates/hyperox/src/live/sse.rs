//! Server-sent event streams for htmx's `hx-sse` extension: HTML swapped
//! out of band, named events, ids and resumption from a room's history
//! with `Last-Event-ID`, a `retry:` hint and heartbeats. In development a
//! stream starts with the server's boot id, so that the page needs no
//! second stream for live reload.

use crate::Cx;
use crate::live::broker::{Error, Since};
use crate::live::hub::{Hub, Inner, Presence, Subscription};
use crate::live::message::Frame;
use crate::router::{Body, IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderValue, header};
use http_body::Frame as BodyFrame;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::mpsc;

/// A stream to open: a session's, and optionally a room's with its
/// presence. Made by [`Hub::sse`].
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Rejection};
/// use hyperox::live::{Hub, Sse};
///
/// async fn events(cx: Cx<'_, Hub>) -> Result<Sse, Rejection> {
///     let hub = cx.state().clone();
///     Ok(hub.sse(&cx).room("lobby").open().await?)
/// }
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// App::new(Hub::new(Default::default())).page("/events", events).unwrap();
/// # });
/// ```
#[derive(Debug)]
pub struct SseBuilder<'h> {
    hub: &'h Hub,
    session: String,
    page: String,
    room: Option<String>,
    member: Option<String>,
    last_event_id: Option<u64>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    /// In development, the server process's id, sent first so that a page
    /// from a process since replaced reloads.
    boot: Option<String>,
    /// Whether the client accepts gzip.
    gzip_ok: bool,
    /// Whether to compress when it does.
    compress: bool,
}

impl Hub {
    /// A stream for the request `cx`: its browser session
    /// ([`Cx::session_id`]), resuming after its `Last-Event-ID`, ending
    /// when the app shuts down.
    pub fn sse<S: Send + Sync + 'static>(&self, cx: &Cx<'_, S>) -> SseBuilder<'_> {
        let last_event_id = cx
            .header("last-event-id")
            .and_then(|v| v.trim().parse().ok());
        SseBuilder {
            hub: self,
            session: cx.session_id(),
            page: cx.page_id().to_owned(),
            room: None,
            member: None,
            last_event_id,
            shutdown: cx.shutdown_signal(),
            boot: cx.dev_boot_id().map(str::to_owned),
            gzip_ok: cx.header("accept-encoding").is_some_and(accepts_gzip),
            compress: false,
        }
    }
}

impl SseBuilder<'_> {
    /// Subscribes to room `name` too: its messages, replayed from its
    /// history after the client's `Last-Event-ID`.
    pub fn room(mut self, name: &str) -> Self {
        self.room = Some(name.to_owned());
        self
    }

    /// Counts the connection as `member` of its room while it is open
    /// ([`Hub::members`]); the room gets a `presence` event when who is in
    /// it changes.
    pub fn presence(mut self, member: &str) -> Self {
        self.member = Some(member.to_owned());
        self
    }

    /// Compresses the stream with gzip when the client accepts it (a
    /// browser's fetch does): each event is deflated on its own and ends
    /// on a flush, and HTML that repeats itself shrinks to a fraction. A
    /// room message is compressed once, and its bytes go to every
    /// subscriber as they are; a stream keeps no compressor, only 16 bytes
    /// for its gzip trailer. Each event compresses alone (two similar
    /// events share nothing), so streams are not compressed unless asked.
    pub fn compress(mut self) -> Self {
        self.compress = true;
        self
    }

    /// The stream, registered with the hub.
    ///
    /// # Errors
    ///
    /// The broker failed (reading the history to resume from, or joining
    /// the room's presence).
    pub async fn open(self) -> Result<Sse, Error> {
        let inner = self.hub.inner.clone();
        let (tx, rx) = mpsc::channel(inner.config.queue.max(1));
        let sub = Subscription {
            id: inner.next_id(),
            session: self.session,
            page: self.page,
            room: self.room.clone(),
            member: self.member.clone().filter(|_| self.room.is_some()),
        };
        // Registered before the history is read, so nothing published in
        // between is missed; what both carry is sent once.
        inner.register(&sub, tx);
        let guard = Guard {
            inner: inner.clone(),
            sub,
            presence: None,
        };
        let mut first = format!("retry: {}\n\n", inner.config.retry.as_millis());
        if let Some(boot) = &self.boot {
            // Development: this stream is the page's live-reload stream too.
            first.push_str(&format!("event: hyperox:boot\ndata: {boot}\n\n"));
        }
        let mut replay = Vec::new();
        if let (Some(room), Some(after)) = (&self.room, self.last_event_id) {
            let messages = match inner.broker.since(room, after).await? {
                Since::Complete(m) => m,
                Since::Gap(m) => {
                    // Some of what the client missed is gone: it should
                    // reload what the room shows.
                    first.push_str("event: hyperox:gap\ndata: \n\n");
                    m
                }
            };
            replay = messages.iter().filter_map(Frame::new).collect();
        }
        let replayed = replay.iter().filter_map(|f| f.id).max().unwrap_or(0);
        let mut pending = VecDeque::with_capacity(1 + replay.len());
        pending.push_back(Bytes::from(first));
        pending.extend(replay.into_iter().map(|f| f.sse));
        let gzip = (self.compress && self.gzip_ok).then(crate::live::gzip::Stream::default);
        Ok(Sse::new(guard, pending, rx, replayed, self.shutdown, gzip).await)
    }
}

/// Unregisters a connection when its stream is dropped (the client went
/// away, or the server stopped).
struct Guard {
    inner: Arc<Inner>,
    sub: Subscription,
    presence: Option<Presence>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.inner.unregister(&self.sub);
        if let Some(presence) = self.presence.take() {
            presence.leave_soon(&self.inner);
        }
    }
}

/// An open server-sent event stream: answer a request with it.
pub struct Sse {
    guard: Guard,
    pending: VecDeque<Bytes>,
    rx: mpsc::Receiver<Arc<Frame>>,
    /// The last id replayed from history: live messages up to it were
    /// sent already.
    replayed: u64,
    beat: tokio::time::Interval,
    shutdown: Pin<Box<dyn Future<Output = ()> + Send + Sync>>,
    /// What a compressed stream keeps (see `gzip`: no compressor);
    /// gone once the stream has ended and its gzip trailer was sent.
    gzip: Option<crate::live::gzip::Stream>,
    /// Whether the stream has ended.
    ended: bool,
}

impl std::fmt::Debug for Sse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sse")
            .field("connection", &self.guard.sub.id)
            .finish_non_exhaustive()
    }
}

impl Sse {
    async fn new(
        mut guard: Guard,
        pending: VecDeque<Bytes>,
        rx: mpsc::Receiver<Arc<Frame>>,
        replayed: u64,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
        gzip: Option<crate::live::gzip::Stream>,
    ) -> Self {
        guard.presence = Presence::join(&guard.inner, &guard.sub).await;
        let period = guard.inner.config.heartbeat;
        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Self {
            guard,
            pending,
            rx,
            replayed,
            beat,
            shutdown: Box::pin(async move {
                if shutdown.wait_for(|stop| *stop).await.is_err() {
                    std::future::pending::<()>().await;
                }
            }),
            gzip,
            ended: false,
        }
    }

    /// What the stream sends next, before compression: `None` when it
    /// has ended.
    fn poll_plain(&mut self, cx: &mut Context<'_>) -> Poll<Option<Piece>> {
        if self.shutdown.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        if let Some(first) = self.pending.pop_front() {
            return Poll::Ready(Some(Piece::Own(first)));
        }
        loop {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(frame)) => {
                    if frame.id.is_some_and(|id| id <= self.replayed) {
                        continue;
                    }
                    self.beat.reset();
                    return Poll::Ready(Some(Piece::Room(frame)));
                }
                // Dropped by the hub (its queue was full): the client
                // reconnects and resumes.
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => break,
            }
        }
        match self.beat.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Piece::Beat)),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The connection's id in its hub.
    pub fn connection(&self) -> u64 {
        self.guard.sub.id
    }
}

impl http_body::Body for Sse {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<BodyFrame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.ended {
            return Poll::Ready(None);
        }
        let next = match this.poll_plain(cx) {
            Poll::Ready(next) => next,
            Poll::Pending => return Poll::Pending,
        };
        let Some(gzip) = this.gzip.as_mut() else {
            this.ended = next.is_none();
            return Poll::Ready(next.map(|piece| Ok(BodyFrame::data(piece.plain()))));
        };
        let out = match next {
            Some(Piece::Own(plain)) => gzip.push(&crate::live::gzip::Block::new(&plain)),
            Some(Piece::Room(frame)) => gzip.push(frame.gzip_block()),
            Some(Piece::Beat) => gzip.push(heartbeat_block()),
            None => {
                this.ended = true;
                let end = gzip.finish();
                this.gzip = None;
                end
            }
        };
        Poll::Ready(Some(Ok(BodyFrame::data(out))))
    }
}

/// One piece of a stream.
enum Piece {
    /// This stream's own (its start, what it replays).
    Own(Bytes),
    /// A message to a room, the same for every subscriber.
    Room(Arc<Frame>),
    /// A heartbeat comment.
    Beat,
}

const HEARTBEAT: &[u8] = b":\n\n";

impl Piece {
    fn plain(self) -> Bytes {
        match self {
            Self::Own(b) => b,
            Self::Room(frame) => frame.sse.clone(),
            Self::Beat => Bytes::from_static(HEARTBEAT),
        }
    }
}

/// The heartbeat as a gzip block, made once.
fn heartbeat_block() -> &'static crate::live::gzip::Block {
    static BLOCK: std::sync::OnceLock<crate::live::gzip::Block> = std::sync::OnceLock::new();
    BLOCK.get_or_init(|| crate::live::gzip::Block::new(HEARTBEAT))
}

impl IntoResponse for Sse {
    fn into_response(self) -> Response {
        let gzip = self.gzip.is_some();
        let mut res = Response::new(Body::new(self));
        let h = res.headers_mut();
        if gzip {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert("x-accel-buffering", HeaderValue::from_static("no"));
        res
    }
}

/// Whether an `Accept-Encoding` value takes gzip (hyperox's own
/// negotiation, with no brotli on offer).
fn accepts_gzip(accept: &str) -> bool {
    use crate::assets::{Encoding, preferred_encoding};
    preferred_encoding(accept, false, true) == Encoding::Gzip
}

#[cfg(test)]
mod tests {
    use super::accepts_gzip;

    #[test]
    fn gzip_is_taken_by_name_or_star_unless_refused() {
        for yes in ["gzip", "br, gzip", "GZIP;q=0.5", "*", "deflate, gzip;q=1.0"] {
            assert!(accepts_gzip(yes), "{yes}");
        }
        for no in ["", "br", "identity", "gzip;q=0", "gzip; q=0.0", "x-gzip2"] {
            assert!(!accepts_gzip(no), "{no}");
        }
    }
}
