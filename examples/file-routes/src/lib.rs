//! hyperox's file-path routing conventions, as a small app.

hyperox::routes!();

/// The app with every generated route.
///
/// # Errors
///
/// A route that does not register.
pub fn app() -> Result<hyperox::App<()>, hyperox::router::RouteError> {
    let mut app = hyperox::App::new(());
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}
