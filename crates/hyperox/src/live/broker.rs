//! Brokers carry messages between the instances of an app: the
//! in-process [`LocalBroker`] for one instance, and `RedisBroker` (feature
//! `redis`) for several.

use crate::live::message::{Message, To};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

/// A boxed future, `Send`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a broker hands the messages of every instance to this one.
pub type Deliver = Arc<dyn Fn(Message) + Send + Sync>;

/// A broker failed (Redis unreachable, say).
///
/// # Example
///
/// ```
/// let e = hyperox::live::Error::new("connection refused");
/// assert_eq!(e.to_string(), "realtime broker: connection refused");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl Error {
    /// An error saying `what`.
    pub fn new(what: impl Into<String>) -> Self {
        Self(what.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "realtime broker: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<Error> for crate::Rejection {
    fn from(e: Error) -> Self {
        tracing::warn!("{e}");
        crate::Rejection::new(
            http::StatusCode::SERVICE_UNAVAILABLE,
            "live updates are unavailable; try again in a moment",
        )
    }
}

/// The kept messages of a room after an id.
#[derive(Debug, Clone, PartialEq)]
pub enum Since {
    /// Every message after it, oldest first.
    Complete(Vec<Message>),
    /// Some messages after it are no longer kept; these are the ones that
    /// are, oldest first. The client should reload what the room shows.
    Gap(Vec<Message>),
}

/// Carries messages between instances, numbers and keeps the recent
/// messages of rooms, and knows who is in a room on any instance.
pub trait Broker: Send + Sync + 'static {
    /// Starts handing every message published on any instance (this one
    /// included) to `deliver`. The hub calls it once, inside a Tokio
    /// runtime.
    fn start(&self, deliver: Deliver);

    /// Publishes `message`. A room message gets the next id of its room
    /// and is kept among its last `history` messages when `history > 0`.
    fn publish(&self, message: Message, history: usize) -> BoxFuture<'_, Result<(), Error>>;

    /// The kept messages of `room` after id `after`.
    fn since(&self, room: &str, after: u64) -> BoxFuture<'_, Result<Since, Error>>;

    /// `member` is in `room` on this instance (from none before).
    fn join(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>>;

    /// `member` is no longer in `room` on this instance.
    fn leave(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>>;

    /// Who is in `room` on any instance, sorted, each once.
    fn members(&self, room: &str) -> BoxFuture<'_, Result<Vec<String>, Error>>;
}

/// The broker of a single instance: messages go straight to its hub.
///
/// # Example
///
/// ```
/// let hub = hyperox::live::Hub::new(hyperox::live::HubConfig::default());
/// assert_eq!(hub.stats().connections, 0);
/// ```
pub struct LocalBroker {
    deliver: OnceLock<Deliver>,
    state: Mutex<LocalState>,
    /// What the ids of a room count on from: the microseconds since 1970
    /// when the broker was made, so that the ids of a restarted server
    /// are greater than any a client saw before (its `Last-Event-ID`
    /// then shows a gap, not a resumption).
    first_id: u64,
}

impl Default for LocalBroker {
    fn default() -> Self {
        Self {
            deliver: OnceLock::new(),
            state: Mutex::default(),
            first_id: first_id(),
        }
    }
}

/// The microseconds since 1970, where a new run's ids count on from.
pub(crate) fn first_id() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX / 2))
}

impl fmt::Debug for LocalBroker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalBroker").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct LocalState {
    /// Per room: the last id given (the first is one more than the
    /// broker's `first_id`) and the kept messages.
    rooms: HashMap<String, (u64, VecDeque<Message>)>,
    /// Per room: who is in it.
    members: HashMap<String, HashMap<String, usize>>,
}

impl Broker for LocalBroker {
    fn start(&self, deliver: Deliver) {
        let _ = self.deliver.set(deliver);
    }

    fn publish(&self, mut message: Message, history: usize) -> BoxFuture<'_, Result<(), Error>> {
        if let (To::Room(room), true) = (&message.to, history > 0) {
            let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let first = self.first_id;
            let (last, kept) = state
                .rooms
                .entry(room.clone())
                .or_insert_with(|| (first, VecDeque::new()));
            *last += 1;
            message.id = Some(*last);
            kept.push_back(message.clone());
            while kept.len() > history {
                kept.pop_front();
            }
        }
        if let Some(deliver) = self.deliver.get() {
            deliver(message);
        }
        Box::pin(async { Ok(()) })
    }

    fn since(&self, room: &str, after: u64) -> BoxFuture<'_, Result<Since, Error>> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let since = match state.rooms.get(room) {
            None => since([].iter(), 0, after),
            Some((last, kept)) => since(kept.iter(), *last, after),
        };
        Box::pin(async { Ok(since) })
    }

    fn join(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        *state
            .members
            .entry(room.to_owned())
            .or_default()
            .entry(member.to_owned())
            .or_default() += 1;
        Box::pin(async { Ok(()) })
    }

    fn leave(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(members) = state.members.get_mut(room) {
            if let Some(n) = members.get_mut(member) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    members.remove(member);
                }
            }
            if members.is_empty() {
                state.members.remove(room);
            }
        }
        Box::pin(async { Ok(()) })
    }

    fn members(&self, room: &str) -> BoxFuture<'_, Result<Vec<String>, Error>> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let mut names: Vec<String> = state
            .members
            .get(room)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        Box::pin(async { Ok(names) })
    }
}

/// The messages of `kept` (oldest first) after `after`, and whether any
/// after it are missing; `last` is the last id the room gave.
pub(crate) fn since<'m>(
    kept: impl Iterator<Item = &'m Message> + Clone,
    last: u64,
    after: u64,
) -> Since {
    let oldest = kept.clone().find_map(|m| m.id);
    let after_it: Vec<Message> = kept
        .filter(|m| m.id.is_some_and(|id| id > after))
        .cloned()
        .collect();
    match oldest {
        // The client saw an id this room never gave: the history it knew
        // is gone (the server or the broker restarted).
        _ if after > last => Since::Gap(after_it),
        Some(first) if first > after + 1 => Since::Gap(after_it),
        _ => Since::Complete(after_it),
    }
}
