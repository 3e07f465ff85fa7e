//! Websockets for clients that are not htmx (a JSON API, a game, a
//! command-line tool): the app reads each text or binary message and
//! sends its own, on the same handshake checks, connection limits,
//! timeouts and close handshake as `hx-ws` sockets.
//!
//! ```
//! use hyperox::prelude::*;
//! use hyperox::live::Hub;
//! use hyperox::live::raw::Msg;
//!
//! /// Sends every message back as it came.
//! async fn echo(mut cx: Cx<'_, Hub>) -> Result<Response, Rejection> {
//!     let hub = cx.state().clone();
//!     hub.websocket(&mut cx).raw(|mut socket| async move {
//!         while let Some(msg) = socket.recv().await {
//!             if socket.send(msg).await.is_err() {
//!                 return;
//!             }
//!         }
//!     })
//! }
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let mut app = hyperox::App::new(Hub::new(Default::default()));
//! app.page("/echo", echo).unwrap();
//! # });
//! ```

use super::Session;
use bytes::Bytes;
use std::fmt;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// Messages queued each way before the other side waits.
pub(crate) const QUEUE: usize = 16;

/// A whole message, however many frames it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A text message (always valid UTF-8: the socket closes with 1007
    /// on one that is not).
    Text(String),
    /// A binary message.
    Binary(Bytes),
}

impl From<&str> for Msg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Msg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<Vec<u8>> for Msg {
    fn from(b: Vec<u8>) -> Self {
        Self::Binary(b.into())
    }
}

impl From<Bytes> for Msg {
    fn from(b: Bytes) -> Self {
        Self::Binary(b)
    }
}

/// What the app asks the connection to send.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Message(Msg),
    Close(u16, String),
    /// The connection's end, queued after the app's last message: a
    /// close frame of the server's, or (`None`) the answer to the
    /// client's.
    End(Option<CloseFrame>),
}

impl Outgoing {
    pub(crate) fn into_ws(self) -> WsMessage {
        match self {
            Self::Message(Msg::Text(t)) => WsMessage::text(t),
            Self::Message(Msg::Binary(b)) => WsMessage::Binary(b),
            Self::Close(code, reason) => WsMessage::Close(Some(CloseFrame {
                code: CloseCode::from(code),
                reason: reason.into(),
            })),
            Self::End(frame) => WsMessage::Close(frame),
        }
    }
}

/// The connection is closed: nothing more can be sent on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed;

impl fmt::Display for Closed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the websocket is closed")
    }
}

impl std::error::Error for Closed {}

/// One raw websocket, as the app's function gets it from
/// [`WsBuilder::raw`](crate::live::ws::WsBuilder::raw). When the function
/// returns (the socket dropped), the connection closes with 1000.
pub struct Socket {
    pub(crate) incoming: mpsc::Receiver<Msg>,
    pub(crate) outgoing: mpsc::Sender<Outgoing>,
    pub(crate) session: Session,
}

impl fmt::Debug for Socket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Socket")
            .field("session", &self.session.id())
            .finish_non_exhaustive()
    }
}

impl Socket {
    /// The next message from the client; `None` once the client closed
    /// the connection or it ended (a timeout, a protocol error, the
    /// server stopping). Messages wait in a short queue: a function that
    /// does not read holds the client back rather than the server's
    /// memory.
    pub async fn recv(&mut self) -> Option<Msg> {
        self.incoming.recv().await
    }

    /// Sends `msg`, waiting while the outgoing queue is full.
    ///
    /// # Errors
    ///
    /// [`Closed`] when the connection has ended.
    pub async fn send(&self, msg: impl Into<Msg>) -> Result<(), Closed> {
        self.outgoing
            .send(Outgoing::Message(msg.into()))
            .await
            .map_err(|_| Closed)
    }

    /// Closes the connection with `code` and `reason` (the client's
    /// close answer is awaited for a moment). A code an endpoint may not
    /// send (RFC 6455 §7.4: only 1000, 1001, 1003, 1007 to 1014 and 3000
    /// to 4999) is sent as 1000; the reason is cut to the 123 bytes a
    /// close frame holds.
    pub async fn close(self, code: u16, reason: &str) {
        let code = if sendable(code) { code } else { 1000 };
        let mut end = reason.len().min(123);
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        let _ = self
            .outgoing
            .send(Outgoing::Close(code, reason[..end].to_owned()))
            .await;
    }

    /// The browser session it belongs to ([`Cx::session_id`](crate::Cx::session_id)):
    /// push to it, keep state in it, run timers while this connection is
    /// open.
    pub fn session(&self) -> &Session {
        &self.session
    }
}

/// Whether an endpoint may send close code `code`.
fn sendable(code: u16) -> bool {
    matches!(code, 1000 | 1001 | 1003 | 1007..=1014 | 3000..=4999)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_codes_an_endpoint_may_send_go_out() {
        for ok in [1000, 1001, 1003, 1007, 1011, 3000, 4999] {
            assert!(sendable(ok), "{ok}");
        }
        for bad in [0, 999, 1002, 1004, 1005, 1006, 1015, 2999, 5000] {
            assert!(!sendable(bad), "{bad}");
        }
    }
}
