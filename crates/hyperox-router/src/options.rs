//! The answer to OPTIONS: the methods a path allows, handed down the
//! chain, and the automatic answer when the app gives none.

use crate::body::Body;
use crate::handler::{BoxFuture, Endpoint};
use crate::request::Request;
use crate::response::Response;
use http::{HeaderValue, Method, header};

pub(crate) fn join_methods(methods: &[Method]) -> HeaderValue {
    let list: Vec<&str> = methods.iter().map(Method::as_str).collect();
    HeaderValue::from_str(&list.join(", ")).expect("method names are valid header text")
}

/// Methods allowed for an OPTIONS request, handed down the chain.
#[derive(Clone)]
pub(crate) struct AllowedMethods(pub(crate) Vec<Method>);

/// The automatic answer to OPTIONS: 200 with the allowed methods.
pub(crate) struct AutoOptions;

impl<C> Endpoint<C> for AutoOptions {
    fn call<'a>(&'a self, _ctx: &'a mut C, req: &'a mut Request) -> BoxFuture<'a, Response> {
        let methods = req
            .extensions()
            .get::<AllowedMethods>()
            .map(|m| m.0.clone())
            .unwrap_or_default();
        Box::pin(async move {
            let mut res = Response::new(Body::empty());
            res.headers_mut()
                .insert(header::ACCESS_CONTROL_ALLOW_METHODS, join_methods(&methods));
            res.extensions_mut().insert(AllowedMethods(methods));
            res
        })
    }
}
