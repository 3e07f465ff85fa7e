//! Server-sent event streams served without hyper's connection buffers.
//!
//! A hyper HTTP/1 connection holds an 8 KiB read buffer and an 8 KiB write
//! buffer for as long as it is open, and neither size can be set. An idle
//! event stream needs neither: it reads nothing after its request and
//! writes an event now and then. So a plain `GET` asking for
//! `text/event-stream`, the first on its connection, complete in one read
//! and followed by nothing, is answered here: the response head is
//! written once, then each body frame as it comes, straight to the
//! socket, and the connection closes when the body ends (the response is
//! delimited by the close). The same goes for such a request arriving, in
//! a read of its own, on a connection idle between requests (nothing in
//! flight, everything written flushed): the socket is taken from hyper,
//! which reads the end of the connection (see `socket`). Every other
//! request goes to hyper as before.

use super::Limits;
use super::check::check_head;
use super::registry::ConnState;
use super::stream::Io;
use crate::body::Body;
use crate::response::Response;
use bytes::{Bytes, BytesMut};
use http::{HeaderValue, Method, Version, header};
use http_body::Body as _;
use std::convert::Infallible;
use std::future::poll_fn;
use std::pin::pin;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::watch;
use tokio::time::Instant;
use tower_service::Service;

/// The most headers an event-stream request may have here (more go to
/// hyper, which has its own limits).
const MAX_HEADERS: usize = 64;

/// Whether `event-stream` (in any case) is anywhere in `bytes`: a `-`
/// found a vector at a time, then the bytes around it.
fn mentions_event_stream(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'-', bytes).any(|at| {
        at >= 5
            && bytes[at - 5..at].eq_ignore_ascii_case(b"event")
            && bytes
                .get(at + 1..at + 7)
                .is_some_and(|s| s.eq_ignore_ascii_case(b"stream"))
    })
}

/// Whether an `Accept` value names `text/event-stream` (in any case).
pub(super) fn accepts_event_stream(accept: &[u8]) -> bool {
    const TYPE: &[u8] = b"text/event-stream";
    accept
        .windows(TYPE.len())
        .any(|w| w.eq_ignore_ascii_case(TYPE))
}

/// The request in `first` when it is an event-stream request this module
/// answers: a `GET` over HTTP/1.1, complete, with no body and nothing
/// after it, whose `Accept` names `text/event-stream`.
pub(super) fn event_stream_request(first: &[u8]) -> Option<http::Request<Body>> {
    // Most requests ask for no event stream: told from the bytes, before
    // they are parsed (hyper parses them next).
    if !first.starts_with(b"GET ") || !mentions_event_stream(first) {
        return None;
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(len) = parsed.parse(first).ok()? else {
        return None;
    };
    if len != first.len() || parsed.method != Some("GET") || parsed.version != Some(1) {
        return None;
    }
    // A fragment is refused on hyper's path.
    if parsed.path?.contains('#') {
        return None;
    }
    // Told from the raw headers, before any is turned into a typed one.
    let wants_events = parsed
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("accept") && accepts_event_stream(h.value));
    if !wants_events {
        return None;
    }
    let mut req = http::Request::new(Body::empty());
    *req.method_mut() = Method::GET;
    *req.version_mut() = Version::HTTP_11;
    *req.uri_mut() = parsed.path?.parse().ok()?;
    for h in parsed.headers.iter() {
        let name = header::HeaderName::from_bytes(h.name.as_bytes()).ok()?;
        let value = HeaderValue::from_bytes(h.value).ok()?;
        match name {
            // A body, or a switch of protocol: hyper's to handle.
            header::CONTENT_LENGTH
            | header::TRANSFER_ENCODING
            | header::UPGRADE
            | header::EXPECT => {
                return None;
            }
            _ => {}
        }
        req.headers_mut().append(name, value);
    }
    Some(req)
}

/// Answers `req` on `stream` and closes it: refused as hyper's path would
/// refuse it, else the app's response, its body written as it comes until
/// it ends, the client goes away, a write stalls past the write timeout,
/// the server sheds the connection, or the server shuts down (after a
/// grace for the body to end itself).
pub(super) async fn serve<S>(
    mut stream: Io,
    req: http::Request<Body>,
    mut service: S,
    limits: &Limits,
    state: &ConnState,
    mut shutdown: watch::Receiver<bool>,
) where
    S: Service<http::Request<Body>, Response = Response, Error = Infallible>,
{
    let res = match check_head(&req, limits.max_body_bytes) {
        Err(r) => super::refusal(r.status, r.reason),
        Ok(()) => {
            if poll_fn(|cx| service.poll_ready(cx)).await.is_err() {
                return;
            }
            match service.call(req).await {
                Ok(res) => res,
                Err(never) => match never {},
            }
        }
    };
    let (parts, body) = res.into_parts();
    let mut body = pin!(body);
    let head = response_head(&parts, body.size_hint().exact());
    if write(&mut stream, &head, limits).await.is_err() {
        return;
    }
    drop(head);
    // A client has nothing more to send on this connection: a read that
    // returns is it going away (or breaking the protocol).
    let mut scratch = [0u8; 8];
    let mut grace = (*shutdown.borrow()).then(|| Instant::now() + super::CLOSE_GRACE);
    loop {
        let frame = tokio::select! {
            frame = poll_fn(|cx| body.as_mut().poll_frame(cx)) => frame,
            _ = stream.read(&mut scratch) => break,
            changed = shutdown.changed(), if grace.is_none() => {
                if changed.is_err() || *shutdown.borrow() {
                    grace = Some(Instant::now() + super::CLOSE_GRACE);
                }
                continue;
            }
            () = sleep_until(grace) => break,
            // Shed: the server is at its cap.
            () = state.evict.notified() => break,
        };
        match frame {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data()
                    && !data.is_empty()
                    && write(&mut stream, &data, limits).await.is_err()
                {
                    break;
                }
            }
            Some(Err(e)) => {
                tracing::debug!("an event stream's body failed: {e}");
                break;
            }
            None => break,
        }
    }
    let _ = tokio::time::timeout(limits.write_timeout, stream.shutdown()).await;
}

/// Writes a whole response with no body to stream (a refusal), then
/// closes.
pub(super) async fn write_response(stream: &mut Io, res: Response, limits: &Limits) {
    let (parts, body) = res.into_parts();
    let body = http_body_util::BodyExt::collect(body)
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    let head = response_head(&parts, Some(body.len() as u64));
    if write(stream, &head, limits).await.is_ok() && write(stream, &body, limits).await.is_ok() {
        let _ = tokio::time::timeout(limits.write_timeout, stream.shutdown()).await;
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// Writes all of `bytes`, within the write timeout.
async fn write(stream: &mut Io, bytes: &[u8], limits: &Limits) -> std::io::Result<()> {
    match tokio::time::timeout(limits.write_timeout, stream.write_all(bytes)).await {
        Ok(r) => r,
        Err(_) => Err(std::io::ErrorKind::TimedOut.into()),
    }
}

/// The status line and headers, framed by the connection's close (or by
/// `Content-Length` when the body's length is known).
fn response_head(parts: &http::response::Parts, length: Option<u64>) -> Bytes {
    let mut out = BytesMut::with_capacity(256);
    out.extend_from_slice(b"HTTP/1.1 ");
    out.extend_from_slice(parts.status.as_str().as_bytes());
    out.extend_from_slice(b" ");
    out.extend_from_slice(
        parts
            .status
            .canonical_reason()
            .unwrap_or("Unknown")
            .as_bytes(),
    );
    out.extend_from_slice(b"\r\n");
    for (name, value) in &parts.headers {
        if matches!(
            *name,
            header::CONNECTION | header::TRANSFER_ENCODING | header::CONTENT_LENGTH
        ) || name.as_str() == "keep-alive"
        {
            continue;
        }
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !parts.headers.contains_key(header::DATE) {
        out.extend_from_slice(b"date: ");
        out.extend_from_slice(httpdate::fmt_http_date(std::time::SystemTime::now()).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if let Some(len) = length {
        out.extend_from_slice(format!("content-length: {len}\r\n").as_bytes());
    }
    out.extend_from_slice(b"connection: close\r\n\r\n");
    out.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_complete_bodiless_get_for_events_is_taken() {
        let ok = b"GET /events?room=a HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n";
        let req = event_stream_request(ok).expect("taken");
        assert_eq!(req.uri(), "/events?room=a");
        assert_eq!(req.headers()["host"], "x");
        for refused in [
            // Not complete, or something after it.
            &b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\n"[..],
            b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            // Not a GET, not 1.1, not for events.
            b"POST /events HTTP/1.1\r\nAccept: text/event-stream\r\n\r\n",
            b"GET /events HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n",
            b"GET /events HTTP/1.1\r\nAccept: text/html\r\n\r\n",
            // A body or a protocol switch.
            b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\nContent-Length: 0\r\n\r\n",
            b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"GET /events HTTP/1.1\r\nAccept: text/event-stream\r\nUpgrade: websocket\r\n\r\n",
            // Not HTTP.
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
        ] {
            assert!(
                event_stream_request(refused).is_none(),
                "{}",
                String::from_utf8_lossy(refused)
            );
        }
    }

    #[test]
    fn the_bytes_are_looked_at_before_they_are_parsed() {
        assert!(mentions_event_stream(b"Accept: Text/Event-Stream\r\n"));
        assert!(!mentions_event_stream(
            b"GET / HTTP/1.1\r\nAccept-Encoding: gzip\r\nUser-Agent: x-event\r\n\r\n"
        ));
        assert!(
            !mentions_event_stream(b"-stream"),
            "no room for `event` before the dash"
        );
        assert!(
            !mentions_event_stream(b"event-"),
            "no room for `stream` after it"
        );
        let upper = b"GET /e HTTP/1.1\r\nHost: x\r\nAccept: TEXT/EVENT-STREAM\r\n\r\n";
        assert!(
            event_stream_request(upper).is_some(),
            "media types match in any case"
        );
    }

    #[test]
    fn the_head_is_framed_by_the_close_or_a_known_length() {
        let mut res = http::Response::new(());
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
        let (parts, ()) = res.into_parts();
        let head = String::from_utf8(response_head(&parts, None).to_vec()).unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ndate: "));
        assert!(head.ends_with("\r\nconnection: close\r\n\r\n"), "{head}");
        assert!(!head.contains("keep-alive") && !head.contains("content-length"));
        let head = String::from_utf8(response_head(&parts, Some(12)).to_vec()).unwrap();
        assert!(head.contains("\r\ncontent-length: 12\r\n"));
    }
}
