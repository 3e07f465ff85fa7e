//! Serves the todo app on 127.0.0.1:3000 (`PORT`, `HOST`), storing todos in
//! `todo.db` (`TODO_DB`); live updates through Redis when
//! `HYPEROX_REDIS_URL` is set (the `redis` feature).

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    // The database has its own writer thread and reads on the workers, so
    // tokio's blocking pool only serves the odd file read: keep it small.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(8)
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(hyperox::run(|config| async move {
        let path =
            std::env::var_os("TODO_DB").map_or_else(|| PathBuf::from("todo.db"), PathBuf::from);
        let db =
            todo::db::Db::open(&path).map_err(|e| format!("opening {}: {e}", path.display()))?;
        tracing::info!("todos stored in {}", path.display());
        let hub = hyperox_ws::Hub::from_config(&config).await?;
        todo::app_with(db, hub)?.serve().await?;
        Ok(())
    }))
}
