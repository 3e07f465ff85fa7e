//! The connection's socket as hyper sees it ([`ConnIo`]), with three
//! jobs, each its own part: the bytes read while telling HTTP/1 from
//! HTTP/2 are handed back first ([`Prefix`]); a write that makes no
//! progress for the write timeout fails ([`WriteStall`]); and the first
//! bytes of each request are looked at ([`Sniff`]) for a fragment in the
//! target, and for an event-stream request arriving while the connection
//! is idle between requests, which is taken from hyper (see
//! `event_stream`): hyper reads the end of the connection, and the socket
//! and the request go to the event-stream path.

use super::check::target_has_fragment;
use super::registry::Registration;
use bytes::{Buf, Bytes};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// Where an idle connection's event-stream request goes, with its socket.
pub(crate) struct Handoff<T> {
    /// Whether no request is in flight on the connection.
    pub(crate) idle: Box<dyn Fn() -> bool + Send + Sync>,
    /// Takes the socket and the request.
    pub(crate) tx: tokio::sync::oneshot::Sender<(T, http::Request<crate::body::Body>)>,
}

/// The bytes read before hyper took over, returned by its first reads.
struct Prefix(Bytes);

impl Prefix {
    /// Moves what is left of the prefix into `buf`; whether there was any.
    fn fill(&mut self, buf: &mut ReadBuf<'_>) -> bool {
        if !self.0.has_remaining() {
            return false;
        }
        let n = self.0.len().min(buf.remaining());
        buf.put_slice(&self.0[..n]);
        self.0.advance(n);
        if self.0.is_empty() {
            // An empty slice still holds the whole read buffer: let it go
            // (a long-lived connection keeps this struct).
            self.0 = Bytes::new();
        }
        true
    }
}

/// The write timeout: a write-side poll left pending for that long fails.
struct WriteStall {
    timeout: Duration,
    /// Armed while a write is waiting for the peer to read.
    sleep: Option<Pin<Box<Sleep>>>,
    armed: bool,
}

impl WriteStall {
    /// What a write-side poll gave, with the timer applied: a `Pending`
    /// that has lasted the write timeout becomes an error.
    fn timed<R>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<R>>,
    ) -> Poll<io::Result<R>> {
        match polled {
            Poll::Pending => self.poll_stall(cx).map(Err),
            done => {
                self.armed = false;
                done
            }
        }
    }

    /// Called when a write could not go on: fails once it has waited for
    /// the write timeout.
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = Instant::now() + self.timeout;
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.armed {
            sleep.as_mut().reset(deadline);
            self.armed = true;
        }
        ready!(sleep.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client read nothing for the write timeout",
        ))
    }
}

/// Looks at the first bytes of each request hyper reads: a fragment in
/// the target is flagged (the request gets 400), and an event-stream
/// request on an idle connection is taken, with the socket.
struct Sniff<T> {
    handoff: Option<Handoff<T>>,
    /// How many requests had begun when a request line was last looked
    /// at: the first bytes read while idle after one more has begun start
    /// a new request.
    checked_at: Option<u64>,
}

impl<T> Sniff<T> {
    /// Looks at `read`, just read from `socket` (`unflushed`: hyper wrote
    /// since it last flushed, so it may still hold part of a response and
    /// nothing is taken). Whether the socket was taken: hyper must then
    /// not see these bytes, but the end of the connection.
    fn look(
        &mut self,
        registration: &Registration,
        socket: &mut Option<T>,
        read: &[u8],
        unflushed: bool,
    ) -> bool {
        if unflushed || read.is_empty() {
            return false;
        }
        // The first bytes after the connection went idle begin a request:
        // its line is looked at for a fragment.
        let state = &registration.state;
        let begun = state.begun.load(Ordering::Relaxed);
        if state.in_flight.load(Ordering::Acquire) == 0 && self.checked_at != Some(begun) {
            self.checked_at = Some(begun);
            if target_has_fragment(read) {
                state.fragment.store(true, Ordering::Relaxed);
            }
        }
        let Some(handoff) = &self.handoff else {
            return false;
        };
        // Closed: the connection's task is gone (hyper upgraded the
        // connection and let it go), and nothing is taken any more.
        if handoff.tx.is_closed() {
            self.handoff = None;
            return false;
        }
        // Looked at in place: most reads are no event stream, and the
        // hand-off and socket are moved only for one that is.
        let Some(req) = (handoff.idle)()
            .then(|| super::event_stream::event_stream_request(read))
            .flatten()
        else {
            return false;
        };
        let Some(taken_socket) = socket.take() else {
            return false;
        };
        let handoff = self.handoff.take().expect("looked at above");
        match handoff.tx.send((taken_socket, req)) {
            Ok(()) => true,
            Err((back, _)) => {
                *socket = Some(back);
                false
            }
        }
    }
}

pub(crate) struct ConnIo<T> {
    /// The socket; gone once handed off.
    inner: Option<T>,
    /// The connection's place among the server's: held as long as the
    /// socket is (a websocket keeps it after hyper lets go), and failing
    /// every read and write once the server sheds the connection.
    registration: Arc<Registration>,
    prefix: Prefix,
    stall: WriteStall,
    sniff: Sniff<T>,
    /// Whether hyper wrote since it last flushed (it may still hold part
    /// of a response): nothing is taken from it then.
    unflushed: bool,
}

impl<T> ConnIo<T> {
    pub(crate) fn new(
        inner: T,
        prefix: Bytes,
        write_timeout: Duration,
        handoff: Option<Handoff<T>>,
        registration: Arc<Registration>,
    ) -> Self {
        if target_has_fragment(&prefix) {
            registration.state.fragment.store(true, Ordering::Relaxed);
        }
        Self {
            sniff: Sniff {
                handoff,
                checked_at: (!prefix.is_empty()).then_some(0),
            },
            inner: Some(inner),
            registration,
            unflushed: false,
            prefix: Prefix(prefix),
            stall: WriteStall {
                timeout: write_timeout,
                sleep: None,
                armed: false,
            },
        }
    }

    /// An error once the server shed the connection.
    fn aborted(&self) -> io::Result<()> {
        if self.registration.state.is_aborted() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "shed: the server is at its connection cap",
            ));
        }
        Ok(())
    }

    /// For a poll of the socket that is pending: registers `cx` to be
    /// woken when the server sheds the connection (then checked again,
    /// for a shedding meanwhile). A poll that is ready needs no waking,
    /// and the next one looks at the flag first.
    fn wake_on_abort(&self, cx: &Context<'_>) -> io::Result<()> {
        self.registration.state.on_abort(cx.waker());
        self.aborted()
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ConnIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.aborted()?;
        if this.prefix.fill(buf) {
            return Poll::Ready(Ok(()));
        }
        let Some(inner) = this.inner.as_mut() else {
            // Handed off: the end of the connection, for hyper.
            return Poll::Ready(Ok(()));
        };
        let before = buf.filled().len();
        if Pin::new(inner).poll_read(cx, buf)?.is_pending() {
            this.wake_on_abort(cx)?;
            return Poll::Pending;
        }
        let taken = this.sniff.look(
            &this.registration,
            &mut this.inner,
            &buf.filled()[before..],
            this.unflushed,
        );
        if taken {
            // hyper sees the connection end between requests.
            buf.set_filled(before);
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ConnIo<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.aborted()?;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Err(io::ErrorKind::NotConnected.into()));
        };
        let polled = Pin::new(inner).poll_write(cx, buf);
        this.unflushed = true;
        if polled.is_pending() {
            this.wake_on_abort(cx)?;
        }
        this.stall.timed(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.aborted()?;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Err(io::ErrorKind::NotConnected.into()));
        };
        let polled = Pin::new(inner).poll_write_vectored(cx, bufs);
        this.unflushed = true;
        if polled.is_pending() {
            this.wake_on_abort(cx)?;
        }
        this.stall.timed(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.as_ref().is_some_and(T::is_write_vectored)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        let polled = Pin::new(inner).poll_flush(cx);
        if matches!(polled, Poll::Ready(Ok(()))) {
            this.unflushed = false;
        }
        this.stall.timed(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut().inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_shutdown(cx),
            None => Poll::Ready(Ok(())),
        }
    }
}
