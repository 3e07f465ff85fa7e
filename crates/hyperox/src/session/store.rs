//! Where sessions are kept: the [`SessionStore`] trait and the
//! in-process [`MemoryStore`].

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

/// A future a store returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store that could not be reached or refused a read or write. A
/// request that meets one is answered 503: nobody is signed in as
/// someone else and no session is dropped silently.
#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "session store: {}", self.0)
    }
}

impl std::error::Error for StoreError {}

/// A session as stored: its values (JSON text by key), the user signed
/// in, and when it was made and last seen (seconds since the Unix
/// epoch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// The values, as JSON text, by key.
    pub values: BTreeMap<String, String>,
    /// The user signed in, if any.
    pub user: Option<String>,
    /// When the session was made.
    pub created: u64,
    /// When a request of the session was last seen.
    pub seen: u64,
}

/// What one request changed in a session: only these keys are written,
/// so that two requests of one session that change different keys both
/// keep their change. Two that change the same key: the last to finish
/// wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// Keys set (to JSON text) or removed (`None`).
    pub values: BTreeMap<String, Option<String>>,
    /// The user signed in (`Some(None)`: signed out), when it changed.
    pub user: Option<Option<String>>,
    /// When the session was made (written when it is new).
    pub created: u64,
    /// When it was seen.
    pub seen: u64,
    /// When the store may forget it (seconds since the epoch): the
    /// earlier of its idle and absolute limits.
    pub expires: u64,
}

impl Change {
    /// Applies the change to `record`.
    pub fn apply_to(&self, record: &mut Record) {
        for (k, v) in &self.values {
            match v {
                Some(v) => {
                    record.values.insert(k.clone(), v.clone());
                }
                None => {
                    record.values.remove(k);
                }
            }
        }
        if let Some(user) = &self.user {
            record.user.clone_from(user);
        }
        if record.created == 0 {
            record.created = self.created;
        }
        record.seen = self.seen;
    }
}

/// Where sessions are kept, by the hash of their id (the id itself is
/// never stored: a copy of the store signs nobody in).
///
/// # Example
///
/// ```
/// use hyperox::session::{Change, MemoryStore, SessionStore};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let store = MemoryStore::new();
/// let mut change = Change { created: 1, seen: 1, expires: u64::MAX, ..Change::default() };
/// change.values.insert("theme".into(), Some("\"dark\"".into()));
/// store.save("hash", &change).await.unwrap();
/// let record = store.load("hash").await.unwrap().unwrap();
/// assert_eq!(record.values["theme"], "\"dark\"");
/// # });
/// ```
pub trait SessionStore: Send + Sync + 'static {
    /// The session stored under `id`, if any.
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Record>>;

    /// Writes `change` to the session under `id`, making it if it is not
    /// there: the keys it names and no others.
    fn save<'a>(&'a self, id: &'a str, change: &'a Change) -> StoreFuture<'a, ()>;

    /// Forgets the session under `id`.
    fn delete<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()>;

    /// Forgets every session of `user` ("log out everywhere"); how many.
    fn delete_user<'a>(&'a self, user: &'a str) -> StoreFuture<'a, u64>;
}

/// Sessions in this process: fast, and gone on restart (one instance
/// only; several need a shared store).
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<String, (Record, u64)>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many sessions it holds (expired ones included until they are
    /// read or swept).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Record, u64)>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SessionStore for MemoryStore {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Record>> {
        let now = super::unix_now();
        let mut map = self.lock();
        let found = match map.get(id) {
            Some((_, expires)) if *expires <= now => {
                map.remove(id);
                None
            }
            Some((record, _)) => Some(record.clone()),
            None => None,
        };
        Box::pin(std::future::ready(Ok(found)))
    }

    fn save<'a>(&'a self, id: &'a str, change: &'a Change) -> StoreFuture<'a, ()> {
        let mut map = self.lock();
        let entry = map.entry(id.to_owned()).or_default();
        change.apply_to(&mut entry.0);
        entry.1 = change.expires;
        // Sweep now and then: a store that is only written still forgets.
        if map.len().is_multiple_of(1024) {
            let now = super::unix_now();
            map.retain(|_, (_, expires)| *expires > now);
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn delete<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        self.lock().remove(id);
        Box::pin(std::future::ready(Ok(())))
    }

    fn delete_user<'a>(&'a self, user: &'a str) -> StoreFuture<'a, u64> {
        let mut map = self.lock();
        let before = map.len();
        map.retain(|_, (r, _)| r.user.as_deref() != Some(user));
        let n = (before - map.len()) as u64;
        Box::pin(std::future::ready(Ok(n)))
    }
}
