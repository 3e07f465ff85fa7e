//! Serves the chat on 127.0.0.1:3000 (`PORT`, `HOST`), with its history in
//! the PostgreSQL database `DATABASE_URL` names, else in the SQLite file
//! `chat.db` (`CHAT_DB`); live messages through Redis when
//! `HYPEROX_REDIS_URL` is set (the `redis` feature).

use chat::store::Store;
use std::path::PathBuf;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HYPEROX_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let store = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let store = Store::postgres(&url)
                .await
                .map_err(|e| format!("opening DATABASE_URL: {e}"))?;
            tracing::info!("messages stored in PostgreSQL");
            store
        }
        _ => {
            let path =
                std::env::var_os("CHAT_DB").map_or_else(|| PathBuf::from("chat.db"), PathBuf::from);
            let store =
                Store::sqlite(&path).map_err(|e| format!("opening {}: {e}", path.display()))?;
            tracing::info!("messages stored in {}", path.display());
            store
        }
    };
    chat::app_with(store, hub().await?)?.serve().await?;
    Ok(())
}

/// The live messages: through Redis when `HYPEROX_REDIS_URL` is set (the
/// `redis` feature), so that pages on every instance see every message
/// and who is in each room; else within this process.
async fn hub() -> Result<hyperox_ws::Hub, Box<dyn std::error::Error>> {
    let config = hyperox_ws::HubConfig::default();
    #[cfg(feature = "redis")]
    if let Ok(url) = std::env::var("HYPEROX_REDIS_URL") {
        let broker = hyperox_ws::RedisBroker::connect(hyperox_ws::RedisBrokerConfig::new(url))
            .await
            .map_err(|e| format!("live messages through Redis: {e}"))?;
        return Ok(hyperox_ws::Hub::with_broker(config, broker));
    }
    Ok(hyperox_ws::Hub::new(config))
}
