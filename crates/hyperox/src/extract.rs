//! Typed arguments of pages and partials: path params, `Form<T>` and
//! `Query<T>`.

use crate::cx::Cx;
use crate::error::Rejection;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;

/// A value a path segment parses into, and formats back into for a
/// link: the integers, `bool`, `char` and `String` are; implement it for
/// an id type of your own.
///
/// A segment that does not parse makes the request a 404: the URL names
/// nothing.
///
/// # Example
///
/// ```
/// use hyperox::Param;
/// use std::fmt;
///
/// struct Slug(String);
///
/// impl fmt::Display for Slug {
///     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
///         f.write_str(&self.0)
///     }
/// }
///
/// impl Param for Slug {
///     fn parse(segment: &str) -> Option<Self> {
///         let ok = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
///         ok.then(|| Slug(segment.to_owned()))
///     }
/// }
///
/// assert!(Slug::parse("hello-world").is_some());
/// assert!(Slug::parse("Hello").is_none());
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be parsed from a path segment",
    label = "not a path param type",
    note = "a path param is an integer, `bool`, `char`, `String`, or a type that implements `hyperox::Param`",
    note = "the form body is `Form<T>` and the query string `Query<T>`, with `T: serde::Deserialize`"
)]
pub trait Param: Sized + fmt::Display {
    /// The value of a percent-decoded segment, or `None` when it is not
    /// one.
    fn parse(segment: &str) -> Option<Self>;
}

macro_rules! from_str_params {
    ($($t:ty),*) => {$(
        impl Param for $t {
            #[inline]
            fn parse(segment: &str) -> Option<Self> {
                segment.parse().ok()
            }
        }
    )*};
}

from_str_params!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool, char, String
);

/// The urlencoded form body as `T` (serde): a 415 for another content
/// type, 400 naming the field when it does not fit, 413 past the form
/// limit.
///
/// # Example
///
/// ```
/// use hyperox::{Cx, Form, Partial, partial};
///
/// #[derive(serde::Deserialize)]
/// struct NewTodo { title: String }
///
/// #[partial(post)]
/// pub async fn add(_cx: Cx<'_, ()>, Form(todo): Form<NewTodo>) -> Partial {
///     Partial::new(todo.title)
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form<T>(pub T);

/// The query string as `T` (serde): a 400 naming the field when it does
/// not fit.
///
/// # Example
///
/// ```
/// use hyperox::{Cx, Query, Partial, partial};
///
/// #[derive(serde::Deserialize)]
/// struct Search { q: Option<String> }
///
/// #[partial]
/// pub async fn search(_cx: Cx<'_, ()>, Query(s): Query<Search>) -> Partial {
///     Partial::new(s.q.unwrap_or_default())
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query<T>(pub T);

/// What a page or partial can take after its `Cx`: a path param (any
/// [`Param`]), [`Form<T>`] or [`Query<T>`]. `#[page]` and `#[partial]`
/// read each argument through it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from the request as an argument of a page or partial",
    label = "cannot be read from the request",
    note = "after `cx: Cx<'_>`, a page or partial takes path params by name (an integer, `bool`, `char`, `String`, or a `hyperox::Param` type), `Form<T>` for the form body and `Query<T>` for the query string; for `Form<T>` and `Query<T>`, `T` must implement `serde::Deserialize`"
)]
///
/// # Example
///
/// ```
/// use hyperox::{Arg, Cx, Partial, Rejection, partial};
///
/// /// The signed-in user, read from a header set by a proxy in front.
/// pub struct User(String);
///
/// impl<S: Send + Sync + 'static> Arg<S> for User {
///     async fn extract(cx: &mut Cx<'_, S>, _name: &'static str) -> Result<Self, Rejection> {
///         cx.header("x-user")
///             .map(|u| User(u.to_owned()))
///             .ok_or_else(|| Rejection::forbidden("sign in first"))
///     }
/// }
///
/// #[partial]
/// pub async fn me(_cx: Cx<'_, ()>, user: User) -> Partial {
///     Partial::new(user.0)
/// }
/// ```
pub trait Arg<S>: Sized {
    /// Reads the argument named `name` from the request.
    fn extract<'c>(
        cx: &'c mut Cx<'_, S>,
        name: &'static str,
    ) -> impl Future<Output = Result<Self, Rejection>> + Send + 'c;
}

impl<S: Send + Sync + 'static, T: Param + Send + 'static> Arg<S> for T {
    fn extract<'c>(
        cx: &'c mut Cx<'_, S>,
        name: &'static str,
    ) -> impl Future<Output = Result<Self, Rejection>> + Send + 'c {
        // A catch-all `[...name]` is stored under `*`.
        let value = cx.param(name).or_else(|| cx.param("*")).and_then(T::parse);
        std::future::ready(value.ok_or_else(|| Rejection::not_found(format!("no such `{name}`"))))
    }
}

/// What [`Form<T>`] and [`Query<T>`] read into: a type serde can build
/// from the form's or query string's fields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` must implement `serde::Deserialize` to be read from a form or a query string",
    label = "`{Self}` does not implement `serde::Deserialize`",
    note = "add `#[derive(serde::Deserialize)]` to `{Self}` (and `serde` with its `derive` feature to the app's dependencies)"
)]
pub trait FromFields: DeserializeOwned + Send + 'static {}

impl<T: DeserializeOwned + Send + 'static> FromFields for T {}

impl<S: Send + Sync + 'static, T: FromFields> Arg<S> for Form<T> {
    async fn extract(cx: &mut Cx<'_, S>, _name: &'static str) -> Result<Self, Rejection> {
        cx.form().await.map(Form)
    }
}

impl<S: Send + Sync + 'static, T: FromFields> Arg<S> for Query<T> {
    fn extract<'c>(
        cx: &'c mut Cx<'_, S>,
        _name: &'static str,
    ) -> impl Future<Output = Result<Self, Rejection>> + Send + 'c {
        std::future::ready(cx.query().map(Query))
    }
}
