#![doc = include_str!("../README.md")]

mod body;
mod context;
mod error;
mod handler;
pub mod middleware;
mod options;
mod panic;
mod request;
mod response;
mod router;
mod routing;
#[cfg(feature = "server")]
pub mod server;
mod service;
pub mod test;

pub use body::{Body, BodyTimeout, BodyTooLarge};
pub use context::SubContext;
pub use error::{BoxError, Error, PanicReport, RouteError};
pub use handler::{
    BoxFuture, ErrorHandler, Handler, Middleware, Next, NoCtx, NoCtxNext, OptionsHandler, no_ctx,
};
#[cfg(feature = "derive")]
pub use hyperox_macros::SubContext;
pub use request::Request;
pub use response::{IntoResponse, Response, pending_error, take_pending_error};
pub use router::Router;
pub use routing::CATCH_ALL;
#[cfg(feature = "server")]
pub use server::{Server, serve, shutdown_signal};
pub use service::{RouteMatch, RouterService};

pub use http;
