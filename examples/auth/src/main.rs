//! Serves the sign-in example on 127.0.0.1:3000 (`PORT`, `HOST`), its
//! users in `HYPEROX_DATA_DIR/auth.db`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|config| async move { Ok(auth::app(&config).await?.serve().await?) }).await
}
