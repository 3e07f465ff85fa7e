//! Serves the todo app on 127.0.0.1:3000 (`HOST`, `PORT`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|_| async { Ok(tutorial_step2::app()?.serve().await?) }).await
}
