//! Serves the todo app on 127.0.0.1:3000 (`PORT`, `HOST`), storing todos in
//! `todo.db` (`TODO_DB`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // The database has its own writer thread and reads on the workers, so
    // tokio's blocking pool only serves the odd file read: keep it small.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(8)
        .build();
    match runtime {
        Ok(rt) => rt.block_on(serve()),
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> ExitCode {
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
    let path = std::env::var_os("TODO_DB").map_or_else(|| PathBuf::from("todo.db"), PathBuf::from);
    let db = todo::db::Db::open(&path).map_err(|e| format!("opening {}: {e}", path.display()))?;
    tracing::info!("todos stored in {}", path.display());
    todo::app_with(db, hub().await?)?.serve().await?;
    Ok(())
}

/// The live-update hub: through Redis when `HYPEROX_REDIS_URL` is set
/// (the `redis` feature), so that pages on every instance hear of a
/// change; else within this process.
async fn hub() -> Result<hyperox_ws::Hub, Box<dyn std::error::Error>> {
    let config = hyperox_ws::HubConfig::default();
    #[cfg(feature = "redis")]
    if let Ok(url) = std::env::var("HYPEROX_REDIS_URL") {
        let broker = hyperox_ws::RedisBroker::connect(hyperox_ws::RedisBrokerConfig::new(url))
            .await
            .map_err(|e| format!("live updates through Redis: {e}"))?;
        return Ok(hyperox_ws::Hub::with_broker(config, broker));
    }
    Ok(hyperox_ws::Hub::new(config))
}
