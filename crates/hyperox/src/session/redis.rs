//! Sessions in Redis (feature `session-redis`): shared by every
//! instance of the app, forgotten by Redis itself when they expire.

use super::store::{Change, Record, SessionStore, StoreError, StoreFuture};
use redis::AsyncCommands;
use redis::aio::MultiplexedConnection;
use std::collections::HashMap;

/// Sessions in Redis: a hash per session (`{namespace}:s:{hash}`, one
/// field per value, so that a save writes the keys it changed and no
/// others), expiring when the session does, and a set per user
/// (`{namespace}:u:{user}`) for signing them out everywhere.
///
/// # Example
///
/// ```no_run
/// use hyperox::session::{RedisStore, Sessions};
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let store = RedisStore::connect("redis://127.0.0.1:6379", "todo").await.unwrap();
/// hyperox::App::new(()).sessions(Sessions::new(store));
/// # });
/// ```
pub struct RedisStore {
    client: redis::Client,
    /// The connection, until an error drops it (the next use connects
    /// again).
    conn: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    namespace: String,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("namespace", &self.namespace)
            .finish_non_exhaustive()
    }
}

fn err(e: impl std::fmt::Display) -> StoreError {
    StoreError(format!("Redis: {e}"))
}

/// The fields of a session's hash that are not values.
const USER: &str = "_user";
const CREATED: &str = "_created";
const SEEN: &str = "_seen";
/// Values are `v:{key}`, apart from the fields above.
const VALUE: &str = "v:";

impl RedisStore {
    /// Connects to the Redis at `url`, keeping sessions under
    /// `namespace` (the app's name, so that apps sharing a Redis do not
    /// meet).
    ///
    /// # Errors
    ///
    /// A URL that is not valid, or a Redis that cannot be reached.
    pub async fn connect(url: &str, namespace: &str) -> Result<Self, StoreError> {
        let store = Self {
            client: redis::Client::open(url).map_err(err)?,
            conn: tokio::sync::Mutex::new(None),
            namespace: namespace.to_owned(),
        };
        store.conn().await?;
        Ok(store)
    }

    /// The connection, made again after an error.
    async fn conn(&self) -> Result<MultiplexedConnection, StoreError> {
        let mut slot = self.conn.lock().await;
        if let Some(c) = &*slot {
            return Ok(c.clone());
        }
        let settings = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(std::time::Duration::from_secs(2)))
            .set_response_timeout(Some(std::time::Duration::from_secs(2)));
        let c = self
            .client
            .get_multiplexed_async_connection_with_config(&settings)
            .await
            .map_err(err)?;
        *slot = Some(c.clone());
        Ok(c)
    }

    /// Runs `f` on the connection; an error drops the connection so
    /// that the next request connects again.
    async fn with<T>(
        &self,
        f: impl AsyncFnOnce(&mut MultiplexedConnection) -> redis::RedisResult<T>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn().await?;
        match f(&mut conn).await {
            Ok(v) => Ok(v),
            Err(e) => {
                if e.is_io_error() || e.is_connection_dropped() || e.is_timeout() {
                    self.conn.lock().await.take();
                }
                Err(err(e))
            }
        }
    }

    fn session_key(&self, id: &str) -> String {
        format!("{}:s:{id}", self.namespace)
    }

    fn user_key(&self, user: &str) -> String {
        format!("{}:u:{user}", self.namespace)
    }
}

impl SessionStore for RedisStore {
    fn load<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Option<Record>> {
        Box::pin(async move {
            let key = self.session_key(id);
            let fields: HashMap<String, String> =
                self.with(async |c| c.hgetall(&key).await).await?;
            if fields.is_empty() {
                return Ok(None);
            }
            let mut record = Record::default();
            for (k, v) in fields {
                match k.as_str() {
                    USER => record.user = Some(v),
                    CREATED => record.created = v.parse().unwrap_or(0),
                    SEEN => record.seen = v.parse().unwrap_or(0),
                    _ => {
                        if let Some(key) = k.strip_prefix(VALUE) {
                            record.values.insert(key.to_owned(), v);
                        }
                    }
                }
            }
            Ok(Some(record))
        })
    }

    fn save<'a>(&'a self, id: &'a str, change: &'a Change) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = self.session_key(id);
            let mut pipe = redis::pipe();
            pipe.atomic();
            pipe.hset_nx(&key, CREATED, change.created).ignore();
            pipe.hset(&key, SEEN, change.seen).ignore();
            for (k, v) in &change.values {
                match v {
                    Some(v) => pipe.hset(&key, format!("{VALUE}{k}"), v).ignore(),
                    None => pipe.hdel(&key, format!("{VALUE}{k}")).ignore(),
                };
            }
            match &change.user {
                Some(Some(user)) => {
                    let users = self.user_key(user);
                    pipe.hset(&key, USER, user).ignore();
                    pipe.sadd(&users, id).ignore();
                    pipe.cmd("EXPIREAT")
                        .arg(&users)
                        .arg(change.expires)
                        .arg("GT")
                        .ignore();
                    // A new set has no expiry for GT to compare with.
                    pipe.cmd("EXPIREAT")
                        .arg(&users)
                        .arg(change.expires)
                        .arg("NX")
                        .ignore();
                }
                Some(None) => {
                    pipe.hdel(&key, USER).ignore();
                }
                None => {}
            }
            pipe.cmd("EXPIREAT").arg(&key).arg(change.expires).ignore();
            self.with(async |c| pipe.query_async::<()>(c).await).await
        })
    }

    fn delete<'a>(&'a self, id: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let key = self.session_key(id);
            self.with(async |c| c.del::<_, ()>(&key).await).await
        })
    }

    fn delete_user<'a>(&'a self, user: &'a str) -> StoreFuture<'a, u64> {
        Box::pin(async move {
            let users = self.user_key(user);
            self.with(async |c| {
                let ids: Vec<String> = c.smembers(&users).await?;
                let mut n = 0;
                for id in &ids {
                    // Only sessions still of this user (one may have been
                    // signed in as another since).
                    let key = self.session_key(id);
                    let owner: Option<String> = c.hget(&key, USER).await?;
                    if owner.as_deref() == Some(user) {
                        n += c.del::<_, u64>(&key).await?;
                    }
                }
                c.del::<_, ()>(&users).await?;
                Ok(n)
            })
            .await
        })
    }
}
