//! A server-sent event stream that sends one event, then keeps the
//! connection alive with comments until the server shuts down.

use bytes::Bytes;
use http_body::{Body, Frame};
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

pub(crate) struct Heartbeat {
    first: Option<Bytes>,
    tick: tokio::time::Interval,
    shutdown: Pin<Box<dyn Future<Output = ()> + Send + Sync>>,
}

impl Heartbeat {
    /// The stream: `first`, then a comment every 15 s, ending when
    /// `shutdown` turns true.
    pub(crate) fn new(first: Bytes, mut shutdown: tokio::sync::watch::Receiver<bool>) -> Self {
        let mut tick = tokio::time::interval(Duration::from_secs(15));
        tick.reset();
        Self {
            first: Some(first),
            tick,
            shutdown: Box::pin(async move {
                if shutdown.wait_for(|stop| *stop).await.is_err() {
                    // No server to stop: the stream lasts as long as its
                    // client.
                    std::future::pending::<()>().await;
                }
            }),
        }
    }
}

impl Body for Heartbeat {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if this.shutdown.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match this.tick.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b": ping\n\n"))))),
            Poll::Pending => Poll::Pending,
        }
    }
}
