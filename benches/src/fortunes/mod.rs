//! TechEmpower's Fortunes, to its verifier's spec: per request one query
//! reading the 12 rows of `Fortune(id, message)`, one row added at
//! request time, a sort by message, an escaped HTML table. The same
//! database code serves every stack (`Db`), so that what differs is the
//! framework: its routing, its HTML, its response. `verify` checks an
//! answer as the benchmark's verifier does.

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

/// The SQLite database of the benchmark: a file in WAL mode with the 12
/// rows; each thread reads it through a connection of its own with the
/// query prepared once (no rows, page or answer cached).
#[derive(Debug, Clone)]
pub struct Db {
    path: PathBuf,
}

thread_local! {
    static CONN: RefCell<Option<(PathBuf, rusqlite::Connection)>> = const { RefCell::new(None) };
}

impl Db {
    /// Makes (or empties) the database at `path` and seeds the rows.
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
        Ok(Self {
            path: path.to_owned(),
        })
    }

    /// The database at `path`, made by [`Db::create`].
    pub fn open(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// Every row of the table: one query.
    pub fn fortunes(&self) -> rusqlite::Result<Vec<Fortune>> {
        CONN.with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.as_ref().is_none_or(|(p, _)| *p != self.path) {
                let conn = rusqlite::Connection::open(&self.path)?;
                *slot = Some((self.path.clone(), conn));
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
}

/// The stacks, by the names the script and the test give them.
pub const STACKS: [&str; 3] = ["hyperox", "axum-maud", "raw-hyper"];

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
        "raw-hyper" => loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let db = db.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let res = raw::answer(&db, &req);
                    async move { Ok::<_, Infallible>(res) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        },
        other => panic!("unknown stack {other}; the stacks: {STACKS:?}"),
    }
}
