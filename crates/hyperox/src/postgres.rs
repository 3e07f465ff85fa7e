//! A PostgreSQL client that outlives its connection (feature
//! `postgres`): after the server restarts or the network drops it, the
//! next call connects again, so an app keeps going without a restart of
//! its own. One connection, shared; tokio-postgres pipelines the queries
//! of concurrent callers on it.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::RwLock;

/// A client of the database at one URL, connected on first use and again
/// after its connection is lost.
///
/// # Example
///
/// ```no_run
/// use hyperox::postgres::Reconnecting;
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let db = Reconnecting::new("postgres://app@127.0.0.1/app").unwrap();
/// let client = db.client().await.unwrap();
/// let one: i32 = client.query_one("SELECT 1", &[]).await.unwrap().get(0);
/// assert_eq!(one, 1);
/// # });
/// ```
pub struct Reconnecting {
    config: tokio_postgres::Config,
    client: RwLock<Option<Arc<tokio_postgres::Client>>>,
}

impl std::fmt::Debug for Reconnecting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reconnecting").finish_non_exhaustive()
    }
}

impl Reconnecting {
    /// A client of the database at `url` (`postgres://user@host/db`),
    /// each connection attempt bounded to 5 s; nothing is connected yet.
    ///
    /// # Errors
    ///
    /// A URL that is not valid.
    pub fn new(url: &str) -> Result<Self, tokio_postgres::Error> {
        let mut config: tokio_postgres::Config = url.parse()?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        Ok(Self::from_config(config))
    }

    /// A client with these settings (its own connect timeout, say);
    /// nothing is connected yet.
    pub fn from_config(config: tokio_postgres::Config) -> Self {
        Self {
            config,
            client: RwLock::new(None),
        }
    }

    /// The connected client: the current one, or a new connection when
    /// there is none or it was lost.
    ///
    /// # Errors
    ///
    /// The server cannot be reached or refuses the connection.
    pub async fn client(&self) -> Result<Arc<tokio_postgres::Client>, tokio_postgres::Error> {
        if let Some(c) = &*self.client.read().await
            && !c.is_closed()
        {
            return Ok(c.clone());
        }
        let mut slot = self.client.write().await;
        if let Some(c) = &*slot
            && !c.is_closed()
        {
            return Ok(c.clone());
        }
        let (client, connection) = self.config.connect(tokio_postgres::NoTls).await?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!("a PostgreSQL connection ended: {e}");
            }
        });
        let client = Arc::new(client);
        *slot = Some(client.clone());
        Ok(client)
    }
}
