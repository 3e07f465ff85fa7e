//! The body type of requests and responses.

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use std::fmt;
use std::net::IpAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::error::BoxError;
use std::time::Duration;
use tokio::time::{Instant, Sleep};

type BoxBody =
    Pin<Box<dyn http_body::Body<Data = Bytes, Error = BoxError> + Send + Sync + 'static>>;

/// A request or response body: empty, a buffer, hyper's incoming stream
/// (with a size limit), or any boxed `http_body::Body`.
///
/// # Example
///
/// ```
/// use hyperox_router::Body;
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let bytes = Body::from("hello").collect_bytes().await.unwrap();
/// assert_eq!(&bytes[..], b"hello");
/// # });
/// ```
pub struct Body {
    kind: Kind,
}

enum Kind {
    Full(Option<Bytes>),
    Incoming {
        body: hyper::body::Incoming,
        remaining: u64,
        limit: u64,
        timer: Option<Box<ReadTimer>>,
        /// The address of the peer it comes from, for [`Request`]: carried
        /// here rather than in the request's extensions, whose map costs
        /// three allocations a request.
        ///
        /// [`Request`]: crate::Request
        peer: Option<IpAddr>,
    },
    Boxed(BoxBody),
}

/// The body of a request was larger than the server's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_router::{BodyTooLarge, Request, Router};
///
/// // Error handlers can tell a body over the limit from other failures.
/// async fn on_error(_: &mut (), _req: &mut Request, err: hyperox_router::Error) -> http::StatusCode {
///     match err.source_error().and_then(|e| e.downcast_ref::<BodyTooLarge>()) {
///         Some(_) => http::StatusCode::PAYLOAD_TOO_LARGE,
///         None => http::StatusCode::INTERNAL_SERVER_ERROR,
///     }
/// }
/// Router::<()>::new().error_handler(on_error);
/// ```
pub struct BodyTooLarge {
    /// The limit, in bytes.
    pub limit: u64,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "request body is larger than the limit of {} bytes",
            self.limit
        )
    }
}

impl std::error::Error for BodyTooLarge {}

/// The client stopped sending the body of its request: nothing arrived
/// for the server's body timeout, or the whole body took longer than it
/// allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_router::BodyTimeout;
/// let e = BodyTimeout { waited: std::time::Duration::from_secs(15) };
/// assert_eq!(e.to_string(), "the request body did not arrive in time (waited 15s)");
/// ```
pub struct BodyTimeout {
    /// How long the server waited.
    pub waited: Duration,
}

impl fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the request body did not arrive in time (waited {:?})",
            self.waited
        )
    }
}

impl std::error::Error for BodyTimeout {}

/// The timers of an incoming body: a wait between two pieces, and the
/// whole body.
struct ReadTimer {
    idle: Duration,
    deadline: Instant,
    start: Instant,
    sleep: Pin<Box<Sleep>>,
    armed: bool,
}

impl ReadTimer {
    /// Called when no data is ready: an error once the client has been
    /// silent for too long or the body's time is up.
    fn poll_expired(&mut self, cx: &mut Context<'_>) -> Poll<BodyTimeout> {
        if !self.armed {
            let at = (Instant::now() + self.idle).min(self.deadline);
            self.sleep.as_mut().reset(at);
            self.armed = true;
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(BodyTimeout {
                waited: if Instant::now() >= self.deadline {
                    self.deadline - self.start
                } else {
                    self.idle
                },
            }),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Body {
    /// An empty body.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(http_body::Body::size_hint(&hyperox_router::Body::empty()).exact(), Some(0));
    /// ```
    pub const fn empty() -> Self {
        Self {
            kind: Kind::Full(None),
        }
    }

    /// The whole body, when it is already in memory (not a stream); an
    /// empty body is `Some` of no bytes.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Body;
    /// assert_eq!(Body::from("hi").as_bytes().map(|b| &b[..]), Some(&b"hi"[..]));
    /// assert_eq!(Body::empty().as_bytes().map(|b| b.len()), Some(0));
    /// ```
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.kind {
            Kind::Full(Some(b)) => Some(b),
            Kind::Full(None) => Some(&[]),
            _ => None,
        }
    }

    /// Wraps any body whose data are `Bytes`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Body;
    /// let body = Body::new(http_body_util::Full::new(bytes::Bytes::from_static(b"x")));
    /// # let _ = body;
    /// ```
    pub fn new<B>(body: B) -> Self
    where
        B: http_body::Body<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        use http_body_util::BodyExt;
        Self {
            kind: Kind::Boxed(Box::pin(body.map_err(Into::into))),
        }
    }

    /// Wraps hyper's incoming body, failing once more than `limit` bytes
    /// arrive.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Body;
    ///
    /// // A hyper service of your own wraps each request's body with a limit.
    /// fn wrap(req: http::Request<hyper::body::Incoming>) -> http::Request<Body> {
    ///     req.map(|b| Body::incoming(b, 1 << 20))
    /// }
    /// # let _ = wrap;
    /// ```
    pub fn incoming(body: hyper::body::Incoming, limit: u64) -> Self {
        Self {
            kind: Kind::Incoming {
                body,
                remaining: limit,
                limit,
                timer: None,
                peer: None,
            },
        }
    }

    /// For an incoming body: the address of the peer it comes from, which
    /// [`Request::peer_ip`](crate::Request::peer_ip) gives.
    #[cfg(feature = "server")]
    pub(crate) fn with_peer(mut self, ip: IpAddr) -> Self {
        if let Kind::Incoming { peer, .. } = &mut self.kind {
            *peer = Some(ip);
        }
        self
    }

    /// The address set by [`with_peer`](Self::with_peer).
    pub(crate) fn peer(&self) -> Option<IpAddr> {
        match &self.kind {
            Kind::Incoming { peer, .. } => *peer,
            _ => None,
        }
    }

    /// For an incoming body: fails with [`BodyTimeout`] when no data
    /// arrives for `idle`, or the whole body has not arrived after
    /// `total`. Other bodies are returned as they are.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Body;
    /// use std::time::Duration;
    ///
    /// fn wrap(req: http::Request<hyper::body::Incoming>) -> http::Request<Body> {
    ///     req.map(|b| Body::incoming(b, 1 << 20).with_read_timeouts(Duration::from_secs(15), Duration::from_secs(60)))
    /// }
    /// # let _ = wrap;
    /// ```
    pub fn with_read_timeouts(mut self, idle: Duration, total: Duration) -> Self {
        if let Kind::Incoming { body, timer, .. } = &mut self.kind
            && !http_body::Body::is_end_stream(body)
        {
            let start = Instant::now();
            *timer = Some(Box::new(ReadTimer {
                idle,
                deadline: start + total,
                start,
                sleep: Box::pin(tokio::time::sleep_until(start + idle)),
                armed: false,
            }));
        }
        self
    }

    /// Reads the whole body into memory.
    ///
    /// Fails with [`BodyTooLarge`] (inside the boxed error) when the server's
    /// limit is passed.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::Body;
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let bytes = Body::from(vec![1u8, 2, 3]).collect_bytes().await.unwrap();
    /// assert_eq!(bytes.len(), 3);
    /// # });
    /// ```
    pub async fn collect_bytes(self) -> Result<Bytes, BoxError> {
        if let Kind::Full(b) = self.kind {
            return Ok(b.unwrap_or_default());
        }
        use http_body_util::BodyExt;
        Ok(self.collect().await?.to_bytes())
    }
}

impl Default for Body {
    fn default() -> Self {
        Self::empty()
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Full(b) => f.debug_tuple("Body").field(b).finish(),
            Kind::Incoming { .. } => f.write_str("Body(Incoming)"),
            Kind::Boxed(_) => f.write_str("Body(Boxed)"),
        }
    }
}

macro_rules! from_bytes {
    ($($t:ty),*) => {$(
        impl From<$t> for Body {
            fn from(value: $t) -> Self {
                let bytes = Bytes::from(value);
                Self { kind: Kind::Full((!bytes.is_empty()).then_some(bytes)) }
            }
        }
    )*};
}
from_bytes!(Bytes, String, Vec<u8>, &'static str, &'static [u8]);

impl From<()> for Body {
    fn from((): ()) -> Self {
        Self::empty()
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = BoxError;

    #[inline]
    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match &mut self.get_mut().kind {
            Kind::Full(b) => Poll::Ready(b.take().map(|b| Ok(Frame::data(b)))),
            Kind::Incoming {
                body,
                remaining,
                limit,
                timer,
                ..
            } => match Pin::new(body).poll_frame(cx) {
                Poll::Ready(Some(Ok(frame))) => {
                    if let Some(t) = timer {
                        t.armed = false;
                    }
                    if let Some(data) = frame.data_ref() {
                        let len = data.len() as u64;
                        if len > *remaining {
                            return Poll::Ready(Some(Err(
                                Box::new(BodyTooLarge { limit: *limit }) as BoxError,
                            )));
                        }
                        *remaining -= len;
                    }
                    Poll::Ready(Some(Ok(frame)))
                }
                Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(Box::new(e)))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => match timer {
                    Some(t) => t
                        .poll_expired(cx)
                        .map(|e| Some(Err(Box::new(e) as BoxError))),
                    None => Poll::Pending,
                },
            },
            Kind::Boxed(b) => b.as_mut().poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            Kind::Full(b) => b.is_none(),
            Kind::Incoming { body, .. } => body.is_end_stream(),
            Kind::Boxed(b) => b.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.kind {
            Kind::Full(b) => SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64)),
            Kind::Incoming { body, .. } => body.size_hint(),
            Kind::Boxed(b) => b.size_hint(),
        }
    }
}
