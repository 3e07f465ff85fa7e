//! Serves the app on 127.0.0.1:3000 (`HOST`, `PORT`); `hyperox dev`
//! serves it with live reload.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    {{crate}}::app()?.serve().await?;
    Ok(())
}
