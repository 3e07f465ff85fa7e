//! A broker on Redis: pub/sub carries every message to every instance,
//! a Lua script numbers a room's messages and keeps its recent ones in a
//! list (one round trip, so ids follow publishing order), and presence is
//! a hash per room whose fields name the instance, counted only while that
//! instance's liveness key lives.

use crate::live::broker::{BoxFuture, Broker, Deliver, Error, Since, since};
use crate::live::message::{Message, To};
use futures_util::StreamExt;
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client};
use std::collections::BTreeSet;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a [`RedisBroker`] connects.
///
/// # Example
///
/// ```
/// let config = hyperox::live::RedisBrokerConfig::new("redis://127.0.0.1:6379");
/// assert_eq!(config.namespace, "hyperox-ws");
/// ```
#[derive(Debug, Clone)]
pub struct RedisBrokerConfig {
    /// The server: `redis://host:port/db`.
    pub url: String,
    /// The prefix of every key and channel (instances of one app share
    /// it; apps sharing a server do not).
    pub namespace: String,
    /// How long an instance that stopped refreshing its liveness (it
    /// crashed) still counts for presence.
    pub presence_ttl: Duration,
    /// The timeout of each command.
    pub timeout: Duration,
}

impl RedisBrokerConfig {
    /// The settings for the server at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            namespace: "hyperox-ws".to_owned(),
            presence_ttl: Duration::from_secs(15),
            timeout: Duration::from_secs(2),
        }
    }
}

/// A broker on Redis pub/sub, for several instances of an app.
pub struct RedisBroker {
    inner: Arc<Shared>,
}

struct Shared {
    client: Client,
    config: RedisBrokerConfig,
    /// This instance's name in presence fields.
    instance: String,
    conn: Mutex<Option<MultiplexedConnection>>,
}

impl fmt::Debug for RedisBroker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBroker")
            .field("instance", &self.inner.instance)
            .field("namespace", &self.inner.config.namespace)
            .finish_non_exhaustive()
    }
}

/// Numbers a room message, keeps it among the room's last ARGV[2] and
/// publishes it: KEYS are the counter, the list and the channel; ARGV[1]
/// is the message with `"id":null`.
///
/// A room's first id counts on from Redis's clock in microseconds, so that
/// when Redis starts afresh (its counters lost), new ids are greater than
/// any a client saw before.
const PUBLISH_KEPT: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 0 then
  local t = redis.call('TIME')
  redis.call('SET', KEYS[1], t[1] .. string.format('%06d', tonumber(t[2])))
end
-- As digits: Lua would write a number this large with an exponent.
local id = string.format('%d', redis.call('INCR', KEYS[1]))
local m = string.gsub(ARGV[1], '"id":null', '"id":' .. id, 1)
redis.call('RPUSH', KEYS[2], m)
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PUBLISH', KEYS[3], m)
return id
"#;

impl RedisBroker {
    /// A broker on the server `config` names; it connects now and says so
    /// if it cannot.
    ///
    /// # Errors
    ///
    /// The URL is not valid, or the server does not answer.
    pub async fn connect(config: RedisBrokerConfig) -> Result<Self, Error> {
        let client = Client::open(config.url.as_str()).map_err(|e| Error::new(e.to_string()))?;
        let instance = format!(
            "{:x}-{:x}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let broker = Self {
            inner: Arc::new(Shared {
                client,
                config,
                instance,
                conn: Mutex::new(None),
            }),
        };
        broker.inner.alive().await?;
        Ok(broker)
    }

    /// This instance's name in presence.
    pub fn instance(&self) -> &str {
        &self.inner.instance
    }
}

impl Shared {
    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}:{kind}:{name}", self.config.namespace)
    }

    fn channel(&self) -> String {
        format!("{}:bus", self.config.namespace)
    }

    async fn conn(&self) -> Result<MultiplexedConnection, Error> {
        if let Some(c) = self.conn.lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(c);
        }
        let settings = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.config.timeout))
            .set_response_timeout(Some(self.config.timeout));
        let c = self
            .client
            .get_multiplexed_async_connection_with_config(&settings)
            .await
            .map_err(|e| Error::new(e.to_string()))?;
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = Some(c.clone());
        Ok(c)
    }

    async fn run<T: redis::FromRedisValue>(&self, cmd: &redis::Cmd) -> Result<T, Error> {
        let mut conn = self.conn().await?;
        match cmd.query_async::<T>(&mut conn).await {
            Ok(v) => Ok(v),
            Err(e) => {
                // The next command connects afresh.
                *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = None;
                Err(Error::new(e.to_string()))
            }
        }
    }

    /// Refreshes this instance's liveness key.
    async fn alive(&self) -> Result<(), Error> {
        let ttl = u64::try_from(self.config.presence_ttl.as_millis()).unwrap_or(u64::MAX);
        self.run::<()>(
            redis::cmd("SET")
                .arg(self.key("alive", &self.instance))
                .arg(1)
                .arg("PX")
                .arg(ttl.max(1)),
        )
        .await
    }
}

impl Broker for RedisBroker {
    fn start(&self, deliver: Deliver) {
        let shared = self.inner.clone();
        tokio::spawn(async move {
            // Whether the outage was said already: once when it starts, once
            // when it ends.
            let mut down = false;
            loop {
                let subscribed = match shared.client.get_async_pubsub().await {
                    Ok(mut pubsub) => pubsub.subscribe(shared.channel()).await.map(|()| pubsub),
                    Err(e) => Err(e),
                };
                match subscribed {
                    Ok(pubsub) => {
                        if down {
                            tracing::info!("realtime broker: Redis is back");
                        }
                        let mut messages = pubsub.into_on_message();
                        while let Some(msg) = messages.next().await {
                            match serde_json::from_slice::<Message>(msg.get_payload_bytes()) {
                                Ok(m) => deliver(m),
                                Err(e) => tracing::warn!(
                                    "realtime broker: a message that does not parse: {e}"
                                ),
                            }
                        }
                        tracing::warn!(
                            "realtime broker: lost the Redis subscription; reconnecting"
                        );
                    }
                    Err(e) if !down => tracing::warn!("realtime broker: Redis is unreachable: {e}"),
                    Err(_) => {}
                }
                down = true;
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        });
        let shared = self.inner.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(shared.config.presence_ttl / 3);
            loop {
                tick.tick().await;
                if let Err(e) = shared.alive().await {
                    tracing::debug!("{e}");
                }
            }
        });
    }

    fn publish(&self, message: Message, history: usize) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async move {
            let shared = &self.inner;
            let text = serde_json::to_string(&message).map_err(|e| Error::new(e.to_string()))?;
            match &message.to {
                To::Room(room) if history > 0 => {
                    let _: u64 = shared
                        .run(
                            redis::cmd("EVAL")
                                .arg(PUBLISH_KEPT)
                                .arg(3)
                                .arg(shared.key("seq", room))
                                .arg(shared.key("history", room))
                                .arg(shared.channel())
                                .arg(&text)
                                .arg(history),
                        )
                        .await?;
                }
                _ => {
                    let _: u64 = shared
                        .run(redis::cmd("PUBLISH").arg(shared.channel()).arg(&text))
                        .await?;
                }
            }
            Ok(())
        })
    }

    fn since(&self, room: &str, after: u64) -> BoxFuture<'_, Result<Since, Error>> {
        let key = self.inner.key("history", room);
        let seq = self.inner.key("seq", room);
        Box::pin(async move {
            // The counter first: a message published between the two
            // reads is newer than it, never a false gap.
            let last: Option<u64> = self.inner.run(redis::cmd("GET").arg(&seq)).await?;
            let kept: Vec<Vec<u8>> = self
                .inner
                .run(redis::cmd("LRANGE").arg(&key).arg(0).arg(-1))
                .await?;
            let mut messages: Vec<Message> = kept
                .iter()
                .filter_map(|m| serde_json::from_slice(m).ok())
                .collect();
            messages.sort_by_key(|m| m.id);
            Ok(since(messages.iter(), last.unwrap_or(0), after))
        })
    }

    fn join(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>> {
        let key = self.inner.key("presence", room);
        let field = format!("{}\u{0}{member}", self.inner.instance);
        Box::pin(async move {
            self.inner.alive().await?;
            self.inner
                .run::<()>(redis::cmd("HSET").arg(&key).arg(&field).arg(1))
                .await
        })
    }

    fn leave(&self, room: &str, member: &str) -> BoxFuture<'_, Result<(), Error>> {
        let key = self.inner.key("presence", room);
        let field = format!("{}\u{0}{member}", self.inner.instance);
        Box::pin(async move {
            self.inner
                .run::<()>(redis::cmd("HDEL").arg(&key).arg(&field))
                .await
        })
    }

    fn members(&self, room: &str) -> BoxFuture<'_, Result<Vec<String>, Error>> {
        let key = self.inner.key("presence", room);
        Box::pin(async move {
            let shared = &self.inner;
            let fields: Vec<String> = shared.run(redis::cmd("HKEYS").arg(&key)).await?;
            let entries: Vec<(&str, &str)> = fields
                .iter()
                .filter_map(|f| f.split_once('\u{0}'))
                .collect();
            let instances: Vec<&str> = entries
                .iter()
                .map(|(i, _)| *i)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if instances.is_empty() {
                return Ok(Vec::new());
            }
            let mut mget = redis::cmd("MGET");
            for i in &instances {
                mget.arg(shared.key("alive", i));
            }
            let alive: Vec<Option<String>> = shared.run(&mget).await?;
            let live: BTreeSet<&str> = instances
                .iter()
                .zip(&alive)
                .filter(|(_, a)| a.is_some())
                .map(|(i, _)| *i)
                .collect();
            // Fields of instances that died go.
            let dead: Vec<&String> = fields
                .iter()
                .filter(|f| {
                    f.split_once('\u{0}')
                        .is_some_and(|(i, _)| !live.contains(i))
                })
                .collect();
            if !dead.is_empty() {
                let _: Result<(), Error> = shared.run(redis::cmd("HDEL").arg(&key).arg(dead)).await;
            }
            let names: BTreeSet<String> = entries
                .iter()
                .filter(|(i, _)| live.contains(i))
                .map(|(_, m)| (*m).to_owned())
                .collect();
            Ok(names.into_iter().collect())
        })
    }
}
