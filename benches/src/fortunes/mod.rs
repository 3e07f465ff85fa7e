//! TechEmpower's Fortunes, to its verifier's spec: per request one query
//! reading the 12 rows of `Fortune(id, message)`, one row added at
//! request time, a sort by message, an escaped HTML table. The same
//! database code serves every stack (`Db`), so that what differs is the
//! framework: its routing, its HTML, its response. `verify` checks an
//! answer as the benchmark's verifier does.

pub mod actix_sailfish;
pub mod axum_askama;
pub mod axum_maud;
pub mod hyperox_app;
pub mod raw;
pub mod verify;

use std::cell::RefCell;
use std::convert::Infallible;
use std::path::{Path, PathBuf};

/// One row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fortune {
    /// Its id.
    pub id: i32,
    /// Its message (user text: escaped when shown).
    pub message: String,
}

/// The row every request adds.
pub const ADDED: &str = "Additional fortune added at request time.";

/// The benchmark's 12 rows.
pub const ROWS: [(i32, &str); 12] = [
    (1, "fortune: No such file or directory"),
    (
        2,
        "A computer scientist is someone who fixes things that aren't broken.",
    ),
    (3, "After enough decimal places, nobody gives a damn."),
    (
        4,
        "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    ),
    (
        5,
        "A computer program does what you tell it to do, not what you want it to do.",
    ),
    (
        6,
        "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    ),
    (7, "Any program that runs right is obsolete."),
    (
        8,
        "A list is only as strong as its weakest link. — Donald Knuth",
    ),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (
        11,
        "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    ),
    (12, "フレームワークのベンチマーク"),
];

/// The rows of a request: the table's and the added one, sorted by
/// message (byte order).
pub fn with_added(mut rows: Vec<Fortune>) -> Vec<Fortune> {
    rows.push(Fortune {
        id: 0,
        message: ADDED.to_owned(),
    });
    rows.sort_unstable_by(|a, b| a.message.cmp(&b.message));
    rows
}

/// The database of the benchmark, with the 12 rows: SQLite (a file in
/// WAL mode; each thread reads it through a connection of its own with
/// the query prepared once) or PostgreSQL (one connection, the query
/// prepared once, concurrent queries pipelined on it). No rows, page or
/// answer are cached.
#[derive(Debug, Clone)]
pub enum Db {
    /// SQLite, at this path.
    Sqlite(PathBuf),
    /// PostgreSQL.
    Postgres(std::sync::Arc<Pg>),
}

/// A PostgreSQL connection with the query prepared.
#[derive(Debug)]
pub struct Pg {
    client: tokio_postgres::Client,
    query: tokio_postgres::Statement,
    url: String,
}

thread_local! {
    static CONN: RefCell<Option<(PathBuf, rusqlite::Connection)>> = const { RefCell::new(None) };
}

impl Db {
    /// Makes (or empties) the SQLite database at `path` and seeds the rows.
    pub fn create(path: &Path) -> rusqlite::Result<Self> {
        let conn = rusqlite::Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(
            "DROP TABLE IF EXISTS Fortune;
             CREATE TABLE Fortune (id INTEGER PRIMARY KEY, message TEXT NOT NULL);",
        )?;
        for (id, message) in ROWS {
            conn.execute(
                "INSERT INTO Fortune (id, message) VALUES (?1, ?2)",
                rusqlite::params![id, message],
            )?;
        }
        Ok(Self::Sqlite(path.to_owned()))
    }

    /// Connects to PostgreSQL at `url` (`postgres://…`), makes (or
    /// empties) the table and seeds the rows; the connection is driven by
    /// a task of the current runtime.
    ///
    /// # Errors
    ///
    /// The server's, when it cannot be reached or refuses.
    pub async fn postgres(url: &str) -> Result<Self, tokio_postgres::Error> {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        client
            .batch_execute(
                "DROP TABLE IF EXISTS Fortune;
                 CREATE TABLE Fortune (id integer PRIMARY KEY, message varchar(2048) NOT NULL);",
            )
            .await?;
        for (id, message) in ROWS {
            client
                .execute(
                    "INSERT INTO Fortune (id, message) VALUES ($1, $2)",
                    &[&id, &message],
                )
                .await?;
        }
        Self::prepared(client, url).await
    }

    async fn prepared(
        client: tokio_postgres::Client,
        url: &str,
    ) -> Result<Self, tokio_postgres::Error> {
        let query = client.prepare("SELECT id, message FROM Fortune").await?;
        Ok(Self::Postgres(std::sync::Arc::new(Pg {
            client,
            query,
            url: url.to_owned(),
        })))
    }

    /// The same database through a connection driven by the current
    /// runtime (for a stack whose workers run runtimes of their own, so
    /// that no answer waits on another thread); SQLite's connections are
    /// per thread already.
    ///
    /// # Errors
    ///
    /// The server's, when it cannot be reached or refuses.
    pub async fn on_this_runtime(&self) -> Result<Self, tokio_postgres::Error> {
        match self {
            Self::Sqlite(_) => Ok(self.clone()),
            Self::Postgres(pg) => {
                let (client, connection) =
                    tokio_postgres::connect(&pg.url, tokio_postgres::NoTls).await?;
                tokio::spawn(async move {
                    let _ = connection.await;
                });
                Self::prepared(client, &pg.url).await
            }
        }
    }

    /// Every row of the table: one query.
    ///
    /// # Errors
    ///
    /// The database's, as text.
    pub async fn fortunes(&self) -> Result<Vec<Fortune>, String> {
        match self {
            Self::Sqlite(path) => sqlite_fortunes(path).map_err(|e| e.to_string()),
            Self::Postgres(pg) => {
                let rows = pg
                    .client
                    .query(&pg.query, &[])
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(rows
                    .iter()
                    .map(|r| Fortune {
                        id: r.get(0),
                        message: r.get(1),
                    })
                    .collect())
            }
        }
    }
}

fn sqlite_fortunes(path: &Path) -> rusqlite::Result<Vec<Fortune>> {
    CONN.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_none_or(|(p, _)| p != path) {
            let conn = rusqlite::Connection::open(path)?;
            *slot = Some((path.to_owned(), conn));
        }
        let (_, conn) = slot.as_ref().expect("opened above");
        let mut stmt = conn.prepare_cached("SELECT id, message FROM Fortune")?;
        let rows = stmt.query_map([], |r| {
            Ok(Fortune {
                id: r.get(0)?,
                message: r.get(1)?,
            })
        })?;
        rows.collect()
    })
}

/// The stacks, by the names the script and the test give them.
pub const STACKS: [&str; 5] = [
    "hyperox",
    "axum-maud",
    "axum-askama",
    "actix-sailfish",
    "raw-hyper",
];

/// Serves `stack` on `listener` until the process ends.
///
/// # Panics
///
/// An unknown stack.
pub async fn serve(stack: &str, listener: tokio::net::TcpListener, db: Db) {
    match stack {
        "hyperox" => hyperox_app::app(db)
            .serve_on(listener, std::future::pending::<()>())
            .await
            .expect("serve"),
        "axum-maud" => axum::serve(listener, axum_maud::router(db))
            .await
            .expect("serve"),
        "axum-askama" => axum::serve(listener, axum_askama::router(db))
            .await
            .expect("serve"),
        "actix-sailfish" => {
            let listener = listener.into_std().expect("a std listener");
            actix_sailfish::serve(db, listener).await;
        }
        "raw-hyper" => loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let db = db.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let db = db.clone();
                    async move { Ok::<_, Infallible>(raw::answer(&db, &req).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        },
        other => panic!("unknown stack {other}; the stacks: {STACKS:?}"),
    }
}
