//! A store in Redis, shared by several app instances.

use crate::clock::{Clock, millis};
use crate::counter::Counter;
use crate::error::Error;
use crate::flight::{self, Flights, Joined};
use crate::store::{Compute, ComputeFuture, Stats, Store, StoreFuture};
use bytes::Bytes;
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Deletes a lease only if it is still the one this instance took.
const RELEASE: &str = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/// How a [`RedisStore`] reaches Redis and names its keys.
///
/// # Example
///
/// ```
/// use hyperox_cache::RedisConfig;
/// use std::time::Duration;
///
/// let config = RedisConfig::new("redis://127.0.0.1:6379")
///     .namespace("shop")
///     .version(3)
///     .lease(Duration::from_secs(2));
/// assert_eq!(config.key("menu"), "shop:v3:menu");
/// ```
#[derive(Debug, Clone)]
pub struct RedisConfig {
    url: String,
    namespace: String,
    version: u32,
    lease: Duration,
    poll: Duration,
    timeout: Duration,
    retry_after: Duration,
}

impl RedisConfig {
    /// Redis at `url` (`redis://host:port/db`), keys under `hyperox:v1:`,
    /// a 5 s lease, 500 ms timeouts, and one retry a second while it is
    /// unreachable.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            namespace: "hyperox".to_owned(),
            version: 1,
            lease: Duration::from_secs(5),
            poll: Duration::from_millis(10),
            timeout: Duration::from_millis(500),
            retry_after: Duration::from_secs(1),
        }
    }

    /// The prefix of every key, so that apps can share one Redis.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = namespace.into();
        self
    }

    /// The version in every key: a new version starts an empty cache (for
    /// a deploy that renders differently).
    pub fn version(mut self, version: u32) -> Self {
        self.version = version;
        self
    }

    /// How long the instance computing a key holds it: others wait for
    /// its value that long at most, then compute it themselves.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// How often a waiting instance looks for the value.
    pub fn poll(mut self, poll: Duration) -> Self {
        self.poll = poll;
        self
    }

    /// How long connecting or one command may take before Redis counts as
    /// unreachable.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long the store computes locally, without trying Redis, after
    /// Redis failed.
    pub fn retry_after(mut self, retry_after: Duration) -> Self {
        self.retry_after = retry_after;
        self
    }

    /// The Redis key of `key`.
    pub fn key(&self, key: &str) -> String {
        format!("{}:v{}:{key}", self.namespace, self.version)
    }

    fn lease_key(&self, key: &str) -> String {
        format!("{}:v{}:lease:{key}", self.namespace, self.version)
    }

    fn pattern(&self) -> String {
        let mut out = String::new();
        for c in format!("{}:v{}:", self.namespace, self.version).chars() {
            if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('*');
        out
    }
}

/// A store in Redis: one cache for several app instances.
///
/// - Keys are namespaced and versioned ([`RedisConfig::key`]); values
///   expire in Redis by their TTL.
/// - Within an instance, one missing key is fetched or computed once
///   (single-flight); across instances, the first to take a short lease
///   (`SET NX PX` with a random token) computes it, and the others read
///   the value it wrote.
/// - While Redis is unreachable, values are computed locally and pages
///   still render; that is logged once when it starts and once when Redis
///   is back, not per request.
///
/// # Example
///
/// ```no_run
/// use hyperox_cache::{Cache, RedisConfig, RedisStore};
///
/// let store = RedisStore::new(RedisConfig::new("redis://127.0.0.1:6379").namespace("todo")).unwrap();
/// let cache = Cache::new(store);
/// ```
#[derive(Debug, Clone)]
pub struct RedisStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    client: Client,
    config: RedisConfig,
    conn: Mutex<Option<MultiplexedConnection>>,
    connecting: tokio::sync::Mutex<()>,
    clock: Clock,
    /// Until when (on `clock`) Redis is not tried.
    down_until: AtomicU64,
    /// Whether the outage now going on was logged.
    down_logged: AtomicBool,
    flights: Arc<Flights>,
    hits: Counter,
    misses: Counter,
    computations: Counter,
    errors: Counter,
    fallbacks: Counter,
}

impl RedisStore {
    /// A store in the Redis `config` names. It connects on first use, so
    /// an app starts while Redis is down; only a malformed URL is an
    /// error here.
    pub fn new(config: RedisConfig) -> Result<Self, Error> {
        let client = Client::open(config.url.as_str()).map_err(Error::store)?;
        Ok(Self {
            inner: Arc::new(Inner {
                client,
                config,
                conn: Mutex::new(None),
                connecting: tokio::sync::Mutex::new(()),
                clock: Clock::system(),
                down_until: AtomicU64::new(0),
                down_logged: AtomicBool::new(false),
                flights: Arc::default(),
                hits: Counter::default(),
                misses: Counter::default(),
                computations: Counter::default(),
                errors: Counter::default(),
                fallbacks: Counter::default(),
            }),
        })
    }

    /// The settings this store was made with.
    pub fn config(&self) -> &RedisConfig {
        &self.inner.config
    }
}

impl Inner {
    /// A connection, unless Redis failed a moment ago.
    async fn conn(&self) -> Option<MultiplexedConnection> {
        if self.clock.now() < self.down_until.load(Ordering::Relaxed) {
            return None;
        }
        if let Some(c) = self.conn.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Some(c);
        }
        let _one = self.connecting.lock().await;
        if let Some(c) = self.conn.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Some(c);
        }
        if self.clock.now() < self.down_until.load(Ordering::Relaxed) {
            return None;
        }
        let settings = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.config.timeout))
            .set_response_timeout(Some(self.config.timeout));
        match self
            .client
            .get_multiplexed_async_connection_with_config(&settings)
            .await
        {
            Ok(c) => {
                *self.conn.lock().unwrap_or_else(|e| e.into_inner()) = Some(c.clone());
                Some(c)
            }
            Err(e) => {
                self.failed(&e);
                None
            }
        }
    }

    /// Redis failed: stop trying for a while, and say so once.
    fn failed(&self, e: &redis::RedisError) {
        self.conn.lock().unwrap_or_else(|e| e.into_inner()).take();
        let until = self.clock.now() + millis(self.config.retry_after);
        self.down_until.store(until, Ordering::Relaxed);
        if !self.down_logged.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                url = %self.config.url,
                error = %e,
                "the cache's Redis is unreachable; values are computed locally until it is back"
            );
        }
    }

    /// A command succeeded: if an outage was logged, say it is over.
    fn reached(&self) {
        if self.down_logged.swap(false, Ordering::Relaxed) {
            tracing::info!(url = %self.config.url, "the cache's Redis is reachable again");
        }
    }

    /// Runs `cmd`; `None` (and Redis marked down) when it fails.
    async fn query<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Option<T> {
        let mut conn = self.conn().await?;
        match cmd.query_async::<T>(&mut conn).await {
            Ok(v) => {
                self.reached();
                Some(v)
            }
            Err(e) => {
                self.failed(&e);
                None
            }
        }
    }

    /// Runs `cmd` where the caller needs to know it failed.
    async fn must<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, Error> {
        let Some(mut conn) = self.conn().await else {
            return Err(Error::store("Redis is unreachable"));
        };
        match cmd.query_async::<T>(&mut conn).await {
            Ok(v) => {
                self.reached();
                Ok(v)
            }
            Err(e) => {
                self.failed(&e);
                Err(Error::store(e))
            }
        }
    }

    /// Lets the lease go, if it is still ours.
    async fn release(&self, lease: &str, token: &str) {
        let _: Option<Value> = self
            .query(redis::cmd("EVAL").arg(RELEASE).arg(1).arg(lease).arg(token))
            .await;
    }

    /// Computes locally and counts it.
    async fn compute(&self, fut: ComputeFuture) -> Result<Bytes, Error> {
        self.computations.incr();
        let out = flight::guarded(fut).await;
        if out.is_err() {
            self.errors.incr();
        }
        out
    }

    /// Finds `key` in Redis, or computes it: here if this instance takes
    /// the lease (or Redis is down), else by waiting for the instance that
    /// holds it.
    async fn fill(
        self: Arc<Self>,
        key: String,
        ttl: Duration,
        fut: ComputeFuture,
    ) -> Result<Bytes, Error> {
        let data = self.config.key(&key);
        let lease = self.config.lease_key(&key);
        let token = token();
        let deadline = self.clock.now() + millis(self.config.lease);
        loop {
            let found: Option<Option<Vec<u8>>> = self.query(redis::cmd("GET").arg(&data)).await;
            let found = match found {
                None => break,
                Some(found) => found,
            };
            if let Some(html) = found {
                self.hits.incr();
                return Ok(Bytes::from(html));
            }
            let taken: Option<Value> = self
                .query(
                    redis::cmd("SET")
                        .arg(&lease)
                        .arg(&token)
                        .arg("NX")
                        .arg("PX")
                        .arg(millis(self.config.lease).max(1)),
                )
                .await;
            match taken {
                None => break,
                Some(Value::Okay) => {
                    // The holder before us writes its value before it lets
                    // the lease go: look again now that we hold it.
                    let again: Option<Option<Vec<u8>>> =
                        self.query(redis::cmd("GET").arg(&data)).await;
                    if let Some(Some(html)) = again {
                        self.release(&lease, &token).await;
                        self.hits.incr();
                        return Ok(Bytes::from(html));
                    }
                    self.misses.incr();
                    let out = self.compute(fut).await;
                    if let Ok(html) = &out
                        && !ttl.is_zero()
                    {
                        let mut set = redis::cmd("SET");
                        set.arg(&data)
                            .arg(html.as_ref())
                            .arg("PX")
                            .arg(millis(ttl).max(1));
                        let _: Option<Value> = self.query(&set).await;
                    }
                    self.release(&lease, &token).await;
                    return out;
                }
                // Another instance holds the lease: wait for its value.
                Some(_) => {}
            }
            if self.clock.now() >= deadline {
                break;
            }
            tokio::time::sleep(self.config.poll).await;
        }
        // Redis is down, or the lease holder never wrote: compute here.
        self.misses.incr();
        self.fallbacks.incr();
        self.compute(fut).await
    }
}

/// A lease token: random, so that an instance never releases another's.
fn token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // Without randomness, a token unique to this process and moment.
        let n = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        bytes = (n ^ u128::from(std::process::id())).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Store for RedisStore {
    fn get_or_compute<'a>(
        &'a self,
        key: &'a str,
        ttl: Duration,
        mut compute: Compute<'a>,
    ) -> StoreFuture<'a, Result<Bytes, Error>> {
        let inner = self.inner.clone();
        let joined = self.inner.flights.join(
            key,
            || None,
            move || Box::pin(inner.fill(key.to_owned(), ttl, compute.start())),
            |_| {},
        );
        match joined {
            Joined::Ready(html) => StoreFuture::ready(Ok(html)),
            Joined::Wait(rx) => StoreFuture::boxed(flight::wait(rx)),
        }
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<Option<Bytes>, Error>> {
        StoreFuture::boxed(async move {
            let found: Option<Vec<u8>> = self
                .inner
                .must(redis::cmd("GET").arg(self.inner.config.key(key)))
                .await?;
            match &found {
                Some(_) => self.inner.hits.incr(),
                None => self.inner.misses.incr(),
            }
            Ok(found.map(Bytes::from))
        })
    }

    fn set<'a>(
        &'a self,
        key: &'a str,
        value: Bytes,
        ttl: Duration,
    ) -> StoreFuture<'a, Result<(), Error>> {
        StoreFuture::boxed(async move {
            let data = self.inner.config.key(key);
            if ttl.is_zero() {
                let _: Value = self.inner.must(redis::cmd("DEL").arg(data)).await?;
                return Ok(());
            }
            let _: Value = self
                .inner
                .must(
                    redis::cmd("SET")
                        .arg(data)
                        .arg(value.as_ref())
                        .arg("PX")
                        .arg(millis(ttl).max(1)),
                )
                .await?;
            Ok(())
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), Error>> {
        StoreFuture::boxed(async move {
            self.inner.flights.forget(key);
            let _: Value = self
                .inner
                .must(redis::cmd("DEL").arg(self.inner.config.key(key)))
                .await?;
            Ok(())
        })
    }

    fn purge(&self) -> StoreFuture<'_, Result<(), Error>> {
        StoreFuture::boxed(async move {
            self.inner.flights.forget_all();
            let pattern = self.inner.config.pattern();
            let mut cursor: u64 = 0;
            loop {
                let (next, keys): (u64, Vec<String>) = self
                    .inner
                    .must(
                        redis::cmd("SCAN")
                            .arg(cursor)
                            .arg("MATCH")
                            .arg(&pattern)
                            .arg("COUNT")
                            .arg(1000),
                    )
                    .await?;
                if !keys.is_empty() {
                    let _: Value = self.inner.must(redis::cmd("UNLINK").arg(&keys)).await?;
                }
                if next == 0 {
                    return Ok(());
                }
                cursor = next;
            }
        })
    }

    fn stats(&self) -> Stats {
        let i = &self.inner;
        Stats {
            hits: i.hits.get(),
            misses: i.misses.get(),
            computations: i.computations.get(),
            errors: i.errors.get(),
            fallbacks: i.fallbacks.get(),
            ..Stats::default()
        }
    }
}
