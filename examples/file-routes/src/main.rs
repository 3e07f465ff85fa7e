//! Serves the file-routes example on 127.0.0.1:3000 (`PORT`).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    file_routes::app()?.serve().await?;
    Ok(())
}
