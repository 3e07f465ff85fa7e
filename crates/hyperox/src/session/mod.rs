//! Server-side sessions (feature `session`): values kept for one
//! browser across requests, in a store of the app's choosing, reached
//! with [`Cx::session`](crate::Cx::session).
//!
//! - The id is 256 random bits, sent in a cookie and stored only as its
//!   SHA-256: a copy of the store signs nobody in. The cookie is
//!   `HttpOnly`, `SameSite=Lax` (configurable), has no `Max-Age` (it ends
//!   with the browser), and over HTTPS is `__Host-`-prefixed and `Secure`.
//! - A session is made only when a request writes to it: a visitor who
//!   never does gets no cookie and no stored row.
//! - It ends after an idle time and an absolute time (30 minutes and 12
//!   hours unless set), checked on the server.
//! - A request saves once, after its handler, and only what it changed:
//!   two requests of one session that change different keys keep both
//!   changes; on the same key the last to finish wins. A save that fails
//!   answers 503 instead of the handler's answer.
//! - [`Session::sign_in`] and [`Session::sign_out`] change the id (no
//!   fixation); [`Sessions::sign_out_everywhere`] forgets every session
//!   of a user.
//! - [`Session::flash`] keeps a message for the next page only (the
//!   staple of a form posted without JavaScript and redirected).
//!
//! # Example
//!
//! ```
//! use hyperox::{App, Cx, Partial};
//! use hyperox::session::{MemoryStore, Sessions};
//! use hyperox::test::Client;
//!
//! async fn visit(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
//!     let session = cx.session().await?;
//!     let n = session.get::<u32>("visits").unwrap_or(0) + 1;
//!     session.insert("visits", &n);
//!     Ok(Partial::new(n.to_string()))
//! }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let mut app = App::new(());
//! app.sessions(Sessions::new(MemoryStore::new()));
//! app.page("/", visit).unwrap();
//! let client = Client::new(app);
//! assert_eq!(client.get("/").await.text(), "1");
//! assert_eq!(client.get("/").await.text(), "2");
//! # });
//! ```

#[cfg(feature = "session-postgres")]
mod postgres;
#[cfg(feature = "session-redis")]
mod redis;
mod remember;
#[cfg(feature = "session-sqlite")]
mod sqlite;
mod store;

#[cfg(feature = "session-postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "session-redis")]
pub use redis::RedisStore;
#[cfg(feature = "session-sqlite")]
pub use sqlite::SqliteStore;
pub use store::{Change, MemoryStore, Record, SessionStore, StoreError, StoreFuture};

use crate::cookie::{SameSite, SetCookie};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Digest;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The key flash messages are kept under.
const FLASH: &str = "_flash";

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The app's sessions: their store, limits and cookie.
///
/// # Example
///
/// ```
/// use hyperox::session::{MemoryStore, Sessions};
/// use std::time::Duration;
///
/// let sessions = Sessions::new(MemoryStore::new())
///     .idle(Duration::from_secs(15 * 60))
///     .absolute(Duration::from_secs(8 * 3600));
/// hyperox::App::new(()).sessions(sessions);
/// ```
#[derive(Clone)]
pub struct Sessions {
    store: Arc<dyn SessionStore>,
    idle: Duration,
    absolute: Duration,
    same_site: SameSite,
    /// The cookie's name over HTTP and over HTTPS (`__Host-`).
    names: [&'static str; 2],
    sign_in_page: String,
    remember_for: Duration,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("idle", &self.idle)
            .field("absolute", &self.absolute)
            .field("same_site", &self.same_site)
            .finish_non_exhaustive()
    }
}

impl Sessions {
    /// Sessions kept in `store`, ending after 30 minutes idle or 12 hours
    /// in all.
    pub fn new(store: impl SessionStore) -> Self {
        Self::with_store(Arc::new(store))
    }

    /// Sessions kept in a store shared with other code.
    pub fn with_store(store: Arc<dyn SessionStore>) -> Self {
        Self {
            store,
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 3600),
            same_site: SameSite::Lax,
            names: ["hyperox_session", "__Host-hyperox_session"],
            sign_in_page: "/login".to_owned(),
            remember_for: Duration::from_secs(30 * 24 * 3600),
            clock: Arc::new(unix_now),
        }
    }

    /// Ends a session after `idle` without a request.
    pub fn idle(mut self, idle: Duration) -> Self {
        self.idle = idle;
        self
    }

    /// Ends a session `absolute` after it was made, however busy.
    pub fn absolute(mut self, absolute: Duration) -> Self {
        self.absolute = absolute;
        self
    }

    /// The cookie's `SameSite` (`Lax` unless set; `Strict` keeps a
    /// session from links followed from other sites too).
    pub fn same_site(mut self, same_site: SameSite) -> Self {
        self.same_site = same_site;
        self
    }

    /// Reads the time (seconds since the Unix epoch) from `clock` instead
    /// of the system's: for tests of expiry.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::session::{MemoryStore, Sessions};
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let now = Arc::new(AtomicU64::new(1_000_000));
    /// let clock = now.clone();
    /// let sessions = Sessions::new(MemoryStore::new())
    ///     .clock(move || clock.load(Ordering::Relaxed));
    /// now.fetch_add(3600, Ordering::Relaxed); // an hour later
    /// # let _ = sessions;
    /// ```
    pub fn clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// How long a remember-me token lasts unused (30 days unless set).
    pub fn remember_for(mut self, time: Duration) -> Self {
        self.remember_for = time;
        self
    }

    /// The page that signs a user in (`/login` unless set), where
    /// [`SignedIn`](crate::auth::SignedIn) sends everyone else.
    pub fn sign_in_page(mut self, path: &str) -> Self {
        path.clone_into(&mut self.sign_in_page);
        self
    }

    /// The sign-in page's path.
    pub fn sign_in_page_path(&self) -> &str {
        &self.sign_in_page
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// Forgets every session of `user` (after a password change, or
    /// "log out everywhere"); how many there were.
    ///
    /// # Errors
    ///
    /// The store's.
    pub async fn sign_out_everywhere(&self, user: &str) -> Result<u64, StoreError> {
        self.store.delete_user(user).await
    }

    /// The cookie's name: `__Host-` first over HTTPS.
    pub(crate) fn cookie_name(&self, https: bool) -> &'static str {
        self.names[usize::from(https)]
    }

    /// The session a request's cookies name, if it is live (an expired
    /// one is forgotten); else, with a remember-me token, a new session of
    /// the user it remembers.
    pub(crate) async fn open(
        &self,
        headers: &http::HeaderMap,
        https: bool,
    ) -> Result<Session, StoreError> {
        let now = (self.clock)();
        let remembered = crate::cookie::get(headers, remember::cookie_name(https));
        let series = remembered
            .as_deref()
            .and_then(remember::parse)
            .map(|(series, _)| series.to_owned());
        if let Some(id) = request_id(self, https, headers) {
            let hash = hash_of(&id);
            if let Some(record) = self.store.load(&hash).await? {
                let idle = now.saturating_sub(record.seen) > self.idle.as_secs();
                let old = now.saturating_sub(record.created) > self.absolute.as_secs();
                if !idle && !old {
                    let mut session = Session::existing(hash, record);
                    session.series = series;
                    return Ok(session);
                }
                self.store.delete(&hash).await?;
            }
        }
        let mut session = Session::fresh();
        if let Some(value) = remembered {
            session.remember = match self.recall(&value, now).await? {
                remember::Found::User { series, user } => {
                    session.user = Some(Some(user));
                    remember::Action::Rotate(series)
                }
                remember::Found::Again { user } => {
                    session.user = Some(Some(user));
                    remember::Action::Keep
                }
                remember::Found::Nothing => remember::Action::Forget(None),
            };
        }
        Ok(session)
    }

    /// Saves what the request changed; the cookies to set and the new id
    /// (`Some(None)`: the session is gone), if it changed.
    pub(crate) async fn finish(
        &self,
        mut session: Session,
        https: bool,
    ) -> Result<Finished, StoreError> {
        let remember = std::mem::replace(&mut session.remember, remember::Action::Keep);
        if remember == remember::Action::Keep {
            return self.finish_session(session, https).await;
        }
        let user = session.user().map(str::to_owned);
        let mut out = self.finish_session(session, https).await?;
        if let Some(cookie) = self.finish_remember(remember, user, https).await? {
            out.cookies.push(cookie);
        }
        Ok(out)
    }

    /// [`finish`](Self::finish) for the session itself.
    async fn finish_session(&self, session: Session, https: bool) -> Result<Finished, StoreError> {
        let now = (self.clock)();
        let name = self.cookie_name(https);
        let cookie = |value: String| {
            SetCookie::new(name, value)
                .path("/")
                .http_only(true)
                .secure(https)
                .same_site(self.same_site)
        };
        let Session {
            hash,
            record,
            changes,
            user,
            rotate,
            destroy,
            ..
        } = session;
        if destroy {
            if let Some(hash) = &hash {
                self.store.delete(hash).await?;
                return Ok(Finished::new(
                    Some(SetCookie::remove(name).path("/").secure(https)),
                    Some(None),
                ));
            }
            return Ok(Finished::default());
        }
        let changed = !changes.is_empty() || user.is_some();
        let created = if hash.is_some() { record.created } else { now };
        let expires = (now + self.idle.as_secs()).min(created + self.absolute.as_secs());
        // Seen again: written when a tenth of the idle time has passed,
        // not on every request.
        let stale = now.saturating_sub(record.seen) >= (self.idle.as_secs() / 10).max(1);
        match hash {
            Some(old) if rotate => {
                // The same session under a new id: every value is written
                // to the new id, the old one is forgotten.
                let mut values: BTreeMap<String, Option<String>> = record
                    .values
                    .iter()
                    .map(|(k, v)| (k.clone(), Some(v.clone())))
                    .collect();
                values.extend(changes);
                let (id, hash) = new_id();
                let change = Change {
                    values,
                    user: Some(user.unwrap_or(record.user)),
                    created,
                    seen: now,
                    expires,
                };
                self.store.save(&hash, &change).await?;
                self.store.delete(&old).await?;
                Ok(Finished::new(Some(cookie(id.clone())), Some(Some(id))))
            }
            Some(hash) if changed || stale => {
                let change = Change {
                    values: changes,
                    user,
                    created,
                    seen: now,
                    expires,
                };
                self.store.save(&hash, &change).await?;
                Ok(Finished::default())
            }
            Some(_) => Ok(Finished::default()),
            None if changed => {
                let (id, hash) = new_id();
                let change = Change {
                    values: changes,
                    user,
                    created,
                    seen: now,
                    expires,
                };
                self.store.save(&hash, &change).await?;
                Ok(Finished::new(Some(cookie(id.clone())), Some(Some(id))))
            }
            None => Ok(Finished::default()),
        }
    }
}

/// What saving a session did.
#[derive(Debug, Default)]
pub(crate) struct Finished {
    /// The cookies to set.
    pub(crate) cookies: Vec<SetCookie>,
    /// The session's new id (`Some(None)`: it is gone), if it changed.
    pub(crate) new_id: Option<Option<String>>,
}

impl Finished {
    fn new(cookie: Option<SetCookie>, new_id: Option<Option<String>>) -> Self {
        Self {
            cookies: cookie.into_iter().collect(),
            new_id,
        }
    }
}

/// The CSRF token of the session whose cookie holds `id`: an HMAC of
/// the id's hash under the app's key. A token is valid only for the
/// session it was given to: one taken from the app by someone else (and
/// planted with its cookie in a victim's browser) names another session.
pub(crate) fn csrf_token(signer: &crate::csrf::Signer, id: &str) -> String {
    format!("s.{}", signer.derive("session csrf", &hash_of(id)))
}

/// The session id a request's cookie holds, if it has an id's shape.
pub(crate) fn request_id(
    sessions: &Sessions,
    https: bool,
    headers: &http::HeaderMap,
) -> Option<String> {
    crate::cookie::get(headers, sessions.cookie_name(https)).filter(|id| is_id(id))
}

/// A new id and its hash.
fn new_id() -> (String, String) {
    let id = crate::csrf::hex(&crate::csrf::random_bytes::<32>());
    let hash = hash_of(&id);
    (id, hash)
}

/// Whether `id` has the shape of an id this app made (64 hex digits):
/// anything else is not looked up.
fn is_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The SHA-256 of an id, hex: what the store keeps.
fn hash_of(id: &str) -> String {
    crate::csrf::hex(&sha2::Sha256::digest(id.as_bytes()))
}

/// One request's view of its session: read it, change it; the changes
/// are saved after the handler.
#[derive(Debug)]
pub struct Session {
    /// The stored session's hash; none for one not yet made.
    hash: Option<String>,
    record: Record,
    changes: BTreeMap<String, Option<String>>,
    user: Option<Option<String>>,
    rotate: bool,
    destroy: bool,
    /// The remember-me series of the request's cookie, if any.
    series: Option<String>,
    /// What to do with the remember-me token.
    remember: remember::Action,
}

impl Session {
    fn fresh() -> Self {
        Self {
            hash: None,
            record: Record::default(),
            changes: BTreeMap::new(),
            user: None,
            rotate: false,
            destroy: false,
            series: None,
            remember: remember::Action::Keep,
        }
    }

    fn existing(hash: String, record: Record) -> Self {
        Self {
            hash: Some(hash),
            record,
            ..Self::fresh()
        }
    }

    /// Whether the session is stored already (a request wrote to it
    /// before).
    pub fn is_stored(&self) -> bool {
        self.hash.is_some()
    }

    /// The value under `key`, if there is one of type `T`.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let text = match self.changes.get(key) {
            Some(changed) => changed.as_deref()?,
            None if self.destroy => return None,
            None => self.record.values.get(key)?,
        };
        serde_json::from_str(text).ok()
    }

    /// Keeps `value` under `key`.
    ///
    /// # Panics
    ///
    /// When `value` cannot be written as JSON (a map with keys that are
    /// not strings).
    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        let text = serde_json::to_string(value).expect("a session value is written as JSON");
        self.changes.insert(key.to_owned(), Some(text));
        self.destroy = false;
    }

    /// Forgets the value under `key`; whether there was one.
    pub fn remove(&mut self, key: &str) -> bool {
        let had = match self.changes.get(key) {
            Some(v) => v.is_some(),
            None => self.record.values.contains_key(key),
        };
        if had {
            self.changes.insert(key.to_owned(), None);
        }
        had
    }

    /// The user signed in, if any.
    pub fn user(&self) -> Option<&str> {
        if self.destroy {
            return None;
        }
        match &self.user {
            Some(u) => u.as_deref(),
            None => self.record.user.as_deref(),
        }
    }

    /// Signs `user` in: the session gets a new id (an id planted before
    /// sign-in is worth nothing after it).
    pub fn sign_in(&mut self, user: &str) {
        self.user = Some(Some(user.to_owned()));
        self.rotate = true;
        self.destroy = false;
    }

    /// Keeps this browser signed in past the session ("remember me"): a
    /// long-lived token in a cookie of its own
    /// ([`Sessions::remember_for`], 30 days unless set), which signs the
    /// user in again when the session has ended. The token changes each
    /// time it is used; an old one used again (a stolen copy) signs the
    /// user out everywhere. Signing out forgets it. Call it with
    /// [`sign_in`](Self::sign_in).
    pub fn remember(&mut self) {
        self.remember = remember::Action::New;
    }

    /// Signs out: the session and its values are forgotten, and its
    /// cookie removed (a copy of the cookie taken before is refused
    /// after).
    pub fn sign_out(&mut self) {
        self.destroy();
    }

    /// Gives the session a new id, keeping its values (after any change
    /// of privilege).
    pub fn rotate(&mut self) {
        self.rotate = true;
    }

    /// Forgets the session and its values.
    pub fn destroy(&mut self) {
        self.destroy = true;
        self.changes.clear();
        self.user = None;
        self.rotate = false;
        self.remember = remember::Action::Forget(self.series.clone());
    }

    /// Keeps `message` for the next page that takes the flash messages
    /// ([`take_flash`](Self::take_flash)), once.
    pub fn flash(&mut self, message: impl Into<String>) {
        let mut list: Vec<String> = self.get(FLASH).unwrap_or_default();
        list.push(message.into());
        self.insert(FLASH, &list);
    }

    /// The flash messages kept for this page, spent.
    pub fn take_flash(&mut self) -> Vec<String> {
        let list: Vec<String> = self.get(FLASH).unwrap_or_default();
        if !list.is_empty() {
            self.remove(FLASH);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ids_of_the_right_shape_are_looked_up() {
        let (id, hash) = new_id();
        assert!(is_id(&id));
        assert_ne!(id, hash, "the store keeps the hash, not the id");
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(63), &"a".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_removed_key_reads_as_missing_and_a_flash_is_read_once() {
        let mut record = Record::default();
        record.values.insert("a".into(), "1".into());
        let mut s = Session::existing("h".into(), record);
        assert_eq!(s.get::<u32>("a"), Some(1));
        assert!(s.remove("a"));
        assert_eq!(s.get::<u32>("a"), None);
        assert!(!s.remove("a"));
        s.flash("saved");
        s.flash("twice");
        assert_eq!(s.take_flash(), ["saved", "twice"]);
        assert!(s.take_flash().is_empty());
    }
}
