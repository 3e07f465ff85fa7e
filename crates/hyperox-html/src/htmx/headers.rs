//! The headers htmx 4 sends with a request, and the response headers it
//! honours.

use super::swap::Swap;
use crate::json::{json_ascii, write_json_string};
use http::{HeaderMap, HeaderName, HeaderValue};

/// Whether htmx asked for a partial or a full page (`HX-Request-Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// let mut h = http::HeaderMap::new();
/// h.insert("hx-request", "true".parse().unwrap());
/// h.insert("hx-request-type", "partial".parse().unwrap());
/// assert_eq!(format!("{:?}", HxRequest::from_headers(&h).request_type), "Some(Partial)");
/// ```
pub enum RequestType {
    /// A fragment for a target.
    Partial,
    /// A whole page (boosted navigation, history).
    Full,
}

/// What the htmx request headers say about a request.
///
/// # Example
///
/// ```
/// use hyperox_html::htmx::{HxRequest, RequestType};
/// let mut h = http::HeaderMap::new();
/// h.insert("hx-request", "true".parse().unwrap());
/// h.insert("hx-request-type", "partial".parse().unwrap());
/// h.insert("hx-target", "#list".parse().unwrap());
/// let hx = HxRequest::from_headers(&h);
/// assert!(hx.is_htmx());
/// assert_eq!(hx.request_type, Some(RequestType::Partial));
/// assert_eq!(hx.target.as_deref(), Some("#list"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HxRequest {
    /// `HX-Request: true`: htmx made the request.
    pub request: bool,
    /// `HX-Request-Type`: partial or full.
    pub request_type: Option<RequestType>,
    /// `HX-Boosted: true`: a boosted link or form.
    pub boosted: bool,
    /// `HX-Current-URL`: the browser's URL when the request started.
    pub current_url: Option<String>,
    /// `HX-Source`: the element that triggered the request.
    pub source: Option<String>,
    /// `HX-Target`: the element that will receive the response.
    pub target: Option<String>,
    /// `HX-Trigger`: the id of the triggering element (htmx 2).
    pub trigger: Option<String>,
    /// `HX-Trigger-Name`: the name of the triggering element (htmx 2).
    pub trigger_name: Option<String>,
    /// `HX-Prompt`: the answer to `hx-prompt`.
    pub prompt: Option<String>,
    /// `HX-History-Restore-Request: true`: back/forward navigation.
    pub history_restore: bool,
}

impl HxRequest {
    /// Reads the htmx headers of a request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// let mut h = http::HeaderMap::new();
    /// h.insert("hx-request", "true".parse().unwrap());
    /// h.insert("hx-target", "list".parse().unwrap());
    /// assert_eq!(HxRequest::from_headers(&h).target.unwrap(), "list");
    /// ```
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let flag = |name: &str| {
            headers
                .get(name)
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"true"))
        };
        let request_type = headers.get("hx-request-type").and_then(|v| {
            match v.as_bytes().to_ascii_lowercase().as_slice() {
                b"partial" => Some(RequestType::Partial),
                b"full" => Some(RequestType::Full),
                _ => None,
            }
        });
        Self {
            request: flag("hx-request"),
            request_type,
            boosted: flag("hx-boosted"),
            current_url: text("hx-current-url"),
            source: text("hx-source"),
            target: text("hx-target"),
            trigger: text("hx-trigger"),
            trigger_name: text("hx-trigger-name"),
            prompt: text("hx-prompt"),
            history_restore: flag("hx-history-restore-request"),
        }
    }

    /// Whether htmx made the request.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// let mut h = http::HeaderMap::new();
    /// h.insert("hx-request", "true".parse().unwrap());
    /// assert_eq!(HxRequest::from_headers(&h).is_htmx().to_string(), "true");
    /// ```
    pub fn is_htmx(&self) -> bool {
        self.request
    }

    /// Whether the response should be a fragment: an htmx request that is
    /// not boosted, not a full-page request and not a history restore.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// let mut h = http::HeaderMap::new();
    /// h.insert("hx-request", "true".parse().unwrap());
    /// h.insert("hx-boosted", "true".parse().unwrap());
    /// assert_eq!(HxRequest::from_headers(&h).wants_partial().to_string(), "false");
    /// ```
    pub fn wants_partial(&self) -> bool {
        self.request
            && !self.boosted
            && !self.history_restore
            && self.request_type != Some(RequestType::Full)
    }
}

/// `HX-Location`: navigate without a full reload, with options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// let mut loc = HxLocation::new("/todos");
/// loc.target = Some("#main".into());
/// assert_eq!(HxResponse::new().location(loc).header("hx-location"), "{\"path\":\"/todos\",\"target\":\"#main\"}");
/// ```
pub struct HxLocation {
    /// The URL to load.
    pub path: String,
    /// Where to put it (a selector).
    pub target: Option<String>,
    /// How to swap it.
    pub swap: Option<String>,
    /// Which part of the response to use.
    pub select: Option<String>,
}

impl HxLocation {
    /// A location with only a path.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().location(HxLocation::new("/a")).header("hx-location"), "/a");
    /// ```
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            ..Self::default()
        }
    }

    fn header_text(&self) -> String {
        if self.target.is_none() && self.swap.is_none() && self.select.is_none() {
            let mut ascii = String::new();
            write_json_string(&mut ascii, &self.path, true);
            // A bare path when it needs no escaping, JSON otherwise.
            if ascii[1..ascii.len() - 1] == *self.path {
                return self.path.clone();
            }
        }
        let mut obj = serde_json::Map::new();
        obj.insert("path".into(), self.path.clone().into());
        for (k, v) in [
            ("target", &self.target),
            ("swap", &self.swap),
            ("select", &self.select),
        ] {
            if let Some(v) = v {
                obj.insert(k.into(), v.clone().into());
            }
        }
        json_ascii(&serde_json::Value::Object(obj))
    }
}

/// The response headers htmx 4 honours, built up and then applied to a
/// response's headers.
///
/// # Example
///
/// ```
/// use hyperox_html::htmx::{HxResponse, Swap};
/// let mut headers = http::HeaderMap::new();
/// HxResponse::new()
///     .trigger("saved")
///     .trigger_with("toast", serde_json::json!({"text": "Saved ✓"}))
///     .reswap(Swap::outer_html())
///     .retarget("#row-7")
///     .apply(&mut headers);
/// assert_eq!(headers["hx-trigger"], r#"{"saved":null,"toast":{"text":"Saved \u2713"}}"#);
/// assert_eq!(headers["hx-reswap"], "outerHTML");
/// ```
#[derive(Debug, Clone, Default)]
pub struct HxResponse {
    triggers: Vec<(String, Option<serde_json::Value>)>,
    headers: Vec<(&'static str, String)>,
}

impl HxResponse {
    /// No headers yet.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().to_pairs().len().to_string(), "0");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// `HX-Trigger`: fire an event on the client.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().trigger("saved").trigger("count").header("hx-trigger"), "saved, count");
    /// ```
    pub fn trigger(mut self, event: &str) -> Self {
        self.triggers.push((event.to_owned(), None));
        self
    }

    /// `HX-Trigger` with a JSON payload (the event's `detail`).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().trigger_with("toast", serde_json::json!({"text": "Saved"})).header("hx-trigger"), "{\"toast\":{\"text\":\"Saved\"}}");
    /// ```
    pub fn trigger_with(mut self, event: &str, detail: serde_json::Value) -> Self {
        self.triggers.push((event.to_owned(), Some(detail)));
        self
    }

    fn set(mut self, name: &'static str, value: String) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    /// `HX-Redirect`: full navigation to a URL.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().redirect("/login").header("hx-redirect"), "/login");
    /// ```
    pub fn redirect(self, url: &str) -> Self {
        self.set("hx-redirect", url.to_owned())
    }
    /// `HX-Location`: navigation without a full reload.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().location(HxLocation::new("/todos")).header("hx-location"), "/todos");
    /// ```
    pub fn location(self, location: HxLocation) -> Self {
        let text = location.header_text();
        self.set("hx-location", text)
    }
    /// `HX-Push-Url`: push a URL into history.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().push_url("/todos?page=2").header("hx-push-url"), "/todos?page=2");
    /// ```
    pub fn push_url(self, url: &str) -> Self {
        self.set("hx-push-url", url.to_owned())
    }
    /// `HX-Push-Url: false`: do not push.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().no_push_url().header("hx-push-url"), "false");
    /// ```
    pub fn no_push_url(self) -> Self {
        self.set("hx-push-url", "false".to_owned())
    }
    /// `HX-Replace-Url`: replace the URL in history.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().replace_url("/todos").header("hx-replace-url"), "/todos");
    /// ```
    pub fn replace_url(self, url: &str) -> Self {
        self.set("hx-replace-url", url.to_owned())
    }
    /// `HX-Refresh: true`: reload the page.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().refresh().header("hx-refresh"), "true");
    /// ```
    pub fn refresh(self) -> Self {
        self.set("hx-refresh", "true".to_owned())
    }
    /// `HX-Retarget`: put the response somewhere else (a selector).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().retarget("#errors").header("hx-retarget"), "#errors");
    /// ```
    pub fn retarget(self, selector: &str) -> Self {
        self.set("hx-retarget", selector.to_owned())
    }
    /// `HX-Reswap`: swap the response another way.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().reswap(Swap::outer_html()).header("hx-reswap"), "outerHTML");
    /// ```
    pub fn reswap(self, swap: Swap) -> Self {
        self.set("hx-reswap", swap.to_string())
    }
    /// `HX-Reselect`: use another part of the response (a selector).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().reselect("#content").header("hx-reselect"), "#content");
    /// ```
    pub fn reselect(self, selector: &str) -> Self {
        self.set("hx-reselect", selector.to_owned())
    }

    /// The headers as (name, value) pairs. Values that are not valid
    /// header text (a line break in a URL) are percent-encoded.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(HxResponse::new().redirect("/").to_pairs()[0].0.to_string(), "hx-redirect");
    /// ```
    pub fn to_pairs(&self) -> Vec<(HeaderName, HeaderValue)> {
        let mut out = Vec::with_capacity(self.headers.len() + 1);
        if !self.triggers.is_empty() {
            let value = if self.triggers.iter().all(|(_, d)| d.is_none()) {
                self.triggers
                    .iter()
                    .map(|(e, _)| e.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                let obj: serde_json::Map<String, serde_json::Value> = self
                    .triggers
                    .iter()
                    .map(|(e, d)| (e.clone(), d.clone().unwrap_or(serde_json::Value::Null)))
                    .collect();
                json_ascii(&serde_json::Value::Object(obj))
            };
            out.push((HeaderName::from_static("hx-trigger"), header_value(&value)));
        }
        for (name, value) in &self.headers {
            out.push((HeaderName::from_static(name), header_value(value)));
        }
        out
    }

    /// The value this response sets for the header `name` (any case),
    /// as text; empty when it sets none. For tests and logs.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::htmx::HxResponse;
    /// let r = HxResponse::new().trigger("saved").trigger("count");
    /// assert_eq!(r.header("HX-Trigger"), "saved, count");
    /// assert_eq!(r.header("hx-redirect"), "");
    /// ```
    pub fn header(&self, name: &str) -> String {
        self.to_pairs()
            .into_iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.to_str().ok().map(str::to_owned))
            .unwrap_or_default()
    }

    /// Sets the headers on `headers`, replacing earlier values.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// let mut h = http::HeaderMap::new();
    /// HxResponse::new().refresh().apply(&mut h);
    /// assert_eq!(h["hx-refresh"].to_str().unwrap().to_owned(), "true");
    /// ```
    pub fn apply(&self, headers: &mut HeaderMap) {
        for (name, value) in self.to_pairs() {
            headers.insert(name, value);
        }
    }
}

/// A header value; bytes that are not allowed are percent-encoded.
fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| {
        let mut safe = String::with_capacity(text.len() * 3);
        for b in text.bytes() {
            if (0x20..0x7f).contains(&b) {
                safe.push(char::from(b));
            } else {
                safe.push_str(&format!("%{b:02X}"));
            }
        }
        HeaderValue::from_str(&safe).expect("printable ASCII")
    })
}
