//! Serves the echo socket on 127.0.0.1:3000 (`PORT`, `HOST`).

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HYPEROX_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let served = match echo::default_app() {
        Ok(app) => app.serve().await.map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
