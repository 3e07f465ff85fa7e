//! A file streamed as a response body.

use bytes::Bytes;
use futures_core::Stream;
use http_body::Frame;
use std::io::{self, SeekFrom};
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncReadExt, Take};
use tokio_util::io::ReaderStream;

const CHUNK: usize = 64 * 1024;

/// Streams `len` bytes of a file from `start`, opening it on first poll.
pub(super) struct FileBody {
    state: State,
    remaining: u64,
}

enum State {
    Closed { path: PathBuf, start: u64 },
    Opening(Pin<Box<dyn std::future::Future<Output = io::Result<tokio::fs::File>> + Send + Sync>>),
    Reading(ReaderStream<Take<tokio::fs::File>>),
    Done,
}

impl FileBody {
    pub(super) fn new(path: PathBuf, start: u64, len: u64) -> Self {
        Self {
            state: State::Closed { path, start },
            remaining: len,
        }
    }
}

impl http_body::Body for FileBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        let this = self.get_mut();
        loop {
            if this.remaining == 0 {
                this.state = State::Done;
                return Poll::Ready(None);
            }
            match &mut this.state {
                State::Closed { path, start } => {
                    let path = std::mem::take(path);
                    let start = *start;
                    this.state = State::Opening(Box::pin(async move {
                        let mut file = tokio::fs::File::open(path).await?;
                        if start > 0 {
                            tokio::io::AsyncSeekExt::seek(&mut file, SeekFrom::Start(start))
                                .await?;
                        }
                        Ok(file)
                    }));
                }
                State::Opening(fut) => {
                    let file = ready!(fut.as_mut().poll(cx))?;
                    let take = file.take(this.remaining);
                    this.state = State::Reading(ReaderStream::with_capacity(take, CHUNK));
                }
                State::Reading(stream) => match ready!(Pin::new(&mut *stream).poll_next(cx)) {
                    Some(Ok(chunk)) => {
                        this.remaining = this.remaining.saturating_sub(chunk.len() as u64);
                        return Poll::Ready(Some(Ok(Frame::data(chunk))));
                    }
                    Some(Err(e)) => {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(e)));
                    }
                    None => {
                        this.state = State::Done;
                        return Poll::Ready(Some(Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "file shrank while it was sent",
                        ))));
                    }
                },
                State::Done => return Poll::Ready(None),
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}
