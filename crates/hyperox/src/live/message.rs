//! What travels from a publisher to the connections: a [`Message`] as the
//! brokers carry it, and the [`Frame`] each instance encodes once per
//! message for all its connections.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

/// Who a message is for.
///
/// # Example
///
/// ```
/// use hyperox::live::To;
/// assert_ne!(To::Room("lobby".into()), To::All);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum To {
    /// Every connection subscribed to the room.
    Room(String),
    /// Every connection of one browser session ([`Cx::session_id`](crate::Cx::session_id)).
    Session(String),
    /// Every connection.
    All,
}

/// What a message carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Payload {
    /// HTML swapped in by the client: its elements with `hx-swap-oob` or
    /// `<hx-partial>` go where they name.
    Html(String),
    /// A named event with its data: a DOM event on the element that
    /// opened the connection (`hx-on:NAME`, `hx-trigger="NAME"`).
    Event {
        /// The event's name.
        name: String,
        /// Its data (text; JSON by convention).
        data: String,
    },
    /// An event for the server-side handlers of a session (websockets),
    /// with its payload; never sent to a browser.
    Server {
        /// The event's name.
        name: String,
        /// Its payload.
        payload: serde_json::Value,
    },
}

/// A message as brokers carry it between instances.
///
/// # Example
///
/// ```
/// use hyperox::live::{Message, Payload, To};
/// let m = Message::new(To::Room("lobby".into()), Payload::Html("<p>hi</p>".into()));
/// assert_eq!(m.id, None);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who it is for.
    pub to: To,
    /// Its place in its room's history (given by the broker to room
    /// messages when rooms keep history); clients resume after it with
    /// `Last-Event-ID`.
    pub id: Option<u64>,
    /// What it carries.
    pub payload: Payload,
    /// A browser session or a page it is not for (the one whose change
    /// it tells the others of).
    #[serde(default)]
    pub except: Option<String>,
}

impl Message {
    /// A message for `to` carrying `payload`, without an id.
    pub fn new(to: To, payload: Payload) -> Self {
        Self {
            to,
            id: None,
            payload,
            except: None,
        }
    }
}

/// A message encoded for the wire once per instance: as a server-sent
/// event and as a websocket text message.
#[derive(Debug)]
pub(crate) struct Frame {
    /// Its room history id, if any.
    pub(crate) id: Option<u64>,
    /// `id:`, `event:` and `data:` lines and the blank line.
    pub(crate) sse: Bytes,
    /// The websocket text: the HTML itself, or for a named event a JSON
    /// object `{"event": name, "data": data}` (which the client does not
    /// swap).
    #[cfg_attr(not(feature = "live-ws"), allow(dead_code))]
    pub(crate) ws: Bytes,
    /// The server-sent event deflated on its own, made by the first
    /// compressed stream that sends it and shared by the rest.
    gzip: std::sync::OnceLock<crate::live::gzip::Block>,
}

impl Frame {
    /// The frame of `message`; `None` for server events.
    pub(crate) fn new(message: &Message) -> Option<Self> {
        let mut sse = String::new();
        if let Some(id) = message.id {
            sse.push_str("id: ");
            sse.push_str(&id.to_string());
            sse.push('\n');
        }
        let (event, data) = match &message.payload {
            Payload::Html(html) => (None, html.as_str()),
            Payload::Event { name, data } => (Some(name.as_str()), data.as_str()),
            Payload::Server { .. } => return None,
        };
        if let Some(name) = event {
            sse.push_str("event: ");
            sse.push_str(&one_line(name));
            sse.push('\n');
        }
        data_lines(&mut sse, data);
        let ws = match event {
            None => Bytes::from(data.to_owned()),
            Some(name) => {
                Bytes::from(serde_json::json!({ "event": name, "data": data }).to_string())
            }
        };
        Some(Self {
            id: message.id,
            sse: Bytes::from(sse),
            ws,
            gzip: std::sync::OnceLock::new(),
        })
    }

    /// The server-sent event as a gzip block, compressed once.
    pub(crate) fn gzip_block(&self) -> &crate::live::gzip::Block {
        self.gzip
            .get_or_init(|| crate::live::gzip::Block::new(&self.sse))
    }
}

/// `data` as `data:` lines (one per line of it) and the blank line that
/// ends an event.
pub(crate) fn data_lines(out: &mut String, data: &str) {
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.strip_suffix('\r').unwrap_or(line));
        out.push('\n');
    }
    out.push('\n');
}

/// `text` without line breaks (an event name or id on one line).
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_data_lines_and_the_websocket_text_is_the_html() {
        let mut m = Message::new(
            To::Room("r".into()),
            Payload::Html("<p>a</p>\n<p>b</p>".into()),
        );
        m.id = Some(7);
        let f = Frame::new(&m).unwrap();
        assert_eq!(
            &f.sse[..],
            b"id: 7\ndata: <p>a</p>\ndata: <p>b</p>\n\n".as_slice()
        );
        assert_eq!(&f.ws[..], b"<p>a</p>\n<p>b</p>".as_slice());
    }

    #[test]
    fn a_named_event_cannot_break_out_of_its_line() {
        let m = Message::new(
            To::All,
            Payload::Event {
                name: "tick\ndata: x".into(),
                data: "1\r\n2".into(),
            },
        );
        let f = Frame::new(&m).unwrap();
        assert_eq!(
            &f.sse[..],
            b"event: tick data: x\ndata: 1\ndata: 2\n\n".as_slice()
        );
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&f.ws).unwrap(),
            serde_json::json!({"event": "tick\ndata: x", "data": "1\r\n2"})
        );
    }

    #[test]
    fn server_events_have_no_frame() {
        let m = Message::new(
            To::Session("s".into()),
            Payload::Server {
                name: "n".into(),
                payload: serde_json::json!(1),
            },
        );
        assert!(Frame::new(&m).is_none());
    }
}
