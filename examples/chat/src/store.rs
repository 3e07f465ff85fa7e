//! The chat's history: rooms and their messages, in SQLite (one file, the
//! default) or PostgreSQL (`DATABASE_URL`), which several instances share.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Its id: later messages have greater ones.
    pub id: i64,
    /// The room it was sent to.
    pub room: String,
    /// Who sent it.
    pub author: String,
    /// What it says.
    pub body: String,
    /// When it was stored, in seconds since 1970 (UTC).
    pub at: i64,
}

/// How many messages a room page shows.
pub const RECENT: usize = 100;

/// What a store call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The database cannot be reached or is busy: nothing was stored.
    Unavailable(String),
    /// The database refused the call.
    Failed(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(e) => write!(f, "the message store is unavailable: {e}"),
            Self::Failed(e) => write!(f, "the message store failed: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Self::Unavailable(e.to_string())
            }
            _ => Self::Failed(e.to_string()),
        }
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.is_closed() || e.as_db_error().is_none() {
            Self::Unavailable(e.to_string())
        } else {
            Self::Failed(e.to_string())
        }
    }
}

impl From<Error> for hyperox::Rejection {
    /// A store that cannot be reached is a 503 that asks the client to try
    /// again; a refusal a 500. The details go to the log only.
    fn from(e: Error) -> Self {
        tracing::error!("{e}");
        match e {
            Error::Unavailable(_) => {
                Self::unavailable("The chat cannot store messages just now; try again.", 2)
            }
            Error::Failed(_) => Self::new(
                hyperox::http::StatusCode::INTERNAL_SERVER_ERROR,
                "The message could not be stored.",
            ),
        }
    }
}

/// The history, shared by every request (clones are the same store).
#[derive(Clone)]
pub struct Store {
    inner: Arc<Backend>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Backend::Sqlite { path, .. } => write!(f, "Store(sqlite {})", path.display()),
            Backend::Postgres(_) => f.write_str("Store(postgres)"),
        }
    }
}

enum Backend {
    Sqlite {
        path: PathBuf,
        conn: Arc<Mutex<rusqlite::Connection>>,
    },
    Postgres(Box<hyperox::postgres::Reconnecting>),
}

const SQLITE_SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS rooms (
        name TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    );
    CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room TEXT NOT NULL REFERENCES rooms (name),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        at INTEGER NOT NULL DEFAULT (unixepoch())
    );
    CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room, id);
    INSERT OR IGNORE INTO rooms (name) VALUES ('general'), ('random');
";

/// Run in one transaction under an advisory lock, so that instances
/// starting together do not race to create the tables.
const POSTGRES_SCHEMA: &str = "
    BEGIN;
    SELECT pg_advisory_xact_lock(7265746);
    CREATE TABLE IF NOT EXISTS rooms (
        name TEXT PRIMARY KEY,
        created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS messages (
        id BIGSERIAL PRIMARY KEY,
        room TEXT NOT NULL REFERENCES rooms (name),
        author TEXT NOT NULL,
        body TEXT NOT NULL,
        at BIGINT NOT NULL DEFAULT extract(epoch FROM now())::bigint
    );
    CREATE INDEX IF NOT EXISTS messages_by_room ON messages (room, id);
    INSERT INTO rooms (name) VALUES ('general'), ('random') ON CONFLICT DO NOTHING;
    COMMIT;
";

impl Store {
    /// The SQLite database in the file `path` (made and migrated when
    /// new).
    ///
    /// # Errors
    ///
    /// The file cannot be opened or migrated.
    pub fn sqlite(path: &Path) -> Result<Self, Error> {
        let conn = rusqlite::Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(SQLITE_SCHEMA)?;
        Ok(Self {
            inner: Arc::new(Backend::Sqlite {
                path: path.to_owned(),
                conn: Arc::new(Mutex::new(conn)),
            }),
        })
    }

    /// The PostgreSQL database `url` names (`postgres://user@host/db`),
    /// migrated when new.
    ///
    /// # Errors
    ///
    /// The address is malformed, the server cannot be reached, or the
    /// migration is refused.
    pub async fn postgres(url: &str) -> Result<Self, Error> {
        let pg = hyperox::postgres::Reconnecting::new(url)
            .map_err(|e| Error::Failed(format!("DATABASE_URL: {e}")))?;
        pg.client().await?.batch_execute(POSTGRES_SCHEMA).await?;
        Ok(Self {
            inner: Arc::new(Backend::Postgres(Box::new(pg))),
        })
    }

    /// Every room's name, in order.
    ///
    /// # Errors
    ///
    /// The database failed.
    pub async fn rooms(&self) -> Result<Vec<String>, Error> {
        match &*self.inner {
            Backend::Sqlite { conn, .. } => {
                sqlite(conn, |c| {
                    let mut q = c.prepare_cached("SELECT name FROM rooms ORDER BY name")?;
                    let rows = q.query_map([], |r| r.get(0))?;
                    rows.collect()
                })
                .await
            }
            Backend::Postgres(pg) => {
                let rows = pg
                    .client()
                    .await?
                    .query("SELECT name FROM rooms ORDER BY name", &[])
                    .await?;
                Ok(rows.iter().map(|r| r.get(0)).collect())
            }
        }
    }

    /// Whether room `name` exists.
    ///
    /// # Errors
    ///
    /// The database failed.
    pub async fn has_room(&self, name: &str) -> Result<bool, Error> {
        match &*self.inner {
            Backend::Sqlite { conn, .. } => {
                let name = name.to_owned();
                sqlite(conn, move |c| {
                    let mut q = c.prepare_cached("SELECT 1 FROM rooms WHERE name = ?1")?;
                    q.exists([name])
                })
                .await
            }
            Backend::Postgres(pg) => {
                let row = pg
                    .client()
                    .await?
                    .query_opt("SELECT 1 FROM rooms WHERE name = $1", &[&name])
                    .await?;
                Ok(row.is_some())
            }
        }
    }

    /// Makes room `name`; false when it was there already.
    ///
    /// # Errors
    ///
    /// The database failed.
    pub async fn create_room(&self, name: &str) -> Result<bool, Error> {
        match &*self.inner {
            Backend::Sqlite { conn, .. } => {
                let name = name.to_owned();
                sqlite(conn, move |c| {
                    c.execute("INSERT OR IGNORE INTO rooms (name) VALUES (?1)", [name])
                        .map(|n| n == 1)
                })
                .await
            }
            Backend::Postgres(pg) => {
                let n = pg
                    .client()
                    .await?
                    .execute(
                        "INSERT INTO rooms (name) VALUES ($1) ON CONFLICT DO NOTHING",
                        &[&name],
                    )
                    .await?;
                Ok(n == 1)
            }
        }
    }

    /// Stores a message from `author` in `room` (which exists).
    ///
    /// # Errors
    ///
    /// The database failed: the message was not stored.
    pub async fn post(&self, room: &str, author: &str, body: &str) -> Result<Message, Error> {
        let (id, at) = match &*self.inner {
            Backend::Sqlite { conn, .. } => {
                let (room, author, body) = (room.to_owned(), author.to_owned(), body.to_owned());
                sqlite(conn, move |c| {
                    let mut q = c.prepare_cached(
                        "INSERT INTO messages (room, author, body) VALUES (?1, ?2, ?3) RETURNING id, at",
                    )?;
                    q.query_row([room, author, body], |r| Ok((r.get(0)?, r.get(1)?)))
                })
                .await?
            }
            Backend::Postgres(pg) => {
                let row = pg
                    .client()
                    .await?
                    .query_one(
                        "INSERT INTO messages (room, author, body) VALUES ($1, $2, $3) RETURNING id, at",
                        &[&room, &author, &body],
                    )
                    .await?;
                (row.get(0), row.get(1))
            }
        };
        Ok(Message {
            id,
            room: room.to_owned(),
            author: author.to_owned(),
            body: body.to_owned(),
            at,
        })
    }

    /// The last [`RECENT`] messages of `room`, oldest first.
    ///
    /// # Errors
    ///
    /// The database failed.
    pub async fn recent(&self, room: &str) -> Result<Vec<Message>, Error> {
        const SQL: &str = "SELECT id, room, author, body, at FROM (
                SELECT * FROM messages WHERE room = $1 ORDER BY id DESC LIMIT $2
            ) AS last ORDER BY id";
        let limit = i64::try_from(RECENT).unwrap_or(i64::MAX);
        match &*self.inner {
            Backend::Sqlite { conn, .. } => {
                let room = room.to_owned();
                sqlite(conn, move |c| {
                    let mut q = c.prepare_cached(&SQL.replace('$', "?"))?;
                    let rows = q.query_map(rusqlite::params![room, limit], |r| {
                        Ok(Message {
                            id: r.get(0)?,
                            room: r.get(1)?,
                            author: r.get(2)?,
                            body: r.get(3)?,
                            at: r.get(4)?,
                        })
                    })?;
                    rows.collect()
                })
                .await
            }
            Backend::Postgres(pg) => {
                let rows = pg.client().await?.query(SQL, &[&room, &limit]).await?;
                Ok(rows
                    .iter()
                    .map(|r| Message {
                        id: r.get(0),
                        room: r.get(1),
                        author: r.get(2),
                        body: r.get(3),
                        at: r.get(4),
                    })
                    .collect())
            }
        }
    }
}

/// Runs `f` on the SQLite connection on a blocking thread.
async fn sqlite<T: Send + 'static>(
    conn: &Arc<Mutex<rusqlite::Connection>>,
    f: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, Error> {
    let conn = conn.clone();
    let run = tokio::task::spawn_blocking(move || {
        let conn = conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    });
    match run.await {
        Ok(r) => r.map_err(Error::from),
        Err(e) => Err(Error::Failed(e.to_string())),
    }
}
