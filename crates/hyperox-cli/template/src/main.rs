//! Serves the app on 127.0.0.1:3000 (`HOST`, `PORT`); `hyperox dev`
//! serves it with live reload. `hyperox::run` reads the settings, logs
//! as `HYPEROX_LOG` says and turns an error into one line and an exit
//! code.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|_| async { Ok(hyperox_starter::app()?.serve().await?) }).await
}
