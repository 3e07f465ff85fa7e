//! Sessions in SQLite (feature `session-sqlite`): a file that outlives
//! restarts, for one instance or several on one machine.

use super::store::{Change, Record, SessionStore, StoreError, StoreFuture};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The tables, made when missing: a session's row, and one row per
/// value, so that a save writes the keys it changed and no others.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS hyperox_sessions (
    id TEXT PRIMARY KEY,
    user TEXT,
    created INTEGER NOT NULL,
    seen INTEGER NOT NULL,
    expires INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hyperox_sessions_user ON hyperox_sessions (user);
CREATE INDEX IF NOT EXISTS hyperox_sessions_expires ON hyperox_sessions (expires);
CREATE TABLE IF NOT EXISTS hyperox_session_values (
    id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (id, key)
) WITHOUT ROWID;
";

/// Sessions in an SQLite database (the app's own file, or one of their
/// own), in the tables `hyperox_sessions` and `hyperox_session_values`.
///
/// # Example
///
/// ```
/// use hyperox::session::{Sessions, SqliteStore};
///
/// let dir = std::env::temp_dir().join(format!("hyperox-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let store = SqliteStore::open(dir.join("sessions.db")).unwrap();
/// hyperox::App::new(()).sessions(Sessions::new(store));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("SQLite: {e}"))
}

impl SqliteStore {
    /// Opens (or makes) the database at `path`, in WAL mode, with the
    /// tables.
    ///
    /// # Errors
    ///
    /// A file that cannot be opened or is not an SQLite database.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        Self::with_connection(conn)
    }

    /// Uses `conn` (an in-memory database, say), making the tables.
    ///
    /// # Errors
    ///
    /// The tables cannot be made.
    pub fn with_connection(conn: Connection) -> Result<Self, StoreError> {
        conn.execute_batch(SCHEMA).map_err(err)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` on the connection off the async threads.
    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> StoreFuture<'static, T> {
        let conn = self.conn.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut conn = conn.lock().unwrap_or_else(|e| e.into_inner());
                f(&mut conn).map_err(err)
            })
            .await
            .map_err(err)?
        })
    }
}

impl SessionStore for SqliteStore {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Record>> {
        let id = id.to_owned();
        let now = super::unix_now() as i64;
        self.run(move |conn| {
            let row = conn
                .query_row(
                    "SELECT user, created, seen FROM hyperox_sessions WHERE id = ?1 AND expires > ?2",
                    params![id, now],
                    |r| {
                        Ok(Record {
                            user: r.get(0)?,
                            created: r.get::<_, i64>(1)? as u64,
                            seen: r.get::<_, i64>(2)? as u64,
                            ..Record::default()
                        })
                    },
                )
                .optional()?;
            let Some(mut record) = row else {
                return Ok(None);
            };
            let mut values =
                conn.prepare_cached("SELECT key, value FROM hyperox_session_values WHERE id = ?1")?;
            for kv in values.query_map([&id], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (k, v) = kv?;
                record.values.insert(k, v);
            }
            Ok(Some(record))
        })
    }

    fn save<'a>(&'a self, id: &'a str, change: &'a Change) -> StoreFuture<'a, ()> {
        let id = id.to_owned();
        let change = change.clone();
        self.run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let (user_set, user) = match &change.user {
                Some(u) => (true, u.clone()),
                None => (false, None),
            };
            tx.execute(
                "INSERT INTO hyperox_sessions (id, user, created, seen, expires)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET
                     user = CASE WHEN ?6 THEN excluded.user ELSE hyperox_sessions.user END,
                     seen = excluded.seen,
                     expires = excluded.expires",
                params![
                    id,
                    user,
                    change.created as i64,
                    change.seen as i64,
                    change.expires as i64,
                    user_set
                ],
            )?;
            for (k, v) in &change.values {
                match v {
                    Some(v) => tx.execute(
                        "INSERT INTO hyperox_session_values (id, key, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (id, key) DO UPDATE SET value = excluded.value",
                        params![id, k, v],
                    )?,
                    None => tx.execute(
                        "DELETE FROM hyperox_session_values WHERE id = ?1 AND key = ?2",
                        params![id, k],
                    )?,
                };
            }
            tx.commit()
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        let id = id.to_owned();
        self.run(move |conn| {
            let tx = conn.transaction()?;
            tx.execute("DELETE FROM hyperox_session_values WHERE id = ?1", [&id])?;
            tx.execute("DELETE FROM hyperox_sessions WHERE id = ?1", [&id])?;
            tx.commit()
        })
    }

    fn delete_user<'a>(&'a self, user: &'a str) -> StoreFuture<'a, u64> {
        let user = user.to_owned();
        let now = super::unix_now() as i64;
        self.run(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "DELETE FROM hyperox_session_values WHERE id IN
                     (SELECT id FROM hyperox_sessions WHERE user = ?1)",
                [&user],
            )?;
            let n = tx.execute("DELETE FROM hyperox_sessions WHERE user = ?1", [&user])?;
            // Expired sessions go now and then with a sign-out.
            tx.execute(
                "DELETE FROM hyperox_session_values WHERE id IN
                     (SELECT id FROM hyperox_sessions WHERE expires <= ?1)",
                [now],
            )?;
            tx.execute("DELETE FROM hyperox_sessions WHERE expires <= ?1", [now])?;
            tx.commit()?;
            Ok(n as u64)
        })
    }
}
