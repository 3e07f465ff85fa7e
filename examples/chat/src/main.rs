//! Serves the chat on 127.0.0.1:3000 (`PORT`, `HOST`), with its history in
//! the PostgreSQL database `DATABASE_URL` names, else in the SQLite file
//! `chat.db` (`CHAT_DB`); live messages through Redis when
//! `HYPEROX_REDIS_URL` is set (the `redis` feature).

use chat::store::Store;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|config| async move {
        let store = match std::env::var("DATABASE_URL") {
            Ok(url) if !url.is_empty() => {
                let store = Store::postgres(&url)
                    .await
                    .map_err(|e| format!("opening DATABASE_URL: {e}"))?;
                tracing::info!("messages stored in PostgreSQL");
                store
            }
            _ => {
                let path = std::env::var_os("CHAT_DB")
                    .map_or_else(|| PathBuf::from("chat.db"), PathBuf::from);
                let store =
                    Store::sqlite(&path).map_err(|e| format!("opening {}: {e}", path.display()))?;
                tracing::info!("messages stored in {}", path.display());
                store
            }
        };
        let hub = hyperox_ws::Hub::from_config(&config).await?;
        chat::app_with(store, hub)?.serve().await?;
        Ok(())
    })
    .await
}
