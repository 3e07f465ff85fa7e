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
    todo::app(db)?.serve().await?;
    Ok(())
}
