//! Read deadlines for a websocket: a client that sends no frame for the
//! idle timeout (pings go out every heartbeat, so a live client answers
//! them) is closed, and so is one that starts a message and does not
//! finish it within the message timeout (a partial frame held open).

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

/// When the connection last finished reading a message, and when the
/// bytes of the one after it began to arrive.
#[derive(Debug)]
pub(crate) struct ReadClock {
    start: Instant,
    /// Milliseconds since `start` of the last complete frame.
    last_frame: AtomicU64,
    /// Milliseconds since `start`, plus one, of the first byte read since
    /// the last complete frame; 0 for none.
    partial_since: AtomicU64,
}

/// Why a connection's reading is over.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Expired {
    /// No frame for the idle timeout.
    Idle,
    /// A message begun and not finished within the message timeout.
    Message,
}

impl ReadClock {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            start: Instant::now(),
            last_frame: AtomicU64::new(0),
            partial_since: AtomicU64::new(0),
        })
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX - 1)
    }

    /// A whole frame (any, a pong included) was read.
    pub(crate) fn frame(&self) {
        self.last_frame.store(self.now_ms(), Ordering::Relaxed);
        self.partial_since.store(0, Ordering::Relaxed);
    }

    fn bytes(&self) {
        let now = self.now_ms() + 1;
        let _ = self
            .partial_since
            .compare_exchange(0, now, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// Whether a deadline has passed.
    pub(crate) fn expired(&self, idle: Duration, message: Duration) -> Option<Expired> {
        let now = self.now_ms();
        let ms = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        let partial = self.partial_since.load(Ordering::Relaxed);
        if partial != 0 && now.saturating_sub(partial - 1) >= ms(message) {
            return Some(Expired::Message);
        }
        (now.saturating_sub(self.last_frame.load(Ordering::Relaxed)) >= ms(idle))
            .then_some(Expired::Idle)
    }

    /// How often to look at the deadlines.
    pub(crate) fn check_every(idle: Duration, message: Duration) -> Duration {
        (idle.min(message) / 4).clamp(Duration::from_millis(20), Duration::from_secs(1))
    }
}

pin_project_lite::pin_project! {
    /// A socket whose reads start the message clock.
    pub(crate) struct Watched<IO> {
        #[pin]
        io: IO,
        clock: Arc<ReadClock>,
    }
}

impl<IO> Watched<IO> {
    pub(crate) fn new(io: IO, clock: Arc<ReadClock>) -> Self {
        Self { io, clock }
    }
}

impl<IO: AsyncRead> AsyncRead for Watched<IO> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.project();
        let before = buf.filled().len();
        let polled = this.io.poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.clock.bytes();
        }
        polled
    }
}

impl<IO: AsyncWrite> AsyncWrite for Watched<IO> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.project().io.poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.project().io.poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.project().io.poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn idle_and_partial_messages_expire() {
        let clock = ReadClock::new();
        let (idle, message) = (Duration::from_secs(30), Duration::from_secs(5));
        assert_eq!(clock.expired(idle, message), None);
        clock.bytes();
        tokio::time::advance(Duration::from_secs(4)).await;
        assert_eq!(clock.expired(idle, message), None);
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(clock.expired(idle, message), Some(Expired::Message));
        clock.frame();
        assert_eq!(clock.expired(idle, message), None);
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(clock.expired(idle, message), Some(Expired::Idle));
    }
}
