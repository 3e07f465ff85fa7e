//! The users table, in SQLite (by default) or PostgreSQL
//! (`DATABASE_URL`, which several instances share).

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

/// The users: one SQLite connection off the async threads, or a
/// PostgreSQL client.
#[derive(Clone)]
pub struct Db {
    backend: Arc<Backend>,
}

enum Backend {
    Sqlite(Mutex<Connection>),
    Postgres(Box<hyperox::postgres::Reconnecting>),
}

/// The users table in PostgreSQL.
const POSTGRES_SCHEMA: &str = "CREATE TABLE IF NOT EXISTS users (
    id BIGSERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password TEXT NOT NULL
)";

fn user_of(row: &tokio_postgres::Row) -> (User, String) {
    (
        User {
            id: row.get(0),
            email: row.get(1),
            name: row.get(2),
        },
        row.get(3),
    )
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
            backend: Arc::new(Backend::Sqlite(Mutex::new(conn))),
        })
    }

    /// Connects to the PostgreSQL database at `url` and makes the table.
    ///
    /// # Errors
    ///
    /// A URL that is not valid, a server that cannot be reached, or a
    /// table that cannot be made.
    pub async fn postgres(url: &str) -> Result<Self, tokio_postgres::Error> {
        let pg = hyperox::postgres::Reconnecting::new(url)?;
        pg.client().await?.batch_execute(POSTGRES_SCHEMA).await?;
        Ok(Self {
            backend: Arc::new(Backend::Postgres(Box::new(pg))),
        })
    }

    /// The PostgreSQL client, when the users are there.
    async fn pg(&self) -> Result<Option<Arc<tokio_postgres::Client>>, hyperox::Rejection> {
        match &*self.backend {
            Backend::Postgres(pg) => Ok(Some(pg.client().await.map_err(unavailable)?)),
            Backend::Sqlite(_) => Ok(None),
        }
    }

    async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, hyperox::Rejection> {
        let backend = self.backend.clone();
        tokio::task::spawn_blocking(move || match &*backend {
            Backend::Sqlite(conn) => f(&conn.lock().unwrap_or_else(|e| e.into_inner())),
            Backend::Postgres(_) => unreachable!("SQLite calls go to SQLite"),
        })
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
        if let Some(c) = self.pg().await? {
            let row = c
                .query_opt(
                    "INSERT INTO users (email, name, password) VALUES ($1, $2, $3)
                     ON CONFLICT (email) DO NOTHING RETURNING id",
                    &[&email, &name, &password_hash],
                )
                .await
                .map_err(unavailable)?;
            return Ok(row.map(|r| User {
                id: r.get(0),
                email: email.to_owned(),
                name: name.to_owned(),
            }));
        }
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
        if let Some(c) = self.pg().await? {
            let row = c
                .query_opt(
                    "SELECT id, email, name, password FROM users WHERE email = $1",
                    &[&email],
                )
                .await
                .map_err(unavailable)?;
            return Ok(row.as_ref().map(user_of));
        }
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
        if let Some(c) = self.pg().await? {
            let row = c
                .query_opt(
                    "SELECT id, email, name, password FROM users WHERE id = $1",
                    &[&id],
                )
                .await
                .map_err(unavailable)?;
            return Ok(row.as_ref().map(user_of));
        }
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
        if let Some(c) = self.pg().await? {
            c.execute(
                "UPDATE users SET password = $1 WHERE id = $2",
                &[&hash, &id],
            )
            .await
            .map_err(unavailable)?;
            return Ok(());
        }
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
