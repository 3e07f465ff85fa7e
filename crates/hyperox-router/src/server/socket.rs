//! The connection's socket as hyper sees it: the bytes read while telling
//! HTTP/1 from HTTP/2 are handed back first, a write that makes no
//! progress for the write timeout fails, and an event-stream request that
//! arrives while the connection is idle between requests is taken from
//! hyper (see `event_stream`): hyper reads the end of the connection, and
//! the socket and the request go to the event-stream path.

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

pub(crate) struct ConnIo<T> {
    /// The socket; gone once handed off.
    inner: Option<T>,
    /// The connection's place among the server's: held as long as the
    /// socket is (a websocket keeps it after hyper lets go), and failing
    /// every read and write once the server sheds the connection.
    registration: Arc<Registration>,
    handoff: Option<Handoff<T>>,
    /// Whether hyper wrote since it last flushed (it may still hold part
    /// of a response): no handoff then.
    /// Read before hyper took over; returned by the first reads.
    prefix: Bytes,
    write_timeout: Duration,
    /// Armed while a write is waiting for the peer to read.
    stalled: Option<Pin<Box<Sleep>>>,
    armed: bool,
    unflushed: bool,
    /// How many requests had begun when a request line was last looked
    /// at: the first bytes read while idle after one more has begun start
    /// a new request.
    checked_at: Option<u64>,
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
            checked_at: (!prefix.is_empty()).then_some(0),
            inner: Some(inner),
            registration,
            handoff,
            unflushed: false,
            prefix,
            write_timeout,
            stalled: None,
            armed: false,
        }
    }

    /// An error once the server shed the connection; else registers
    /// `cx` to be woken when it does.
    fn poll_aborted(&self, cx: &Context<'_>) -> io::Result<()> {
        let state = &self.registration.state;
        state.on_abort(cx.waker());
        if state.is_aborted() {
            return Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "shed: the server is at its connection cap",
            ));
        }
        Ok(())
    }

    /// Called when a write could not go on: fails once it has waited for
    /// the write timeout.
    fn poll_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = Instant::now() + self.write_timeout;
        let sleep = self
            .stalled
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

    /// What a write-side poll gave, with the stall timer applied: a
    /// `Pending` that has lasted the write timeout becomes an error.
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
}

impl<T: AsyncRead + Unpin> AsyncRead for ConnIo<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        this.poll_aborted(cx)?;
        if this.prefix.has_remaining() {
            let n = this.prefix.len().min(buf.remaining());
            buf.put_slice(&this.prefix[..n]);
            this.prefix.advance(n);
            if this.prefix.is_empty() {
                // An empty slice still holds the whole read buffer: let
                // it go (a long-lived connection keeps this struct).
                this.prefix = Bytes::new();
            }
            return Poll::Ready(Ok(()));
        }
        let Some(inner) = this.inner.as_mut() else {
            // Handed off: the end of the connection, for hyper.
            return Poll::Ready(Ok(()));
        };
        let before = buf.filled().len();
        ready!(Pin::new(inner).poll_read(cx, buf))?;
        // The first bytes after the connection went idle begin a request:
        // its line is looked at for a fragment.
        let state = &this.registration.state;
        let begun = state.begun.load(Ordering::Relaxed);
        if !this.unflushed
            && state.in_flight.load(Ordering::Acquire) == 0
            && this.checked_at != Some(begun)
            && buf.filled().len() > before
        {
            this.checked_at = Some(begun);
            if target_has_fragment(&buf.filled()[before..]) {
                state.fragment.store(true, Ordering::Relaxed);
            }
        }
        if !this.unflushed
            && let Some(handoff) = this.handoff.take()
            // Closed: the connection's task is gone (hyper upgraded the
            // connection and let it go), and nothing is taken any more.
            && !handoff.tx.is_closed()
        {
            let taken = (handoff.idle)()
                .then(|| super::event_stream::event_stream_request(&buf.filled()[before..]))
                .flatten();
            match (taken, this.inner.take()) {
                (Some(req), Some(socket)) => match handoff.tx.send((socket, req)) {
                    // hyper sees the connection end between requests.
                    Ok(()) => buf.set_filled(before),
                    Err((socket, _)) => this.inner = Some(socket),
                },
                (_, socket) => {
                    this.inner = socket;
                    this.handoff = Some(handoff);
                }
            }
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
        this.poll_aborted(cx)?;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Err(io::ErrorKind::NotConnected.into()));
        };
        let polled = Pin::new(inner).poll_write(cx, buf);
        this.unflushed = true;
        this.timed(cx, polled)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        this.poll_aborted(cx)?;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Err(io::ErrorKind::NotConnected.into()));
        };
        let polled = Pin::new(inner).poll_write_vectored(cx, bufs);
        this.unflushed = true;
        this.timed(cx, polled)
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
        this.timed(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut().inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_shutdown(cx),
            None => Poll::Ready(Ok(())),
        }
    }
}
