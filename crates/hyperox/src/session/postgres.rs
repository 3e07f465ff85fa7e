//! Sessions in PostgreSQL (feature `session-postgres`): shared by every
//! instance of the app, beside its own tables.

use super::store::{Change, Record, SessionStore, StoreError, StoreFuture};
use std::sync::Arc;
use std::time::Duration;

/// The tables, made when missing: a session's row, and one row per
/// value, so that a save writes the keys it changed and no others.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS hyperox_sessions (
    id TEXT PRIMARY KEY,
    usr TEXT,
    created BIGINT NOT NULL,
    seen BIGINT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS hyperox_sessions_usr ON hyperox_sessions (usr);
CREATE INDEX IF NOT EXISTS hyperox_sessions_expires ON hyperox_sessions (expires);
CREATE TABLE IF NOT EXISTS hyperox_session_values (
    id TEXT NOT NULL REFERENCES hyperox_sessions (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (id, key)
);
";

/// Sessions in PostgreSQL, in the tables `hyperox_sessions` and
/// `hyperox_session_values` (made at connection). The connection is
/// made again after it is lost (a server restarted).
///
/// # Example
///
/// ```no_run
/// use hyperox::session::{PostgresStore, Sessions};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let store = PostgresStore::connect("postgres://app@127.0.0.1/app").await.unwrap();
/// hyperox::App::new(()).sessions(Sessions::new(store));
/// # });
/// ```
pub struct PostgresStore {
    db: crate::postgres::Reconnecting,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("PostgreSQL: {e}"))
}

impl PostgresStore {
    /// Connects to the database at `url` and makes the tables.
    ///
    /// # Errors
    ///
    /// A URL that is not valid, a server that cannot be reached, or
    /// tables that cannot be made.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let mut config: tokio_postgres::Config = url.parse().map_err(err)?;
        // A store that cannot be reached answers 503 soon.
        config.connect_timeout(Duration::from_secs(2));
        let store = Self {
            db: crate::postgres::Reconnecting::from_config(config),
        };
        store
            .client()
            .await?
            .batch_execute(SCHEMA)
            .await
            .map_err(err)?;
        Ok(store)
    }

    async fn client(&self) -> Result<Arc<tokio_postgres::Client>, StoreError> {
        self.db.client().await.map_err(err)
    }
}

impl SessionStore for PostgresStore {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Record>> {
        Box::pin(async move {
            let now = super::unix_now() as i64;
            let c = self.client().await?;
            let Some(row) = c
                .query_opt(
                    "SELECT usr, created, seen FROM hyperox_sessions WHERE id = $1 AND expires > $2",
                    &[&id, &now],
                )
                .await
                .map_err(err)?
            else {
                return Ok(None);
            };
            let mut record = Record {
                user: row.get(0),
                created: row.get::<_, i64>(1) as u64,
                seen: row.get::<_, i64>(2) as u64,
                ..Record::default()
            };
            for row in c
                .query(
                    "SELECT key, value FROM hyperox_session_values WHERE id = $1",
                    &[&id],
                )
                .await
                .map_err(err)?
            {
                record.values.insert(row.get(0), row.get(1));
            }
            Ok(Some(record))
        })
    }

    fn save<'a>(&'a self, id: &'a str, change: &'a Change) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let c = self.client().await?;
            let (user_set, user) = match &change.user {
                Some(u) => (true, u.clone()),
                None => (false, None),
            };
            let (created, seen, expires) = (
                change.created as i64,
                change.seen as i64,
                change.expires as i64,
            );
            c.execute(
                "INSERT INTO hyperox_sessions (id, usr, created, seen, expires) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO UPDATE SET
                     usr = CASE WHEN $6 THEN EXCLUDED.usr ELSE hyperox_sessions.usr END,
                     seen = EXCLUDED.seen, expires = EXCLUDED.expires",
                &[&id, &user, &created, &seen, &expires, &user_set],
            )
            .await
            .map_err(err)?;
            for (k, v) in &change.values {
                match v {
                    Some(v) => {
                        c.execute(
                            "INSERT INTO hyperox_session_values (id, key, value) VALUES ($1, $2, $3)
                             ON CONFLICT (id, key) DO UPDATE SET value = EXCLUDED.value",
                            &[&id, k, v],
                        )
                        .await
                        .map_err(err)?;
                    }
                    None => {
                        c.execute(
                            "DELETE FROM hyperox_session_values WHERE id = $1 AND key = $2",
                            &[&id, k],
                        )
                        .await
                        .map_err(err)?;
                    }
                }
            }
            Ok(())
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.client()
                .await?
                .execute("DELETE FROM hyperox_sessions WHERE id = $1", &[&id])
                .await
                .map_err(err)?;
            Ok(())
        })
    }

    fn delete_user<'a>(&'a self, user: &'a str) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            let c = self.client().await?;
            let n = c
                .execute("DELETE FROM hyperox_sessions WHERE usr = $1", &[&user])
                .await
                .map_err(err)?;
            // Expired sessions go now and then with a sign-out.
            let now = super::unix_now() as i64;
            c.execute("DELETE FROM hyperox_sessions WHERE expires <= $1", &[&now])
                .await
                .map_err(err)?;
            Ok(n)
        })
    }
}
