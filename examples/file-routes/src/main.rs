//! Serves the file-routes example on 127.0.0.1:3000 (`PORT`, `HOST`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|_| async { Ok(file_routes::app()?.serve().await?) }).await
}
