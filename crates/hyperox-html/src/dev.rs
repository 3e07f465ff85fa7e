//! The development protocol: the names the `hyperox dev` supervisor, a
//! hyperox app and the bundled client script (`hyperox.js`) agree on.
//!
//! A development page carries two metas: [`LIVERELOAD_META`], the path of
//! the live-reload stream ([`LIVERELOAD_PATH`]), and [`BOOT_META`], the
//! id of the process that rendered it. The stream begins with that id (a
//! new one after reconnecting: reload) and, under `hyperox dev`, carries
//! the supervisor's [`DevEvent`]s by their [`name`](DevEvent::name). A
//! page with an event stream of its own gets the same events on it,
//! named with the [`EVENT_PREFIX`] (`hyperox:reload`), so that a tab
//! keeps one stream open instead of two.
//!
//! ```
//! use hyperox_html::dev::{DevEvent, sse};
//!
//! assert_eq!(DevEvent::<String>::Css(3).on_app_stream(), "event: hyperox:css\ndata: 3\n\n");
//! assert_eq!(sse("build-error", "a\nb"), "event: build-error\ndata: a\ndata: b\n\n");
//! ```

/// Where a development page listens for restarts and the supervisor's
/// events (served by the app, and by `hyperox dev` in front of it).
pub const LIVERELOAD_PATH: &str = "/_hyperox/livereload";

/// The meta naming [`LIVERELOAD_PATH`] on a development page.
pub const LIVERELOAD_META: &str = "hyperox-livereload";

/// The meta carrying the id of the process that rendered the page.
pub const BOOT_META: &str = "hyperox-boot";

/// The prefix of the framework's events on an app's own event stream.
pub const EVENT_PREFIX: &str = "hyperox:";

/// The answer header saying the page comes from the last good build
/// (`X-Hyperox-Build: failed`).
pub const BUILD_HEADER: &str = "x-hyperox-build";

/// The header the client puts the page's id in, on every htmx request.
pub const PAGE_HEADER: &str = "x-hyperox-page";

/// What the supervisor tells the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DevEvent<T = String> {
    /// A build started.
    Building,
    /// A new app process serves: reload.
    Reload,
    /// The stylesheet changed: fetch it again (the number makes its URL new).
    Css(u64),
    /// The last build failed: show this text.
    BuildError(T),
    /// A build succeeded after a failure: hide the error.
    BuildOk,
}

impl<T: AsRef<str>> DevEvent<T> {
    /// The event's name on the live-reload stream.
    ///
    /// ```
    /// assert_eq!(hyperox_html::dev::DevEvent::<String>::Reload.name(), "reload");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::Building => "building",
            Self::Reload => "reload",
            Self::Css(_) => "css",
            Self::BuildError(_) => "build-error",
            Self::BuildOk => "build-ok",
        }
    }

    /// The event's data.
    fn data(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Css(v) => v.to_string().into(),
            Self::BuildError(text) => text.as_ref().into(),
            _ => "".into(),
        }
    }

    /// The event as the live-reload stream carries it.
    ///
    /// ```
    /// use hyperox_html::dev::DevEvent;
    /// assert_eq!(DevEvent::<String>::Reload.on_livereload(), "event: reload\ndata: \n\n");
    /// ```
    pub fn on_livereload(&self) -> String {
        sse(self.name(), &self.data())
    }

    /// The event as an app's own stream carries it: named under
    /// [`EVENT_PREFIX`], apart from the app's events.
    pub fn on_app_stream(&self) -> String {
        sse(&format!("{EVENT_PREFIX}{}", self.name()), &self.data())
    }
}

/// Marks an answer as the live-reload stream: `text/event-stream`, never
/// stored.
///
/// ```
/// let mut headers = http::HeaderMap::new();
/// hyperox_html::dev::stream_headers(&mut headers);
/// assert_eq!(headers["content-type"], "text/event-stream");
/// assert_eq!(headers["cache-control"], "no-store");
/// ```
pub fn stream_headers(headers: &mut http::HeaderMap) {
    use http::{HeaderValue, header};
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// Every event name, for checking the client script handles each.
pub const EVENT_NAMES: [&str; 5] = ["building", "reload", "css", "build-error", "build-ok"];

/// One server-sent event: `event:`, then each line of `data` on a `data:`
/// line (a carriage return ending a line is dropped), then a blank line.
pub fn sse(event: &str, data: &str) -> String {
    let mut out = String::with_capacity(event.len() + data.len() + 16);
    out.push_str("event: ");
    out.push_str(event);
    out.push('\n');
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_name_is_listed() {
        let all: [DevEvent; 5] = [
            DevEvent::Building,
            DevEvent::Reload,
            DevEvent::Css(1),
            DevEvent::BuildError(String::new()),
            DevEvent::BuildOk,
        ];
        assert_eq!(all.map(|e| e.name()), EVENT_NAMES);
    }

    #[test]
    fn data_lines_are_split_and_carriage_returns_dropped() {
        assert_eq!(sse("x", "one\r\ntwo"), "event: x\ndata: one\ndata: two\n\n");
        assert_eq!(
            DevEvent::BuildError("e").on_app_stream(),
            "event: hyperox:build-error\ndata: e\n\n"
        );
    }
}
