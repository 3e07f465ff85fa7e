//! Serves the counter on 127.0.0.1:3000 (`PORT`, `HOST`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|_| async { Ok(counter_ws::default_app()?.serve().await?) }).await
}
