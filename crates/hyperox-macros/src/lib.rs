//! The macros of hyperox: `#[page]`, `#[partial]`, and the `html!`
//! behind `hyperox_html::html!`.
//!
//! `#[page]` and `#[partial(post)]` leave the function as written and add
//! beside it the handler the router calls, which reads the function's
//! typed arguments (path params, `Form<T>`, `Query<T>`) from the request.
//! The build step (`hyperox-build`) reads the same signatures to register
//! the handlers and generate typed links.

mod html;
mod items;
mod route;
mod sub_context;
mod table;

use proc_macro::TokenStream;

/// The implementation of `hyperox_html::html!`, which passes its crate's
/// path first; use that macro.
#[doc(hidden)]
#[proc_macro]
pub fn html_impl(input: TokenStream) -> TokenStream {
    html::expand(input.into()).into()
}

/// hyperox-html's tag types and element functions, from the table.
#[doc(hidden)]
#[proc_macro]
pub fn __element_items(_: TokenStream) -> TokenStream {
    items::elements().into()
}

/// hyperox-html's attribute helpers, from the table.
#[doc(hidden)]
#[proc_macro]
pub fn __attr_items(_: TokenStream) -> TokenStream {
    items::attrs().into()
}

/// Tests holding `html!` to the builder for every element and attribute
/// of the table, through the caller's `same!(expr)` macro.
#[doc(hidden)]
#[proc_macro]
pub fn __parity_tests(_: TokenStream) -> TokenStream {
    items::parity_tests().into()
}

/// Marks a partial: a `pub async fn` in a file under `src/partials`,
/// served at `/_partials/<file path>/<name>` for the methods it names
/// (GET when none is named): `#[partial]`, `#[partial(post)]`,
/// `#[partial(get, post)]`.
///
/// After `cx: Cx<'_>` it takes typed arguments, read from the request
/// before it runs: path params by name (`id: i64` in
/// `partials/todos/[id].rs`; a segment that does not parse is a 404),
/// `Form<T>` for the form body and `Query<T>` for the query string (bad
/// input: 400, 413 or 415). The build step generates its typed link,
/// `urls::partials::todos::by_id::toggle(id)`, and registers it.
///
/// # Example
///
/// ```
/// use hyperox::{Cx, Form, Partial, partial};
///
/// #[derive(serde::Deserialize)]
/// struct Rename { title: String }
///
/// #[partial(post)]
/// pub async fn rename(_cx: Cx<'_, ()>, id: i64, Form(r): Form<Rename>) -> Partial {
///     Partial::new(format!("{id}: {}", r.title))
/// }
/// ```
///
/// Only known methods, each once:
///
/// ```compile_fail
/// #[hyperox::partial(fetch)]
/// pub async fn p(_cx: hyperox::Cx<'_, ()>) -> hyperox::Partial { hyperox::Partial::empty() }
/// ```
///
/// Only on a `pub async fn`:
///
/// ```compile_fail
/// #[hyperox::partial]
/// fn p(_cx: hyperox::Cx<'_, ()>) -> hyperox::Partial { hyperox::Partial::empty() }
/// ```
#[proc_macro_attribute]
pub fn partial(args: TokenStream, item: TokenStream) -> TokenStream {
    route::expand(route::Kind::Partial, args.into(), item.into()).into()
}

/// Marks a page: the `pub async fn page` of a file under `src/pages`,
/// answering GET and HEAD at the file's route. It takes typed arguments
/// after `cx: Cx<'_>` as [`partial`](macro@partial) does: path params
/// by name (`id: u32` in `pages/users/[id].rs`) and `Query<T>`.
///
/// # Example
///
/// ```
/// use hyperox::{Cx, Page, Query, page};
/// use hyperox::html::prelude::*;
///
/// #[derive(serde::Deserialize)]
/// struct Tab { tab: Option<String> }
///
/// #[page]
/// pub async fn page(_cx: Cx<'_, ()>, id: u32, Query(t): Query<Tab>) -> Page {
///     Page::new(p(textf!("user {id}, tab {}", t.tab.unwrap_or_default())))
/// }
/// ```
///
/// A path param must parse from a segment:
///
/// ```compile_fail
/// #[hyperox::page]
/// pub async fn page(_cx: hyperox::Cx<'_, ()>, id: Vec<u8>) -> hyperox::Page { hyperox::Page::new(()) }
/// ```
#[proc_macro_attribute]
pub fn page(args: TokenStream, item: TokenStream) -> TokenStream {
    route::expand(route::Kind::Page, args.into(), item.into()).into()
}

/// Derives `SubContext` for a child context that owns its parent in the
/// field marked `#[parent]`: `from_parent` fills the other fields with
/// their `Default`, `into_parent` gives the parent back, `Deref` and
/// `DerefMut` reach the parent's fields, and `Default` is there when the
/// parent is `Default`.
///
/// Through a crate that re-exports the router, name it:
/// `#[sub_context(crate = "hyperox::router")]`.
///
/// # Example
///
/// ```
/// use hyperox_router::{Request, Router, SubContext};
///
/// #[derive(Default)]
/// struct App { user: Option<String> }
///
/// #[derive(SubContext)]
/// struct Admin { #[parent] app: App, audit: Vec<String> }
///
/// async fn reports(cx: &mut Admin, _: &mut Request) -> String {
///     cx.audit.push("reports".into());
///     format!("reports for {:?}", cx.user)
/// }
///
/// let mut app = Router::<App>::new();
/// app.subrouter::<Admin>("/admin").unwrap().get("/reports", reports).unwrap();
/// ```
///
/// Without a `#[parent]` field there is nothing to derive from:
///
/// ```compile_fail
/// #[derive(hyperox_router::SubContext)]
/// struct Admin { audit: Vec<String> }
/// ```
#[proc_macro_derive(SubContext, attributes(parent, sub_context))]
pub fn derive_sub_context(input: TokenStream) -> TokenStream {
    sub_context::expand(input.into()).into()
}
