//! Serves the site on 127.0.0.1:3000 (`HOST`, `PORT`).

#[tokio::main]
async fn main() -> std::process::ExitCode {
    hyperox::run(|_| async {
        let app = site::app()?;
        site::examples::start_clock(app.live().clone());
        Ok(app.serve().await?)
    })
    .await
}
