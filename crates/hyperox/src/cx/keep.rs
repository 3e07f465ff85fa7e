//! What the framework keeps for a request: its CSRF token, session and
//! client address, the page it comes from, and the head tags that carry
//! them to the browser.

use super::Cx;
use crate::assets;
use crate::context::AppContext;
use crate::csrf;
use crate::error::Rejection;
use hyperox_html::Node;
use hyperox_html::dev;
use hyperox_html::prelude::{attr, head, html, link, meta, script};
use hyperox_router::Request;

impl<S: Send + Sync + 'static> Cx<'_, S> {
    /// This client's CSRF token (see [`csrf_field`](Self::csrf_field)).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// use hyperox::html::prelude::*;
    ///
    /// // The token for a request that a script sends itself.
    /// async fn index(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(div((head(cx.head()), data_attr("csrf", cx.csrf_token()))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// let res = client.get("/").await;
    /// let token = client.csrf_token().unwrap();
    /// assert!(res.text().contains(&token));
    /// # });
    /// ```
    pub fn csrf_token(&self) -> &str {
        self.ctx.csrf_token(self.req)
    }

    /// A stable, private id of this browser, for realtime sessions: an
    /// HMAC of its signed CSRF cookie under the app's key, the same for
    /// every tab and request of the browser, unknown to anyone without the
    /// key, and never the token itself. A request without the cookie gets
    /// a new one, set on this response.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn me(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.session_id())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/me", me).unwrap();
    /// let client = Client::new(app);
    /// let first = client.get("/me").await.text().to_owned();
    /// assert_eq!(client.get("/me").await.text(), first, "the same browser");
    /// assert_eq!(first.len(), 32);
    /// let cookie = client.cookie(hyperox::csrf::COOKIE).unwrap();
    /// assert!(!cookie.contains(&first), "not the token");
    /// # });
    /// ```
    pub fn session_id(&self) -> String {
        let token = self.ctx.csrf_token(self.req);
        self.ctx.shared().signer.derive("session", token)
    }

    /// Refuses a request that a browser marks as coming from another site
    /// (403): a `Sec-Fetch-Site` other than `same-origin` or `none`, more
    /// than one `Origin`, or an `Origin` other than the app's, scheme
    /// included. A request with neither header passes. This is the check
    /// every state-changing request gets before its route; a websocket
    /// handshake (a `GET`) needs it by hand, and `hyperox-ws` makes it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial, Rejection};
    /// use hyperox::test::Client;
    /// async fn join(cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
    ///     cx.check_same_origin()?;
    ///     Ok(Partial::new("joined"))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/join", join).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/join").await.status(), 200);
    /// let foreign = client.get("/join").header("origin", "https://evil.example").await;
    /// assert_eq!(foreign.status(), 403);
    /// # });
    /// ```
    pub fn check_same_origin(&self) -> Result<(), Rejection> {
        crate::origin::check_same_origin(&self.ctx.shared().policy, self.req)
    }

    /// This request's session (feature `session`), opened from its
    /// cookie the first time it is asked for; changes are saved after the
    /// handler. See [`session`](crate::session).
    ///
    /// # Errors
    ///
    /// 503 when the store cannot be read (nobody is signed in as someone
    /// else, no session is dropped); 500 when the app keeps no sessions
    /// ([`App::sessions`](crate::App::sessions) was not called).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::session::{MemoryStore, Sessions};
    /// use hyperox::test::Client;
    ///
    /// async fn sign_in(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let session = cx.session().await?;
    ///     session.sign_in("ada");
    ///     session.flash("Welcome back.");
    ///     Ok(Partial::redirect("/"))
    /// }
    /// async fn home(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let session = cx.session().await?;
    ///     let who = session.user().unwrap_or("nobody").to_owned();
    ///     Ok(Partial::new(format!("{who}: {}", session.take_flash().join(" "))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.sessions(Sessions::new(MemoryStore::new()));
    /// app.page("/", home).unwrap().page("/in", sign_in).unwrap();
    /// let client = Client::new(app);
    /// assert_eq!(client.get("/").await.text(), "nobody: ");
    /// client.get("/in").await;
    /// assert_eq!(client.get("/").await.text(), "ada: Welcome back.");
    /// assert_eq!(client.get("/").await.text(), "ada: ", "a flash is shown once");
    /// # });
    /// ```
    #[cfg(feature = "session")]
    pub async fn session(&mut self) -> Result<&mut crate::session::Session, Rejection> {
        if self.ctx.session.is_none() {
            let Some(sessions) = self.ctx.shared().sessions.clone() else {
                return Err(Rejection::new(
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    "this app keeps no sessions: call App::sessions",
                ));
            };
            let https = self.ctx.shared().policy.is_https();
            let session = sessions
                .open(self.req.headers(), https)
                .await
                .map_err(|e| {
                    tracing::error!("{e}; answered 503");
                    Rejection::unavailable("sessions cannot be read now: try again in a moment", 1)
                })?;
            self.ctx.session = Some(session);
        }
        Ok(self.ctx.session.as_mut().expect("opened above"))
    }

    /// The client's address: the peer's, unless the peer is one of the
    /// proxies of `HYPEROX_TRUSTED_PROXIES`, which names the client in
    /// `Forwarded` or `X-Forwarded-For` (read from the last hop back, up
    /// to the first address not trusted). A client cannot name itself
    /// someone else: headers from any other peer are ignored. `None` for
    /// a request that came over no socket (the in-process test client).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    ///
    /// async fn who(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.client_ip().map(|ip| ip.to_string()).unwrap_or_default())
    /// }
    /// App::new(()).page("/who", who).unwrap();
    /// ```
    pub fn client_ip(&self) -> Option<std::net::IpAddr> {
        let peer = self.req.peer_ip()?;
        Some(crate::client_ip::client_ip(
            peer,
            &self.ctx.config().trusted_proxies,
            self.req.headers(),
        ))
    }

    /// The id of the page (one loaded document: one browser tab) this
    /// request comes from, for telling a change to every other page:
    /// `hub.room(…).except_page(cx.page_id())` in `hyperox-ws`. The
    /// bundled client makes the id as the page loads and sends it with
    /// every htmx request, streams included (`X-Hyperox-Page`); a stream
    /// opened otherwise can carry it as the `hyperox-page` query
    /// parameter. A request from no page (a form posted without
    /// JavaScript) gets a new id, which leaves no page out. Pages stay the
    /// same bytes for every load (the id is not in them), so their ETags
    /// hold.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::test::Client;
    /// async fn me(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.page_id().to_owned())
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/me", me).unwrap();
    /// let client = Client::new(app);
    /// let page = "0123456789abcdef0123456789abcdef";
    /// assert_eq!(client.get("/me").header("x-hyperox-page", page).await.text(), page);
    /// assert_eq!(client.get(format!("/me?hyperox-page={page}")).await.text(), page);
    /// assert_ne!(client.get("/me").await.text(), client.get("/me").await.text());
    /// # });
    /// ```
    pub fn page_id(&self) -> &str {
        self.ctx.page_id(self.req)
    }

    /// The app's shutdown signal: it turns `true` when the server begins
    /// to stop, and long-lived streams (server-sent events, websockets)
    /// end on it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    /// async fn status(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(if *cx.shutdown_signal().borrow() { "stopping" } else { "serving" })
    /// }
    /// hyperox::App::new(()).page("/status", status).unwrap();
    /// ```
    pub fn shutdown_signal(&self) -> tokio::sync::watch::Receiver<bool> {
        self.ctx.shared().shutdown.clone()
    }

    /// In development, the id of this server process, which the page's
    /// `hyperox-boot` meta carries: a stream the page listens to that
    /// starts with an `hyperox:boot` event naming another id tells the
    /// bundled client the page is from a process since replaced, and it
    /// reloads (so a page with a stream of its own needs no second one for
    /// live reload). `None` in production.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{Cx, Partial};
    /// async fn boot(cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new(cx.dev_boot_id().unwrap_or("production").to_owned())
    /// }
    /// hyperox::App::new(()).page("/boot", boot).unwrap();
    /// ```
    pub fn dev_boot_id(&self) -> Option<&str> {
        let shared = self.ctx.shared();
        shared.config.is_dev().then_some(shared.boot_id.as_str())
    }

    /// A hidden `_csrf` input for forms posted without JavaScript (htmx
    /// requests carry the token in a header).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use hyperox::html::prelude::*;
    ///
    /// async fn signup(cx: Cx<'_, ()>) -> Page {
    ///     Page::new(form((attr("method", "post"), cx.csrf_field(), button("Sign up"))))
    /// }
    /// App::new(()).page("/signup", signup).unwrap();
    /// ```
    pub fn csrf_field(&self) -> impl Node + use<S> {
        csrf::field(self.csrf_token().to_owned())
    }

    /// The tags a page's `<head>` needs: the CSRF token, the app's
    /// stylesheet, htmx and the hyperox client (and live reload in
    /// development).
    ///
    /// A full page that leaves them out gets them all the same: they are
    /// put in right after its `<head>` (in a `<head>` of their own when it
    /// has none). Writing them places them where you want.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx};
    /// use hyperox::test::Client;
    /// use hyperox::Page;
    /// use hyperox::html::prelude::*;
    ///
    /// async fn index(cx: Cx<'_, ()>) -> Page {
    ///     Page::new(html((head((title("Home"), cx.head())), body(h1("Home")))))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let client = Client::new(app);
    /// let page = client.get("/").await;
    /// assert!(page.text().contains(r#"<meta name="csrf-token" content=""#));
    /// assert!(page.text().contains("<script src=\"/assets/htmx."));
    /// # });
    /// ```
    pub fn head(&self) -> impl Node + use<S> {
        head_tags(self.ctx, self.req)
    }

    /// A page as most are written: `<html lang="…">` in the app's
    /// language (`HYPEROX_LANG`, English by default), a head with the
    /// charset, the mobile viewport, `title`, the app's icon (its
    /// `favicon.svg`, `.png` or `.ico` asset, if it has one) and
    /// [`head`](Self::head)'s tags, then `body`. A page with more in its
    /// head writes the `html` element itself, as [`head`](Self::head)
    /// shows.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use hyperox::test::Client;
    /// use hyperox::html::prelude::*;
    ///
    /// async fn index(cx: Cx<'_, ()>) -> Page {
    ///     cx.document("Home", body(h1("Home")))
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let page = Client::new(app).get("/").await.text().to_owned();
    /// assert!(page.starts_with(r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport""#));
    /// assert!(page.contains("<title>Home</title>"));
    /// assert!(page.contains(r#"<meta name="csrf-token""#));
    /// # });
    /// ```
    pub fn document(&self, title: impl Into<String>, body: impl Node) -> crate::Page {
        let icon = self.ctx.shared().assets.icon().map(|a| {
            link((
                attr("rel", "icon"),
                attr("type", a.content_type),
                attr("href", a.url),
            ))
        });
        crate::Page::new(html((
            attr("lang", self.ctx.config().lang.clone()),
            head((
                meta(attr("charset", "utf-8")),
                meta((
                    attr("name", "viewport"),
                    attr("content", "width=device-width, initial-scale=1"),
                )),
                hyperox_html::prelude::title(title.into()),
                icon,
                self.head(),
            )),
            body,
        )))
    }
}

/// The tags of [`Cx::head`], for `ctx` answering `req`.
pub(crate) fn head_tags<S: Send + Sync + 'static>(
    ctx: &AppContext<S>,
    req: &Request,
) -> impl Node + use<S> {
    let token = ctx.csrf_token(req).to_owned();
    let shared = ctx.shared();
    let styles = shared
        .assets
        .by_name("styles.css")
        .map(|a| link((attr("rel", "stylesheet"), attr("href", a.url))));
    let reload = shared.config.is_dev().then(|| {
        (
            meta((
                attr("name", dev::LIVERELOAD_META),
                attr("content", dev::LIVERELOAD_PATH),
            )),
            meta((
                attr("name", dev::BOOT_META),
                attr("content", shared.boot_id.clone()),
            )),
        )
    });
    // Plain (not deferred) scripts, run in order while the head is read:
    // htmx then waits for the document before it processes it, so the
    // client and every extension are registered first. Deferred, htmx
    // would process the page as soon as it runs, before an extension
    // still on its way. The metas come first: the client reads them as
    // it runs.
    (
        meta((attr("name", "csrf-token"), attr("content", token))),
        reload,
        styles,
        script(attr("src", assets::HTMX.url)),
        script(attr("src", assets::CLIENT.url)),
    )
}

#[cfg(test)]
mod tests {
    use hyperox_html::dev;

    /// The bundled client reads the metas, sends the page header and
    /// listens for every event of the development protocol, by the names
    /// the app and the supervisor use.
    #[test]
    fn the_client_script_speaks_the_development_protocol() {
        let js = std::str::from_utf8(crate::assets::CLIENT.body).expect("the client is text");
        let has = |needle: String| assert!(js.contains(&needle), "hyperox.js lacks {needle}");
        has(format!("meta(\"{}\")", dev::LIVERELOAD_META));
        has(format!("meta(\"{}\")", dev::BOOT_META));
        has(format!("\"{}\" + name", dev::EVENT_PREFIX));
        has(format!("headers[\"{}\"]", "X-Hyperox-Page"));
        assert!("X-Hyperox-Page".eq_ignore_ascii_case(dev::PAGE_HEADER));
        for name in dev::EVENT_NAMES {
            has(format!("addEventListener(\"{name}\""));
        }
    }
}
