//! The signed-in user, typed.

use crate::{Arg, Cx, Rejection};
use std::future::Future;

/// How the app finds a signed-in user from the id it signed in with
/// ([`Session::sign_in`](crate::session::Session::sign_in)): a row of its
/// users table, say. A user that is gone (deleted since) is `None`, and
/// the browser is treated as signed out.
pub trait LoadUser<S>: Clone + Send + Sync + Sized + 'static {
    /// The user whose id is `id`, if there still is one.
    fn load(state: &S, id: &str) -> impl Future<Output = Result<Option<Self>, Rejection>> + Send;
}

/// The signed-in user, as a page or partial argument (`me:
/// SignedIn<User>`) or read in a middleware with [`require`](Self::require)
/// for everything below it. A request from anyone else is sent to the
/// sign-in page ([`Sessions::sign_in_page`](crate::session::Sessions::sign_in_page),
/// `/login` unless set) with the page it asked for as `next`; an htmx
/// request gets `HX-Redirect`, with the page it came from as `next`.
///
/// # Example
///
/// ```
/// use hyperox::auth::{LoadUser, SignedIn};
/// use hyperox::session::{MemoryStore, Sessions};
/// use hyperox::test::Client;
/// use hyperox::{App, Cx, Next, Partial, Rejection};
/// use hyperox::router::{IntoResponse, Response};
///
/// #[derive(Clone)]
/// struct User { name: String }
///
/// impl LoadUser<()> for User {
///     async fn load(_: &(), id: &str) -> Result<Option<User>, Rejection> {
///         Ok((id == "ada").then(|| User { name: "Ada".into() }))
///     }
/// }
///
/// // Everything under /account is for signed-in users only.
/// async fn account_only(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
///     if cx.uri().path().starts_with("/account")
///         && let Err(r) = SignedIn::<User>::require(&mut cx).await
///     {
///         return r.into_response();
///     }
///     next.run(&mut cx).await
/// }
///
/// async fn account(cx: Cx<'_, ()>) -> Partial {
///     let SignedIn(me) = cx.get::<SignedIn<User>>().cloned().expect("put there by account_only");
///     Partial::new(format!("Hello, {}", me.name))
/// }
///
/// async fn sign_in(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
///     cx.session().await?.sign_in("ada");
///     Ok(Partial::redirect("/account"))
/// }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let mut app = App::new(());
/// app.sessions(Sessions::new(MemoryStore::new()));
/// app.middleware(account_only);
/// app.page("/account", account).unwrap().page("/in", sign_in).unwrap();
/// let client = Client::new(app);
/// let away = client.get("/account").await;
/// assert_eq!(away.status(), 303);
/// assert_eq!(away.header("location"), Some("/login?next=%2Faccount"));
/// client.get("/in").await;
/// assert_eq!(client.get("/account").await.text(), "Hello, Ada");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct SignedIn<U>(pub U);

impl<U> SignedIn<U> {
    /// The signed-in user of `cx`, loaded once a request and kept in its
    /// values (where handlers below read it); else the redirect to the
    /// sign-in page, as a rejection to answer with.
    ///
    /// # Errors
    ///
    /// The redirect, or the store's or loader's rejection.
    pub async fn require<S>(cx: &mut Cx<'_, S>) -> Result<U, Rejection>
    where
        S: Send + Sync + 'static,
        U: LoadUser<S>,
    {
        if let Some(SignedIn(user)) = cx.get::<SignedIn<U>>() {
            return Ok(user.clone());
        }
        let id = cx.session().await?.user().map(str::to_owned);
        let user = match id {
            Some(id) => U::load(cx.state(), &id).await?,
            None => None,
        };
        match user {
            Some(user) => {
                cx.insert(SignedIn(user.clone()));
                Ok(user)
            }
            None => Err(Rejection::redirect(&sign_in_url(cx))),
        }
    }
}

impl<S: Send + Sync + 'static, U: LoadUser<S>> Arg<S> for SignedIn<U> {
    async fn extract(cx: &mut Cx<'_, S>, _name: &'static str) -> Result<Self, Rejection> {
        Self::require(cx).await.map(SignedIn)
    }
}

/// The sign-in page, with the page to come back to as `next`.
fn sign_in_url<S: Send + Sync + 'static>(cx: &Cx<'_, S>) -> String {
    let page = cx
        .ctx
        .shared()
        .sessions
        .as_ref()
        .map_or("/login", |s| s.sign_in_page_path());
    // htmx: the page the request came from, not the partial's address.
    let here = match cx.header("hx-current-url") {
        Some(url) => url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_owned()))
            .unwrap_or_else(|| "/".to_owned()),
        None => cx
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned(),
    };
    match super::return_to(&here) {
        Some(next) if next != "/" => {
            let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
            format!("{page}?next={next}")
        }
        _ => page.to_owned(),
    }
}
