//! The live-reload stream of a tab, and the supervisor's events put into
//! the app's own event streams.

use super::{Body, BoxError};
use crate::dev::{Event, Shared};
use bytes::Bytes;
use http::Response;
use http_body_util::BodyExt;
use hyper::body::Frame;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// The live-reload stream of one tab: a stable id, the current build error
/// (if any), then every event, with a comment every 15 s.
pub(super) fn events(shared: &Shared, page_generation: Option<u64>) -> Response<Body> {
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let mut sub = shared.events.subscribe();
    let mut first = format!("retry: 500\ndata: supervisor-{}\n\n", std::process::id());
    let now = shared.generation.load(Ordering::SeqCst);
    if page_generation.is_some_and(|g| g != now) {
        // The page came from a process that has since been replaced.
        first.push_str(&Event::Reload.on_livereload());
    }
    if let Some(error) = shared.error.lock().expect("error lock").clone() {
        first.push_str(&Event::BuildError(error).on_livereload());
    }
    tokio::spawn(async move {
        if tx.send(Bytes::from(first)).await.is_err() {
            return;
        }
        let mut beat = tokio::time::interval(Duration::from_secs(15));
        beat.tick().await;
        loop {
            let chunk = tokio::select! {
                event = sub.recv() => match event {
                    Ok(event) => event.on_livereload(),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => Event::Reload.on_livereload(),
                    Err(_) => return,
                },
                _ = beat.tick() => ":\n\n".to_owned(),
            };
            if tx.send(Bytes::from(chunk)).await.is_err() {
                return;
            }
        }
    });
    let mut res = Response::new(Channel(rx).boxed());
    hyperox_html::dev::stream_headers(res.headers_mut());
    res
}

/// `upstream` (an app's event stream) with the supervisor's events put in
/// between its events, never inside one; the build error standing now
/// first. It ends when the app's stream does.
pub(super) fn with_dev_events(mut upstream: Body, shared: &Shared) -> Body {
    let (tx, rx) = mpsc::channel::<Bytes>(16);
    let mut sub = shared.events.subscribe();
    let standing = shared.error.lock().expect("error lock").clone();
    tokio::spawn(async move {
        // Whether what was passed on so far ends between two events.
        let mut between = true;
        let mut supervised = true;
        let mut held: Vec<String> = standing
            .map(|e| Event::BuildError(e).on_app_stream())
            .into_iter()
            .collect();
        loop {
            if between && !held.is_empty() {
                let chunk = Bytes::from(held.concat());
                held.clear();
                if tx.send(chunk).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                frame = upstream.frame() => match frame {
                    Some(Ok(frame)) => {
                        if let Ok(data) = frame.into_data() {
                            if data.is_empty() {
                                continue;
                            }
                            between = data.ends_with(b"\n\n") || data.ends_with(b"\r\n\r\n");
                            if tx.send(data).await.is_err() {
                                return;
                            }
                        }
                    }
                    Some(Err(_)) | None => return,
                },
                event = sub.recv(), if supervised => match event {
                    Ok(event) => held.push(event.on_app_stream()),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                        held.push(Event::Reload.on_app_stream());
                    }
                    // The supervisor is going: the app's stream goes on.
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => supervised = false,
                },
            }
        }
    });
    Channel(rx).boxed()
}

/// A streamed body fed by a channel.
struct Channel(mpsc::Receiver<Bytes>);

impl hyper::body::Body for Channel {
    type Data = Bytes;
    type Error = BoxError;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        self.0.poll_recv(cx).map(|c| c.map(|b| Ok(Frame::data(b))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    fn shared(error: Option<&str>) -> Shared {
        Shared {
            upstream: tokio::sync::watch::channel(None).0,
            events: tokio::sync::broadcast::channel(8).0,
            generation: std::sync::atomic::AtomicU64::new(0),
            error: Mutex::new(error.map(Arc::from)),
            css: Mutex::new((None, 0)),
        }
    }

    /// Reads `body` until it has `n` chunks or ends.
    async fn read(body: &mut Body, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        while out.len() < n {
            let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
                .await
                .expect("a chunk in time");
            match frame {
                Some(Ok(f)) => {
                    out.push(String::from_utf8(f.into_data().unwrap().to_vec()).unwrap())
                }
                _ => break,
            }
        }
        out
    }

    #[tokio::test]
    async fn an_apps_stream_carries_the_supervisors_events_between_its_own() {
        let shared = shared(Some("error: it broke"));
        let (app, app_rx) = mpsc::channel::<Bytes>(8);
        let mut body = with_dev_events(Channel(app_rx).boxed(), &shared);
        // The standing build error comes first.
        assert_eq!(
            read(&mut body, 1).await,
            ["event: hyperox:build-error\ndata: error: it broke\n\n"]
        );
        // Half an event from the app: the supervisor's waits for its end.
        app.send(Bytes::from_static(b"event: chat\ndata: one"))
            .await
            .unwrap();
        assert_eq!(read(&mut body, 1).await, ["event: chat\ndata: one"]);
        shared.events.send(Event::Css(7)).unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        app.send(Bytes::from_static(b"\n\n")).await.unwrap();
        assert_eq!(
            read(&mut body, 2).await,
            ["\n\n", "event: hyperox:css\ndata: 7\n\n"]
        );
        shared.events.send(Event::Reload).unwrap();
        assert_eq!(
            read(&mut body, 1).await,
            ["event: hyperox:reload\ndata: \n\n"]
        );
        // The app's stream ends: so does the page's.
        drop(app);
        assert!(read(&mut body, 1).await.is_empty());
    }

    #[tokio::test]
    async fn an_apps_stream_outlives_the_supervisors_events() {
        let shared = shared(None);
        let (app, app_rx) = mpsc::channel::<Bytes>(8);
        let mut body = with_dev_events(Channel(app_rx).boxed(), &shared);
        drop(shared);
        app.send(Bytes::from_static(b"data: still here\n\n"))
            .await
            .unwrap();
        assert_eq!(read(&mut body, 1).await, ["data: still here\n\n"]);
    }
}
