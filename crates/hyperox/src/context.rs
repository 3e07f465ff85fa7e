//! The request context of pages and partials.

use crate::assets::AssetIndex;
use crate::config::Config;
use crate::cookie::{self, SetCookie};
use crate::csrf;
use crate::error::Rejection;
use bytes::Bytes;
use http::{HeaderValue, StatusCode, header};
use hyperox_router::{BodyTimeout, BodyTooLarge, Request};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

/// What every request of an app shares: the state, settings and assets.
pub(crate) struct Shared<S: 'static> {
    pub(crate) state: S,
    pub(crate) config: Config,
    pub(crate) assets: AssetIndex,
    pub(crate) boot_id: String,
    pub(crate) csrf_exempt: Vec<String>,
    /// The response steps, in order (`respond`).
    pub(crate) steps: Vec<Step<S>>,
    pub(crate) policy: crate::origin::Policy,
    pub(crate) signer: csrf::Signer,
    /// Turns true when the server starts shutting down (streams end).
    pub(crate) shutdown: tokio::sync::watch::Receiver<bool>,
    /// The app's cache of rendered components.
    pub(crate) cache: hyperox_cache::Cache,
    /// The app's live-update hub.
    #[cfg(feature = "live")]
    pub(crate) live: crate::live::Hub,
    /// The app's sessions, if it keeps any.
    #[cfg(feature = "session")]
    pub(crate) sessions: Option<Arc<crate::session::Sessions>>,
}

/// One step of the response pipeline (`respond`): it sees the request,
/// its context and the answer so far, and changes the answer in place.
pub(crate) type Step<S> = fn(&mut AppContext<S>, &Request, &mut hyperox_router::Response);

use hyperox_html::dev::PAGE_HEADER;

/// The decoded `name=value` pairs of a query string.
fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
}

/// The router's context of a hyperox app: the shared state and this
/// request's values, cookies to set, CSRF token and script nonce. Not
/// nameable outside the crate: pages, partials and middleware get a
/// [`Cx`](crate::Cx), the one context type of the API, which holds it and
/// the request.
pub struct AppContext<S: 'static> {
    shared: Arc<Shared<S>>,
    values: http::Extensions,
    pub(crate) cookies_out: Vec<HeaderValue>,
    /// This client's token, once read or made, and whether it was made
    /// for this response (its cookie is then set).
    pub(crate) csrf: OnceLock<(String, bool)>,
    body: Option<Bytes>,
    pub(crate) script_nonce: OnceLock<String>,
    /// The id of the page this request comes from or makes.
    pub(crate) page: OnceLock<String>,
    /// Whether the answer depends on `HX-Request` (`Vary` names it).
    pub(crate) varies_on_htmx: AtomicBool,
    /// Whether the answer holds a cached component (it then gets an ETag).
    pub(crate) holds_cached: AtomicBool,
    /// This request's session, once opened.
    #[cfg(feature = "session")]
    pub(crate) session: Option<crate::session::Session>,
}

impl<S> std::fmt::Debug for AppContext<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppContext")
            .field("values", &self.values)
            .field("cookies_out", &self.cookies_out.len())
            .finish_non_exhaustive()
    }
}

impl<S: Send + Sync + 'static> AppContext<S> {
    pub(crate) fn new(shared: Arc<Shared<S>>) -> Self {
        Self {
            shared,
            values: http::Extensions::new(),
            cookies_out: Vec::new(),
            csrf: OnceLock::new(),
            page: OnceLock::new(),
            body: None,
            script_nonce: OnceLock::new(),
            varies_on_htmx: AtomicBool::new(false),
            holds_cached: AtomicBool::new(false),
            #[cfg(feature = "session")]
            session: None,
        }
    }

    pub(crate) fn shared(&self) -> &Shared<S> {
        &self.shared
    }

    pub(crate) fn state(&self) -> &S {
        &self.shared.state
    }

    #[cfg(feature = "live")]
    pub(crate) fn live(&self) -> &crate::live::Hub {
        &self.shared.live
    }

    pub(crate) fn config(&self) -> &Config {
        &self.shared.config
    }

    pub(crate) fn insert<T: Clone + Send + Sync + 'static>(&mut self, value: T) -> Option<T> {
        self.values.insert(value)
    }

    pub(crate) fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.values.get()
    }

    pub(crate) fn set_cookie(&mut self, cookie: SetCookie) {
        match HeaderValue::try_from(cookie.to_string()) {
            Ok(v) => self.cookies_out.push(v),
            Err(_) => {
                tracing::warn!(cookie = %cookie.name(), "cookie value is not a valid header; not set")
            }
        }
    }

    /// This client's CSRF token: from its cookie, or made now (its cookie
    /// is then set on the response).
    pub(crate) fn csrf_token(&self, req: &Request) -> &str {
        let (token, _) = self.csrf.get_or_init(|| {
            let signer = &self.shared.signer;
            #[cfg(feature = "session")]
            if let Some(sessions) = &self.shared.sessions
                && let Some(id) = crate::session::request_id(
                    sessions,
                    self.shared.policy.is_https(),
                    req.headers(),
                )
            {
                return (crate::session::csrf_token(signer, &id), false);
            }
            match cookie::get(req.headers(), signer.cookie) {
                Some(t) if signer.verify(&t) => (t, false),
                _ => (signer.issue(), true),
            }
        });
        token
    }

    /// The id of the page (one loaded document, one browser tab) this
    /// request comes from: the `X-Hyperox-Page` header the bundled client
    /// sends from every page, or the `hyperox-page` query parameter (a
    /// stream's address); else a new id.
    pub(crate) fn page_id(&self, req: &Request) -> &str {
        self.page.get_or_init(|| {
            let valid =
                |v: &str| (16..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_hexdigit());
            req.headers()
                .get(PAGE_HEADER)
                .and_then(|v| v.to_str().ok())
                .filter(|v| valid(v))
                .map(str::to_owned)
                .or_else(|| {
                    let query = req.uri().query()?;
                    form_urlencoded_pairs(query)
                        .find(|(k, _)| k == "hyperox-page")
                        .map(|(_, v)| v)
                        .filter(|v| valid(v))
                })
                .unwrap_or_else(csrf::random_id)
        })
    }

    pub(crate) fn script_nonce(&self) -> &str {
        self.script_nonce.get_or_init(csrf::random_id)
    }

    /// The request body, read once and kept: a 413 at once when it
    /// declares more than `limit` bytes, when more arrive, or past the
    /// server's limit; a 408 when the client stops sending it.
    pub(crate) async fn body(&mut self, req: &mut Request, limit: u64) -> Result<Bytes, Rejection> {
        if let Some(b) = &self.body {
            return Ok(b.clone());
        }
        let too_large = || {
            Rejection::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body is larger than the limit of {limit} bytes"),
            )
        };
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let body = http_body_util::Limited::new(
            req.take_body(),
            usize::try_from(limit).unwrap_or(usize::MAX),
        );
        let bytes = http_body_util::BodyExt::collect(body)
            .await
            .map(http_body_util::Collected::to_bytes)
            .map_err(|e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some()
                {
                    too_large()
                } else if let Some(limit) = e.downcast_ref::<BodyTooLarge>() {
                    Rejection::new(StatusCode::PAYLOAD_TOO_LARGE, limit.to_string())
                } else if let Some(t) = e.downcast_ref::<BodyTimeout>() {
                    Rejection::new(StatusCode::REQUEST_TIMEOUT, t.to_string())
                } else {
                    Rejection::bad_request(format!("the request body could not be read: {e}"))
                }
            })?;
        self.body = Some(bytes.clone());
        Ok(bytes)
    }
}
