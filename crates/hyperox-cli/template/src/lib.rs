//! The app: its state, its pages and partials (one file each under
//! `src/pages` and `src/partials`) and the layout they share.

use std::sync::atomic::AtomicI64;

hyperox::routes!();

pub mod layout;

/// What every request shares.
#[derive(Debug, Default)]
pub struct State {
    /// The counter on the home page.
    pub count: AtomicI64,
}

/// The app with every page, partial and `public/` file.
///
/// # Errors
///
/// A route that does not register.
pub fn app() -> Result<hyperox::App<State>, hyperox::router::RouteError> {
    let mut app = hyperox::App::new(State::default());
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}
