//! The start of an app's `main`: settings read, logging set up, errors
//! said in one line.

use crate::Config;
use std::future::Future;
use std::process::ExitCode;

/// Reads the settings ([`Config::from_env`]), sets up logging from
/// `HYPEROX_LOG` (so what the app logs before serving shows), runs
/// `app` with the settings, and turns its result into the process's exit
/// code, saying an error as `error: …` on standard error.
///
/// # Example
///
/// ```no_run
/// use hyperox::{App, Cx, Page};
///
/// async fn index(_cx: Cx<'_, ()>) -> Page {
///     Page::new("hello")
/// }
///
/// #[tokio::main]
/// async fn main() -> std::process::ExitCode {
///     hyperox::run(|config| async move {
///         tracing::info!("serving on {}", config.addr);
///         let mut app = App::new(());
///         app.page("/", index)?;
///         app.serve().await?;
///         Ok(())
///     })
///     .await
/// }
/// ```
pub async fn run<F, Fut>(app: F) -> ExitCode
where
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = Result<(), Box<dyn std::error::Error>>>,
{
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    crate::log::init(&config.log);
    match app(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
