//! The todo store: SQLite in one file, migrated at start-up.

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// One todo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// Its id.
    pub id: i64,
    /// What to do.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

/// Which todos a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Filter {
    /// Every todo.
    #[default]
    All,
    /// Todos not done.
    Active,
    /// Todos done.
    Completed,
}

impl Filter {
    /// Every filter, in display order.
    pub const ALL: [Filter; 3] = [Filter::All, Filter::Active, Filter::Completed];

    /// Parses a query value; anything unknown is `All`.
    pub fn parse(s: Option<&str>) -> Self {
        match s {
            Some("active") => Self::Active,
            Some("completed") => Self::Completed,
            _ => Self::All,
        }
    }

    /// The query value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Active => "active",
            Self::Completed => "completed",
        }
    }

    /// Whether a todo shows under this filter.
    pub fn shows(self, todo: &Todo) -> bool {
        match self {
            Self::All => true,
            Self::Active => !todo.done,
            Self::Completed => todo.done,
        }
    }
}

/// Counts for the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Todos not done.
    pub active: i64,
    /// Todos done.
    pub completed: i64,
}

/// The schema, one step per entry; `PRAGMA user_version` says how many
/// have run.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE todos (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
    );",
    "CREATE INDEX todos_done ON todos (done);",
    // A revision that every change moves on, in the database itself, so
    // that several app instances on one database agree on it: cached
    // renders are keyed by it and never outlive a change.
    "CREATE TABLE meta (revision INTEGER NOT NULL);
     INSERT INTO meta (revision) VALUES (0);
     CREATE TRIGGER todos_added AFTER INSERT ON todos BEGIN UPDATE meta SET revision = revision + 1; END;
     CREATE TRIGGER todos_changed AFTER UPDATE ON todos BEGIN UPDATE meta SET revision = revision + 1; END;
     CREATE TRIGGER todos_removed AFTER DELETE ON todos BEGIN UPDATE meta SET revision = revision + 1; END;",
];

/// What a database call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Another writer holds the database longer than the busy timeout,
    /// or too many writes are queued: try again shortly.
    Busy,
    /// The disk is full: the write was not stored.
    Full,
    /// The database file was removed or replaced while the app ran:
    /// writes would be lost, so none are made.
    Gone(PathBuf),
    /// Any other SQLite error.
    Sqlite(rusqlite::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Busy => f.write_str("the database is busy"),
            Self::Full => f.write_str("the disk is full; the change was not stored"),
            Self::Gone(p) => write!(
                f,
                "the database file {} was removed or replaced; the change was not stored",
                p.display()
            ),
            Self::Sqlite(e) => write!(f, "database error: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::DiskFull) => Self::Full,
            _ => Self::Sqlite(e),
        }
    }
}

impl From<Error> for hyperox::Rejection {
    /// Busy, full or missing storage is a 503 that asks the client to try
    /// again; anything else a 500 whose details go to the log only.
    fn from(e: Error) -> Self {
        Self::from(&e)
    }
}

impl From<&Error> for hyperox::Rejection {
    /// As for an owned error.
    fn from(e: &Error) -> Self {
        match e {
            Error::Busy => Self::unavailable("The list is busy; try again in a moment.", 1),
            Error::Full | Error::Gone(_) => {
                tracing::error!("{e}");
                Self::unavailable("The change could not be stored; try again later.", 30)
            }
            Error::Sqlite(_) => {
                tracing::error!("{e}");
                Self::new(
                    hyperox::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "The change could not be stored.",
                )
            }
        }
    }
}

/// How the store waits and queues.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// How long a write waits for another writer (another process) before
    /// failing with [`Error::Busy`].
    pub busy_timeout: Duration,
    /// How many writes may wait for the writer before new ones fail with
    /// [`Error::Busy`].
    pub queue: usize,
    /// How many read connections are kept.
    pub readers: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            busy_timeout: Duration::from_secs(1),
            queue: 256,
            readers: 8,
        }
    }
}

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

/// A handle to the database, cheap to clone.
///
/// Writes go to one writer thread through a bounded queue, each in its
/// own `BEGIN IMMEDIATE` transaction whose `COMMIT` is checked, so a
/// write answers only once it is stored. Reads use a pool of WAL read
/// connections on the calling thread: they are short, and in WAL mode
/// they never wait for a writer. No call blocks tokio's blocking pool.
#[derive(Clone)]
pub struct Db {
    jobs: mpsc::Sender<Job>,
    readers: Option<Arc<Readers>>,
    options: Options,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("file", &self.readers.as_ref().map(|r| &r.path))
            .finish_non_exhaustive()
    }
}

/// Read connections to a database file.
struct Readers {
    path: PathBuf,
    /// The file's device and inode when it was opened.
    identity: Option<(u64, u64)>,
    idle: Mutex<Vec<Connection>>,
    keep: usize,
}

impl Readers {
    fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
        let conn = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match conn {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                c.busy_timeout(Duration::from_millis(250))?;
                c
            }
        };
        let out = f(&conn);
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < self.keep {
            idle.push(conn);
        }
        out
    }
}

/// The file's identity, to notice it being removed or replaced.
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

impl Db {
    /// Opens (creating if needed) the database file and migrates it, with
    /// the default [`Options`].
    pub fn open(path: &Path) -> Result<Self, Error> {
        Self::open_with(path, Options::default())
    }

    /// Opens the database file with `options`.
    pub fn open_with(path: &Path, options: Options) -> Result<Self, Error> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        let readers = Readers {
            path: path.to_owned(),
            identity: identity(path),
            idle: Mutex::new(Vec::new()),
            keep: options.readers,
        };
        Self::start(conn, Some(readers), options)
    }

    /// A database in memory, for tests: reads go through the writer.
    pub fn in_memory() -> Result<Self, Error> {
        Self::start(Connection::open_in_memory()?, None, Options::default())
    }

    fn start(
        mut conn: Connection,
        readers: Option<Readers>,
        options: Options,
    ) -> Result<Self, Error> {
        conn.busy_timeout(options.busy_timeout)?;
        migrate(&mut conn)?;
        let (jobs, mut rx) = mpsc::channel::<Job>(options.queue.max(1));
        std::thread::Builder::new()
            .name("todo-db-writer".into())
            .spawn(move || {
                while let Some(job) = rx.blocking_recv() {
                    job(&mut conn);
                }
            })
            .expect("the writer thread starts");
        Ok(Self {
            jobs,
            readers: readers.map(Arc::new),
            options,
        })
    }

    /// Runs `f` on the writer's connection.
    async fn on_writer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move |c| {
            let _ = tx.send(f(c));
        });
        self.jobs.try_send(job).map_err(|_| Error::Busy)?;
        // The writer may wait up to the busy timeout for each write queued
        // before this one; past a bound, answer busy.
        let bound = self.options.busy_timeout * 4 + Duration::from_secs(2);
        match tokio::time::timeout(bound, rx).await {
            Ok(Ok(r)) => r,
            Ok(Err(_)) => Err(Error::Sqlite(rusqlite::Error::ExecuteReturnedResults)),
            Err(_) => Err(Error::Busy),
        }
    }

    /// Runs `f` in one immediate transaction on the writer, committing
    /// it and reporting a commit that fails.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let watched = self.readers.as_ref().map(|r| (r.path.clone(), r.identity));
        self.on_writer(move |c| {
            if let Some((path, Some(id))) = &watched
                && identity(path) != Some(*id)
            {
                return Err(Error::Gone(path.clone()));
            }
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let out = f(&tx)?;
            tx.commit()?;
            Ok(out)
        })
        .await
    }

    /// Runs `f` on a read connection (the writer's, in memory).
    async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        match &self.readers {
            Some(r) => r.with(f),
            None => self.on_writer(move |c| f(c)).await,
        }
    }

    /// The todos a filter shows, oldest first, and the counts.
    pub async fn list_and_counts(&self, filter: Filter) -> Result<(Vec<Todo>, Counts), Error> {
        self.read(move |c| Ok((list(c, filter)?, counts(c)?))).await
    }

    /// The todos a filter shows, oldest first.
    pub async fn list(&self, filter: Filter) -> Result<Vec<Todo>, Error> {
        self.read(move |c| list(c, filter)).await
    }

    /// The revision of the todos: it moves on with every change.
    pub async fn revision(&self) -> Result<i64, Error> {
        self.read(|c| {
            Ok(c.prepare_cached("SELECT revision FROM meta")?
                .query_row([], |r| r.get(0))?)
        })
        .await
    }

    /// One todo.
    pub async fn get(&self, id: i64) -> Result<Option<Todo>, Error> {
        self.read(move |c| {
            Ok(
                c.prepare_cached("SELECT id, title, done FROM todos WHERE id = ?1")?
                    .query_row([id], row)
                    .optional()?,
            )
        })
        .await
    }

    /// Adds a todo.
    pub async fn add(&self, title: String) -> Result<Todo, Error> {
        self.write(move |c| {
            Ok(c.query_row(
                "INSERT INTO todos (title) VALUES (?1) RETURNING id, title, done",
                [title],
                row,
            )?)
        })
        .await
    }

    /// Flips a todo's state.
    pub async fn toggle(&self, id: i64) -> Result<Option<Todo>, Error> {
        self.write(move |c| {
            Ok(c.query_row(
                "UPDATE todos SET done = 1 - done WHERE id = ?1 RETURNING id, title, done",
                [id],
                row,
            )
            .optional()?)
        })
        .await
    }

    /// Renames a todo.
    pub async fn rename(&self, id: i64, title: String) -> Result<Option<Todo>, Error> {
        self.write(move |c| {
            Ok(c.query_row(
                "UPDATE todos SET title = ?2 WHERE id = ?1 RETURNING id, title, done",
                params![id, title],
                row,
            )
            .optional()?)
        })
        .await
    }

    /// Deletes a todo; whether it existed.
    pub async fn delete(&self, id: i64) -> Result<bool, Error> {
        self.write(move |c| Ok(c.execute("DELETE FROM todos WHERE id = ?1", [id])? == 1))
            .await
    }

    /// Deletes every completed todo; how many.
    pub async fn clear_completed(&self) -> Result<usize, Error> {
        self.write(|c| Ok(c.execute("DELETE FROM todos WHERE done = 1", [])?))
            .await
    }

    /// Active and completed counts.
    pub async fn counts(&self) -> Result<Counts, Error> {
        self.read(counts).await
    }
}

/// Applies the migrations not run yet.
fn migrate(conn: &mut Connection) -> Result<(), Error> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(0);
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        tx.execute_batch(sql)?;
        tx.pragma_update(
            None,
            "user_version",
            i64::try_from(i + 1).expect("few migrations"),
        )?;
    }
    tx.commit()?;
    Ok(())
}

fn list(c: &Connection, filter: Filter) -> Result<Vec<Todo>, Error> {
    let sql = match filter {
        Filter::All => "SELECT id, title, done FROM todos ORDER BY id",
        Filter::Active => "SELECT id, title, done FROM todos WHERE done = 0 ORDER BY id",
        Filter::Completed => "SELECT id, title, done FROM todos WHERE done = 1 ORDER BY id",
    };
    let mut stmt = c.prepare_cached(sql)?;
    Ok(stmt.query_map([], row)?.collect::<Result<_, _>>()?)
}

fn counts(c: &Connection) -> Result<Counts, Error> {
    Ok(c.prepare_cached(
        "SELECT COALESCE(SUM(done = 0), 0), COALESCE(SUM(done = 1), 0) FROM todos",
    )?
    .query_row([], |r| {
        Ok(Counts {
            active: r.get(0)?,
            completed: r.get(1)?,
        })
    })?)
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Todo> {
    Ok(Todo {
        id: r.get(0)?,
        title: r.get(1)?,
        done: r.get(2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn crud_and_counts() {
        let db = Db::in_memory().unwrap();
        let a = db.add("a".into()).await.unwrap();
        let b = db.add("b".into()).await.unwrap();
        assert!(db.toggle(a.id).await.unwrap().unwrap().done);
        assert_eq!(
            db.counts().await.unwrap(),
            Counts {
                active: 1,
                completed: 1
            }
        );
        assert_eq!(db.list(Filter::Active).await.unwrap(), vec![b.clone()]);
        db.rename(b.id, "bee".into()).await.unwrap();
        assert_eq!(db.get(b.id).await.unwrap().unwrap().title, "bee");
        assert_eq!(db.clear_completed().await.unwrap(), 1);
        assert!(db.delete(b.id).await.unwrap());
        assert!(!db.delete(b.id).await.unwrap());
        assert_eq!(db.toggle(99).await.unwrap(), None);
        assert!(db.list(Filter::All).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn migrations_run_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Db::open(&path).unwrap());
        let db = Db::open(&path).unwrap();
        let v: i64 = db
            .read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }

    #[tokio::test]
    async fn a_busy_database_fails_writes_quickly_while_reads_go_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let db = Db::open_with(
            &path,
            Options {
                busy_timeout: Duration::from_millis(200),
                ..Options::default()
            },
        )
        .unwrap();
        db.add("before".into()).await.unwrap();
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let start = std::time::Instant::now();
        assert!(matches!(db.add("blocked".into()).await, Err(Error::Busy)));
        assert!(start.elapsed() < Duration::from_secs(2));
        assert_eq!(db.list(Filter::All).await.unwrap().len(), 1, "reads go on");
        other.execute_batch("COMMIT").unwrap();
        db.add("after".into()).await.unwrap();
        assert_eq!(db.list(Filter::All).await.unwrap().len(), 2);
    }

    #[tokio::test]
    async fn a_removed_database_file_refuses_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let db = Db::open(&path).unwrap();
        db.add("a".into()).await.unwrap();
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(db.add("lost".into()).await, Err(Error::Gone(_))));
        assert!(matches!(db.toggle(1).await, Err(Error::Gone(_))));
    }
}
