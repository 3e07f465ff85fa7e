//! The todo store: SQLite in one file, migrated at start-up.

use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
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
];

/// A handle to the database, cheap to clone; queries run on tokio's
/// blocking threads.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

/// A database error.
pub type Error = rusqlite::Error;

impl Db {
    /// Opens (creating if needed) the database file and migrates it.
    pub fn open(path: &Path) -> Result<Self, Error> {
        Self::migrate(Connection::open(path)?)
    }

    /// A database in memory, for tests.
    pub fn in_memory() -> Result<Self, Error> {
        Self::migrate(Connection::open_in_memory()?)
    }

    fn migrate(mut conn: Connection) -> Result<Self, Error> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
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
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&conn)
        })
        .await
        .expect("a database call panicked")
    }

    /// The todos a filter shows, oldest first.
    pub async fn list(&self, filter: Filter) -> Result<Vec<Todo>, Error> {
        self.call(move |c| {
            let sql = match filter {
                Filter::All => "SELECT id, title, done FROM todos ORDER BY id",
                Filter::Active => "SELECT id, title, done FROM todos WHERE done = 0 ORDER BY id",
                Filter::Completed => "SELECT id, title, done FROM todos WHERE done = 1 ORDER BY id",
            };
            let mut stmt = c.prepare_cached(sql)?;
            stmt.query_map([], row)?.collect()
        })
        .await
    }

    /// One todo.
    pub async fn get(&self, id: i64) -> Result<Option<Todo>, Error> {
        self.call(move |c| {
            c.query_row("SELECT id, title, done FROM todos WHERE id = ?1", [id], row)
                .optional()
        })
        .await
    }

    /// Adds a todo.
    pub async fn add(&self, title: String) -> Result<Todo, Error> {
        self.call(move |c| {
            c.query_row(
                "INSERT INTO todos (title) VALUES (?1) RETURNING id, title, done",
                [title],
                row,
            )
        })
        .await
    }

    /// Flips a todo's state.
    pub async fn toggle(&self, id: i64) -> Result<Option<Todo>, Error> {
        self.call(move |c| {
            c.query_row(
                "UPDATE todos SET done = 1 - done WHERE id = ?1 RETURNING id, title, done",
                [id],
                row,
            )
            .optional()
        })
        .await
    }

    /// Renames a todo.
    pub async fn rename(&self, id: i64, title: String) -> Result<Option<Todo>, Error> {
        self.call(move |c| {
            c.query_row(
                "UPDATE todos SET title = ?2 WHERE id = ?1 RETURNING id, title, done",
                params![id, title],
                row,
            )
            .optional()
        })
        .await
    }

    /// Deletes a todo; whether it existed.
    pub async fn delete(&self, id: i64) -> Result<bool, Error> {
        self.call(move |c| Ok(c.execute("DELETE FROM todos WHERE id = ?1", [id])? == 1))
            .await
    }

    /// Deletes every completed todo; how many.
    pub async fn clear_completed(&self) -> Result<usize, Error> {
        self.call(|c| c.execute("DELETE FROM todos WHERE done = 1", []))
            .await
    }

    /// Active and completed counts.
    pub async fn counts(&self) -> Result<Counts, Error> {
        self.call(|c| {
            c.query_row(
                "SELECT COALESCE(SUM(done = 0), 0), COALESCE(SUM(done = 1), 0) FROM todos",
                [],
                |r| {
                    Ok(Counts {
                        active: r.get(0)?,
                        completed: r.get(1)?,
                    })
                },
            )
        })
        .await
    }
}

fn row(r: &rusqlite::Row<'_>) -> Result<Todo, Error> {
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

    #[test]
    fn migrations_run_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Db::open(&path).unwrap());
        let db = Db::open(&path).unwrap();
        let v: i64 = db
            .conn
            .lock()
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
    }
}
