//! The users table, in SQLite.

use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A user as stored.
#[derive(Debug, Clone)]
pub struct User {
    /// The row id (what the session signs in with).
    pub id: i64,
    /// The address they sign in with, lower-case.
    pub email: String,
    /// What the app calls them.
    pub name: String,
}

/// The users, one SQLite connection off the async threads.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").finish_non_exhaustive()
    }
}

/// A database error, as the app's 503.
fn unavailable(e: impl std::fmt::Display) -> hyperox::Rejection {
    tracing::error!("database: {e}");
    hyperox::Rejection::unavailable("the database is not available: try again in a moment", 1)
}

impl Db {
    /// Opens (or makes) the database at `path`.
    ///
    /// # Errors
    ///
    /// A file that cannot be opened or is not SQLite.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS users (
                id INTEGER PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                password TEXT NOT NULL
            )",
        )?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, hyperox::Rejection> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || f(&conn.lock().unwrap_or_else(|e| e.into_inner())))
            .await
            .map_err(unavailable)?
            .map_err(unavailable)
    }

    /// Adds a user; `None` when the address is taken.
    ///
    /// # Errors
    ///
    /// 503 when the database fails.
    pub async fn add(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<Option<User>, hyperox::Rejection> {
        let (email, name, hash) = (email.to_owned(), name.to_owned(), password_hash.to_owned());
        self.run(move |c| {
            let added = c.execute(
                "INSERT INTO users (email, name, password) VALUES (?1, ?2, ?3) ON CONFLICT (email) DO NOTHING",
                params![email, name, hash],
            )?;
            Ok((added == 1).then(|| User {
                id: c.last_insert_rowid(),
                email,
                name,
            }))
        })
        .await
    }

    /// The user with this address and their password hash.
    ///
    /// # Errors
    ///
    /// 503 when the database fails.
    pub async fn by_email(
        &self,
        email: &str,
    ) -> Result<Option<(User, String)>, hyperox::Rejection> {
        let email = email.to_owned();
        self.run(move |c| {
            c.query_row(
                "SELECT id, email, name, password FROM users WHERE email = ?1",
                [email],
                |r| {
                    Ok((
                        User {
                            id: r.get(0)?,
                            email: r.get(1)?,
                            name: r.get(2)?,
                        },
                        r.get(3)?,
                    ))
                },
            )
            .optional()
        })
        .await
    }

    /// The user with this id and their password hash.
    ///
    /// # Errors
    ///
    /// 503 when the database fails.
    pub async fn by_id(&self, id: i64) -> Result<Option<(User, String)>, hyperox::Rejection> {
        self.run(move |c| {
            c.query_row(
                "SELECT id, email, name, password FROM users WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        User {
                            id: r.get(0)?,
                            email: r.get(1)?,
                            name: r.get(2)?,
                        },
                        r.get(3)?,
                    ))
                },
            )
            .optional()
        })
        .await
    }

    /// Stores a new password hash for a user.
    ///
    /// # Errors
    ///
    /// 503 when the database fails.
    pub async fn set_password(&self, id: i64, hash: &str) -> Result<(), hyperox::Rejection> {
        let hash = hash.to_owned();
        self.run(move |c| {
            c.execute(
                "UPDATE users SET password = ?1 WHERE id = ?2",
                params![hash, id],
            )
            .map(|_| ())
        })
        .await
    }
}
