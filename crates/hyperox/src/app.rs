//! `App`: pages, partials, assets and middleware on one router.

use crate::assets::{self, Asset, AssetIndex};
use crate::builtin;
use crate::config::Config;
use crate::context::{AppContext, Shared};
use crate::csrf;
use crate::handler::{self, MiddlewareFn, PageFn};
use crate::respond::{self, Step};
use hyperox_router::{Body, Error, Request, Response, RouteError, Router, RouterService, Server};
use std::future::Future;
use std::sync::{Arc, OnceLock};
use tokio::net::TcpListener;

/// An app as a `tower::Service` of HTTP requests, with state `S` (what
/// [`App::into_service`] gives).
pub type Service<S> = RouterService<AppContext<S>>;

/// A hyperox app: pages, partials and middleware, each given a
/// [`Cx`](crate::Cx), on a router with embedded assets, CSRF protection
/// and an error handler.
///
/// An app built with `hyperox-build` registers its pages and partials
/// with the generated `routes(&mut app)`; this example registers them by
/// hand.
///
/// # Example
///
/// ```
/// use hyperox::{App, Cx, Link, Page, Partial};
/// use hyperox::html::prelude::*;
/// use hyperox::http::Method;
///
/// async fn index(cx: Cx<'_, ()>) -> Page {
///     let add = Link::post("/_partials/add");
///     Page::new(html((head(cx.head()), body(button((add.hx(), "Add"))))))
/// }
///
/// async fn add(_cx: Cx<'_, ()>) -> Partial {
///     Partial::new(p("added"))
/// }
///
/// let mut app = App::new(());
/// app.page("/", index).unwrap();
/// app.route(Method::POST, "/_partials/add", add).unwrap();
/// let service = app.into_service();
/// ```
pub struct App<S: Send + Sync + 'static> {
    router: Router<AppContext<S>>,
    slot: Arc<OnceLock<Arc<Shared<S>>>>,
    state: S,
    config: Config,
    /// A malformed environment variable, reported by `serve` unless a
    /// configuration was set by hand.
    config_error: Option<crate::config::ConfigError>,
    assets: Vec<&'static Asset>,
    csrf_exempt: Vec<String>,
    steps: Vec<Step<S>>,
    cache: Option<hyperox_cache::Cache>,
    /// The app's live-update hub (`Cx::live`).
    #[cfg(feature = "live")]
    live: crate::live::Hub,
    #[cfg(feature = "session")]
    sessions: Option<crate::session::Sessions>,
}

impl<S: Send + Sync + 'static> std::fmt::Debug for App<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .field("router", &self.router)
            .field("assets", &self.assets.len())
            .finish_non_exhaustive()
    }
}

impl<S: Send + Sync + 'static> App<S> {
    /// An app with `state`, settings from the environment (a malformed
    /// variable is reported by [`serve`](Self::serve)), the access log,
    /// CSRF protection and the error handler.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::App;
    ///
    /// struct State { name: &'static str }
    /// let app = App::new(State { name: "todo" });
    /// assert!(app.config().addr.ip().is_loopback());
    /// ```
    pub fn new(state: S) -> Self {
        let slot: Arc<OnceLock<Arc<Shared<S>>>> = Arc::new(OnceLock::new());
        let make = slot.clone();
        let mut router = Router::with_context(move || {
            AppContext::new(
                make.get()
                    .expect("the app's shared state is set by into_service")
                    .clone(),
            )
        });
        // The one middleware of its own: `respond` runs the request
        // checks, then the app's own middleware and the handler, then the
        // response steps on whichever answer came, and writes the access
        // log's line for the final answer.
        router.middleware(respond::respond).error_handler(on_error);
        let (config, config_error) = match Config::from_env() {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        };
        Self {
            router,
            slot,
            state,
            config,
            config_error,
            assets: vec![
                assets::HTMX,
                assets::CLIENT,
                assets::PTAG,
                assets::SSE,
                assets::WS,
            ],
            csrf_exempt: Vec::new(),
            // What every answer goes through, in this order (`respond`).
            steps: vec![
                // A partial's fragment posted to without JavaScript, as a
                // redirect back to its page, which shows it in place.
                respond::answer_partial,
                respond::show_fragment,
                // A plain-text error a browser navigated to, as a page.
                respond::error_page,
                // Head tags, extension scripts and CSRF fields HTML lacks.
                respond::fill_in,
                // ETag of cached components, HX-PTag, 304.
                respond::not_modified,
                respond::hx_redirect,
                respond::cookies,
                respond::vary,
                respond::security,
                respond::hsts,
            ],
            cache: None,
            #[cfg(feature = "live")]
            live: crate::live::Hub::new(crate::live::HubConfig::default()),
            #[cfg(feature = "session")]
            sessions: None,
        }
    }

    /// Uses these settings instead of the environment's.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Config};
    ///
    /// let config = Config::from_vars(|name| (name == "PORT").then(|| "8080".to_owned())).unwrap();
    /// let mut app = App::new(());
    /// app.set_config(config);
    /// assert_eq!(app.config().addr.port(), 8080);
    /// ```
    pub fn set_config(&mut self, config: Config) -> &mut Self {
        self.config = config;
        self.config_error = None;
        self
    }

    /// The settings in use.
    ///
    /// # Example
    ///
    /// ```
    /// let app = hyperox::App::new(());
    /// println!("listening on {}", app.config().addr);
    /// ```
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Adds a page, answering GET and HEAD at `pattern`:
    /// `async fn(cx: Cx<'_>) -> impl IntoResponse`.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid, or one registered twice.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use hyperox::html::prelude::*;
    ///
    /// async fn about(_cx: Cx<'_, ()>) -> Page {
    ///     Page::new(h1("About"))
    /// }
    /// let mut app = App::new(());
    /// app.page("/about", about).unwrap();
    /// assert!(app.page("/about", about).is_err(), "registered twice");
    /// ```
    pub fn page<F>(&mut self, pattern: &str, page: F) -> Result<&mut Self, RouteError>
    where
        F: for<'a> PageFn<'a, S>,
    {
        self.router.get(pattern, handler::Page(page))?;
        Ok(self)
    }

    /// Adds a partial (or any handler) answering `method` at `pattern`;
    /// other methods get 405 with `Allow`.
    ///
    /// # Errors
    ///
    /// A pattern that is not valid, or a method registered twice.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::http::Method;
    ///
    /// async fn delete(cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    ///     let _id: i64 = cx.param_as("id")?;
    ///     Ok(Partial::empty())
    /// }
    /// App::new(()).route(Method::DELETE, "/todos/:id", delete).unwrap();
    /// ```
    pub fn route<F>(
        &mut self,
        method: http::Method,
        pattern: &str,
        partial: F,
    ) -> Result<&mut Self, RouteError>
    where
        F: for<'a> PageFn<'a, S>,
    {
        self.router.route(method, pattern, handler::Page(partial))?;
        Ok(self)
    }

    /// Serves these embedded assets (the generated `assets::ALL`).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::assets::Asset;
    ///
    /// static LOGO: Asset = Asset {
    ///     name: "logo.svg",
    ///     url: "/assets/logo.0123456789ab.svg",
    ///     content_type: "image/svg+xml",
    ///     etag: "\"0123456789ab\"",
    ///     body: b"<svg/>",
    ///     gzip: None,
    ///     brotli: None,
    ///     dev_path: None,
    /// };
    /// // An app built with hyperox-build passes its generated `assets::ALL`.
    /// hyperox::App::new(()).assets(&[&LOGO]);
    /// ```
    pub fn assets(&mut self, assets: &[&'static Asset]) -> &mut Self {
        self.assets.extend_from_slice(assets);
        self
    }

    /// Adds a middleware on every request: `async fn(cx: Cx<'_>, next:
    /// Next<'_>) -> impl IntoResponse`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Next};
    /// use hyperox::router::Response;
    ///
    /// async fn timing(mut cx: Cx<'_, ()>, next: Next<'_, ()>) -> Response {
    ///     let started = std::time::Instant::now();
    ///     let mut res = next.run(&mut cx).await;
    ///     let ms = started.elapsed().as_millis().to_string();
    ///     res.headers_mut().insert("server-timing", format!("app;dur={ms}").parse().unwrap());
    ///     res
    /// }
    /// App::new(()).middleware(timing);
    /// ```
    pub fn middleware<M>(&mut self, middleware: M) -> &mut Self
    where
        M: for<'a> MiddlewareFn<'a, S>,
    {
        self.router.middleware(handler::Middleware(middleware));
        self
    }

    /// Keeps the app's cached components in `cache` (a store of your own,
    /// or one shared with code outside the app) instead of the one the
    /// settings name.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::App;
    /// use hyperox::cache::{Cache, MemoryStore};
    ///
    /// let mut app = App::new(());
    /// app.cache(Cache::new(MemoryStore::new(16 << 20)));
    /// ```
    pub fn cache(&mut self, cache: hyperox_cache::Cache) -> &mut Self {
        self.cache = Some(cache);
        self
    }

    /// The app's live-update hub, which handlers reach with
    /// [`Cx::live`](crate::Cx::live):
    /// clone it to push from outside a request (a background task).
    ///
    /// # Example
    ///
    /// ```
    /// let app = hyperox::App::new(());
    /// assert_eq!(app.live().stats().connections, 0);
    /// ```
    #[cfg(feature = "live")]
    pub fn live(&self) -> &crate::live::Hub {
        &self.live
    }

    /// Uses `hub` as the app's live-update hub (one on a Redis broker,
    /// say, so that several instances share their pushes).
    #[cfg(feature = "live")]
    pub fn set_live(&mut self, hub: crate::live::Hub) -> &mut Self {
        self.live = hub;
        self
    }

    /// Keeps sessions (feature `session`): [`Cx::session`](crate::Cx::session)
    /// reads and changes them; see [`session`](crate::session).
    #[cfg(feature = "session")]
    pub fn sessions(&mut self, sessions: crate::session::Sessions) -> &mut Self {
        self.sessions = Some(sessions);
        self
    }

    /// Lets state-changing requests under `prefix` through without the
    /// CSRF check (an API authenticated otherwise).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::http::Method;
    /// use hyperox::test::Client;
    ///
    /// async fn hook(_cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new("ok")
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.route(Method::POST, "/api/hook", hook).unwrap();
    /// app.csrf_exempt("/api/");
    /// let res = Client::new(app).post("/api/hook").without_csrf().await;
    /// assert_eq!(res.status(), 200);
    /// # });
    /// ```
    pub fn csrf_exempt(&mut self, prefix: &str) -> &mut Self {
        self.csrf_exempt.push(prefix.to_owned());
        self
    }

    /// The app as a `tower::Service`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Partial};
    /// use hyperox::router::Body;
    /// use tower_service::Service;
    ///
    /// async fn hi(_cx: Cx<'_, ()>) -> Partial {
    ///     Partial::new("hi")
    /// }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", hi).unwrap();
    /// let mut service = app.into_service();
    /// let req = http::Request::builder().uri("/").header("host", "localhost").body(Body::empty()).unwrap();
    /// let res = service.call(req).await.unwrap();
    /// assert_eq!(res.status(), 200);
    /// # });
    /// ```
    pub fn into_service(self) -> Service<S> {
        self.into_service_until(tokio::sync::watch::channel(false).1)
    }

    /// The app as a service whose streams (live reload) end when
    /// `shutdown` turns true.
    fn into_service_until(mut self, shutdown: tokio::sync::watch::Receiver<bool>) -> Service<S> {
        let mut index = AssetIndex::default();
        for a in &self.assets {
            index.insert(a);
        }
        let pattern = format!("{}/:*", assets::PREFIX);
        self.router
            .get(&pattern, builtin::assets::<S>)
            .expect("the assets route is valid");
        if self.config.is_dev() {
            self.router
                .get(hyperox_html::dev::LIVERELOAD_PATH, livereload::<S>)
                .expect("the live reload route is valid");
        }
        let service = self.router.into_service();
        let policy = crate::origin::Policy::new(
            &self.config.public_origins(),
            self.config.addr,
            self.config.serves_https(),
            &self.config.trusted_proxies,
        );
        policy.warn_if_open(self.config.addr);
        let signer = csrf::Signer::new(&self.config, policy.is_https());
        let shared = Shared {
            cache: self.cache.unwrap_or_else(|| default_cache(&self.config)),
            state: self.state,
            config: self.config,
            assets: index,
            boot_id: csrf::random_id(),
            csrf_exempt: self.csrf_exempt,
            steps: self.steps,
            policy,
            signer,
            shutdown,
            #[cfg(feature = "live")]
            live: self.live,
            #[cfg(feature = "session")]
            sessions: self.sessions.map(Arc::new),
        };
        if self.slot.set(Arc::new(shared)).is_err() {
            unreachable!("into_service takes the app by value");
        }
        service
    }

    /// Serves the app on the configured address (or on the socket a
    /// supervisor passed in `LISTEN_FDS`, as systemd's socket activation
    /// does) until Ctrl-C or SIGTERM, finishing requests in flight;
    /// websockets are closed with 1012 (restarting) and event streams
    /// end, so that clients reconnect, to the next process on a passed
    /// socket.
    ///
    /// # Errors
    ///
    /// A malformed setting (naming the variable) or an address that cannot
    /// be bound.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    ///
    /// async fn index(_cx: Cx<'_, ()>) -> Page {
    ///     Page::new("hello")
    /// }
    ///
    /// #[tokio::main]
    /// async fn main() -> std::io::Result<()> {
    ///     let mut app = App::new(());
    ///     app.page("/", index).unwrap();
    ///     app.serve().await // HOST and PORT from the environment; Ctrl-C stops it
    /// }
    /// # let _ = main;
    /// ```
    pub async fn serve(self) -> std::io::Result<()> {
        crate::log::init(&self.config.log);
        if let Some(e) = self.config_error {
            return Err(std::io::Error::other(e));
        }
        let listener = match inherited_listener()? {
            Some(listener) => listener,
            None => TcpListener::bind(self.config.addr).await?,
        };
        self.serve_on(listener, hyperox_router::shutdown_signal())
            .await
    }

    /// Serves the app on `listener` until `shutdown` completes.
    ///
    /// # Errors
    ///
    /// An error of the listening socket.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::{App, Cx, Page};
    /// use tokio::net::TcpListener;
    ///
    /// async fn index(_cx: Cx<'_, ()>) -> Page {
    ///     Page::new("hello")
    /// }
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let mut app = App::new(());
    /// app.page("/", index).unwrap();
    /// let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// // Stops at once here; a real app passes `hyperox::router::shutdown_signal()`.
    /// app.serve_on(listener, async {}).await.unwrap();
    /// # });
    /// ```
    pub async fn serve_on(
        mut self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        self.config.addr = listener.local_addr()?;
        if self.config.secret.is_none() && !self.config.is_dev() {
            match crate::secret::load_or_create(&self.config.data_dir) {
                Ok((key, path, made)) => {
                    tracing::info!(
                        "HYPEROX_SECRET is not set: CSRF tokens are signed with the key {} {} (one instance only: several need one HYPEROX_SECRET)",
                        if made { "made now in" } else { "kept in" },
                        path.display()
                    );
                    self.config.secret = Some(key);
                }
                Err(e) => tracing::warn!(
                    "HYPEROX_SECRET is not set and no key could be kept in {}: {e}; CSRF tokens are signed with a key made now, so pages loaded before a restart must be reloaded",
                    self.config.data_dir.display()
                ),
            }
        }
        let mode = if self.config.is_dev() {
            "development"
        } else {
            "production"
        };
        let https = self.config.serves_https();
        let url = format!(
            "{}://{}",
            if https { "https" } else { "http" },
            self.config.addr
        );
        let mut server = Server::new();
        #[cfg(feature = "tls")]
        if let Some((cert, key)) = &self.config.tls {
            if cert.as_os_str().is_empty() || key.as_os_str().is_empty() {
                return Err(std::io::Error::other(
                    "HYPEROX_TLS_CERT and HYPEROX_TLS_KEY go together: set both",
                ));
            }
            server = server.tls(hyperox_router::server::Tls::from_pem_files(cert, key)?);
        }
        #[cfg(feature = "tls")]
        let http01 = crate::tls::Http01::default();
        #[cfg(feature = "acme")]
        let acme = if self.config.domains.is_empty() {
            None
        } else {
            if self.config.tls.is_some() {
                return Err(std::io::Error::other(
                    "HYPEROX_DOMAINS (a certificate through ACME) and HYPEROX_TLS_CERT (one from files) exclude each other: set one",
                ));
            }
            let (cert, key) = crate::acme::cert_files(&self.config);
            let tls = hyperox_router::server::Tls::from_pem_files_when_ready(cert, key)?;
            server = server.tls(tls.clone());
            let answers = self.config.http_port.map(|_| http01.clone());
            Some(crate::acme::Manager::new(&self.config, tls, answers))
        };
        if let Some(n) = self.config.workers {
            server = server.workers(n);
        }
        if let Some(max) = self.config.max_connections {
            server = server.max_connections(max);
        }
        if let Some(max) = self.config.max_connections_per_client {
            server = server.max_connections_per_client(max);
        }
        if let Some(max) = self.config.max_event_streams_per_client {
            server = server.max_event_streams_per_client(max);
        }
        if let Some(max) = self.config.max_websockets_per_client {
            server = server.max_websockets_per_client(max);
        }
        let (stop, stopping) = tokio::sync::watch::channel(false);
        #[cfg(feature = "tls")]
        let redirect = match self.config.http_port.filter(|_| https) {
            Some(port) => Some(
                crate::tls::redirect_listener(&self.config, port, stopping.clone(), http01).await?,
            ),
            None => None,
        };
        #[cfg(feature = "acme")]
        if let Some(acme) = acme {
            tokio::spawn(acme.run(stopping.clone()));
        }
        let service = self.into_service_until(stopping);
        eprintln!("hyperox: listening on {url} ({mode})");
        let shutdown = async move {
            shutdown.await;
            let _ = stop.send(true);
        };
        let served = server.serve(listener, service, shutdown).await;
        #[cfg(feature = "tls")]
        if let Some(redirect) = redirect {
            let _ = redirect.await;
        }
        served
    }
}

/// The listening socket a supervisor passed (systemd socket activation:
/// `LISTEN_FDS`, the socket at descriptor 3), if any. Held by the
/// supervisor across restarts, it queues connections while one process
/// drains and the next starts: a restart refuses none.
fn inherited_listener() -> std::io::Result<Option<TcpListener>> {
    #[cfg(unix)]
    {
        let mut fds = listenfd::ListenFd::from_env();
        if fds.len() > 0
            && let Some(listener) = fds.take_tcp_listener(0)?
        {
            listener.set_nonblocking(true)?;
            tracing::info!(
                "serving on the socket passed in LISTEN_FDS (HOST and PORT are not used)"
            );
            return TcpListener::from_std(listener).map(Some);
        }
    }
    Ok(None)
}

/// The cache the settings name: Redis at `HYPEROX_REDIS_URL` with the
/// `redis` feature (with an in-process tier in front for
/// `HYPEROX_CACHE_NEAR_MS`: a near hit measured 31x the hits per second of
/// a Redis round trip, `benches/cache-redis.sh`), else in-process,
/// bounded by `HYPEROX_CACHE_MB`.
fn default_cache(config: &Config) -> hyperox_cache::Cache {
    #[cfg(feature = "redis")]
    if let Some(url) = &config.redis_url {
        let settings =
            hyperox_cache::RedisConfig::new(url.clone()).namespace(config.cache_namespace.clone());
        match hyperox_cache::RedisStore::new(settings) {
            Ok(store) if config.cache_near.is_zero() => return hyperox_cache::Cache::new(store),
            Ok(store) => {
                let near = hyperox_cache::MemoryStore::new(config.cache_bytes);
                let far = std::sync::Arc::new(store);
                return hyperox_cache::Cache::new(hyperox_cache::TieredStore::new(
                    near,
                    far,
                    config.cache_near,
                ));
            }
            Err(e) => tracing::error!(
                error = %e,
                "HYPEROX_REDIS_URL cannot be used; the cache is in-process"
            ),
        }
    }
    hyperox_cache::Cache::new(hyperox_cache::MemoryStore::new(config.cache_bytes))
}

/// Rejections answer with their status; other errors with a 500 that
/// shows the error in development only.
async fn on_error<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
    err: Error,
) -> Response {
    let mut res = respond::failure(cx, req, err);
    respond::hx_redirect(cx, req, &mut res);
    respond::error_page(cx, req, &mut res);
    respond::security_headers(res.headers_mut(), None);
    res
}

/// Server-sent events for live reload: the server's boot id, then a
/// comment every 15 s. A page that sees a new id after reconnecting
/// reloads.
async fn livereload<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    req: &mut Request,
) -> Response {
    let _ = req;
    let first = bytes::Bytes::from(format!("data: {}\n\n", cx.shared().boot_id));
    let stream = crate::sse::Heartbeat::new(first, cx.shared().shutdown.clone());
    let mut res = Response::new(Body::new(stream));
    hyperox_html::dev::stream_headers(res.headers_mut());
    res
}
