#![doc = include_str!("../README.md")]

mod app;
pub mod assets;
pub mod config;
mod context;
pub mod cookie;
pub mod csrf;
mod error;
mod origin;
mod page;
mod sse;

pub use app::{App, CxFn};
pub use config::{Config, Env};
pub use context::{Ctx, Cx};
pub use error::{Rejection, Result};
pub use hyperox_macros::partial;
pub use page::{Page, Partial, RouteRef};

/// The router: `Router`, `Request`, middleware, `serve`.
pub use hyperox_router as router;

/// The HTML builder, htmx helpers and JS commands.
pub use hyperox_html as html;

/// `http`'s types.
pub use hyperox_router::http;

/// Takes in what `hyperox-build` generated: the `pages`, `partials`,
/// `urls` and `assets` modules and `fn routes(app)`. Use it once, at the
/// crate root.
#[macro_export]
macro_rules! routes {
    () => {
        include!(concat!(env!("OUT_DIR"), "/hyperox_routes.rs"));
    };
}

/// Everything a page or partial file needs: `use hyperox::prelude::*;`.
pub mod prelude {
    pub use crate::html::htmx;
    pub use crate::html::prelude::*;
    pub use crate::router::{IntoResponse, Response};
    pub use crate::{Cx, Page, Partial, Rejection, RouteRef, partial};
}
