//! `Link`: a typed link to a page or partial, with its method and its
//! encoded URL.

use http::Method;
use hyperox_html::Node;
use hyperox_html::attr::AttrValue;
use hyperox_html::prelude::attr;
use std::fmt;

/// A link to a page or partial: its method and its URL, params
/// percent-encoded.
///
/// `hyperox-build` generates a function per page and partial that makes
/// one from typed params, `urls::partials::todos::by_id::toggle(id)`, so
/// the URL, its params and the method always match what the server
/// registered; a wrong param count or type is a compile error.
///
/// # Example
///
/// ```
/// use hyperox::Link;
/// use hyperox::html::prelude::*;
/// use hyperox::http::Method;
///
/// let toggle = Link::new(Method::POST, "/_partials/todos/7/toggle");
/// let b = form((toggle.form_attrs(), toggle.hx(), button("Toggle")));
/// assert_eq!(
///     b.render(),
///     r#"<form method="post" action="/_partials/todos/7/toggle" hx-post="/_partials/todos/7/toggle"><button>Toggle</button></form>"#
/// );
/// let list = Link::get("/_partials/todos/list").query("filter", "a&b");
/// assert_eq!(list.url(), "/_partials/todos/list?filter=a%26b");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Link {
    method: Method,
    url: String,
}

impl Link {
    /// A link to `url` (already encoded) with `method`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// use hyperox::http::Method;
    /// let link = Link::new(Method::DELETE, "/todos/7");
    /// assert_eq!((link.method(), link.url()), (&Method::DELETE, "/todos/7"));
    /// ```
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
        }
    }

    /// A `GET` link to `url`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// assert_eq!(Link::get("/about").to_string(), "/about");
    /// ```
    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::GET, url)
    }

    /// A `POST` link to `url`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// use hyperox::html::prelude::*;
    /// assert_eq!(button(Link::post("/save").hx()).render(), r#"<button hx-post="/save"></button>"#);
    /// ```
    pub fn post(url: impl Into<String>) -> Self {
        Self::new(Method::POST, url)
    }

    /// The method it is requested with.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// assert_eq!(Link::post("/save").method(), "POST");
    /// ```
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// assert_eq!(Link::get("/search").query("q", "a&b").url(), "/search?q=a%26b");
    /// ```
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL as an owned string.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// let url: String = Link::get("/a").into_url();
    /// assert_eq!(url, "/a");
    /// ```
    pub fn into_url(self) -> String {
        self.url
    }

    /// Adds `name=value` to the query string, form-encoded.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// let link = Link::get("/todos").query("filter", "active").query("page", 2);
    /// assert_eq!(link.url(), "/todos?filter=active&page=2");
    /// ```
    pub fn query(mut self, name: &str, value: impl fmt::Display) -> Self {
        self.url
            .push(if self.url.contains('?') { '&' } else { '?' });
        self.url
            .extend(form_urlencoded::byte_serialize(name.as_bytes()));
        self.url.push('=');
        let value = value.to_string();
        self.url
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
        self
    }

    /// The htmx attribute that requests it with its method:
    /// `hx-post="/_partials/todos/add"`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// use hyperox::html::prelude::*;
    /// let link = Link::new(hyperox::http::Method::DELETE, "/todos/7");
    /// assert_eq!(button(link.hx()).render(), r#"<button hx-delete="/todos/7"></button>"#);
    /// ```
    pub fn hx(&self) -> impl Node + use<> {
        let name = match self.method {
            Method::POST => "hx-post",
            Method::PUT => "hx-put",
            Method::PATCH => "hx-patch",
            Method::DELETE => "hx-delete",
            _ => "hx-get",
        };
        attr(name, self.url.clone())
    }

    /// `href="…"`, for an `<a>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// use hyperox::html::prelude::*;
    /// assert_eq!(a((Link::get("/about").href(), "About")).render(), r#"<a href="/about">About</a>"#);
    /// ```
    pub fn href(&self) -> impl Node + use<> {
        attr("href", self.url.clone())
    }

    /// `method` and `action` for a `<form>` that also works without
    /// JavaScript: `method="get"` for a GET link, `method="post"` for
    /// any other (HTML forms send nothing else), its action naming a
    /// DELETE, PUT or PATCH with `_method`, which the app routes as that
    /// method.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Link;
    /// use hyperox::html::prelude::*;
    /// let add = Link::post("/todos");
    /// assert_eq!(
    ///     form((add.form_attrs(), add.hx())).render(),
    ///     r#"<form method="post" action="/todos" hx-post="/todos"></form>"#
    /// );
    /// let delete = Link::new(hyperox::http::Method::DELETE, "/todos/7");
    /// assert_eq!(
    ///     form(delete.form_attrs()).render(),
    ///     r#"<form method="post" action="/todos/7?_method=DELETE"></form>"#
    /// );
    /// ```
    pub fn form_attrs(&self) -> impl Node + use<> {
        let (method, action) = match self.method {
            Method::GET => ("get", self.url.clone()),
            Method::POST => ("post", self.url.clone()),
            ref other => {
                let sep = if self.url.contains('?') { '&' } else { '?' };
                let param = crate::builtin::METHOD_PARAM;
                ("post", format!("{}{sep}{param}={other}", self.url))
            }
        };
        (attr("method", method), attr("action", action))
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// A link is an attribute value: its URL, escaped
/// (`htmx::sse_connect(&link)`, `attr("href", &link)`).
impl AttrValue for Link {
    #[inline]
    fn write_value<Out: hyperox_html::Buffer + ?Sized>(&self, out: &mut Out) {
        self.url.as_str().write_value(out);
    }
}

impl AttrValue for &Link {
    #[inline]
    fn write_value<Out: hyperox_html::Buffer + ?Sized>(&self, out: &mut Out) {
        self.url.as_str().write_value(out);
    }
}

impl From<Link> for String {
    fn from(link: Link) -> String {
        link.url
    }
}

/// Builds a link's URL piece by piece; what generated link functions
/// call.
#[doc(hidden)]
#[derive(Debug)]
pub struct UrlBuilder {
    url: String,
}

impl UrlBuilder {
    #[doc(hidden)]
    pub fn new(capacity: usize) -> Self {
        Self {
            url: String::with_capacity(capacity),
        }
    }

    /// Literal text of the pattern.
    #[doc(hidden)]
    pub fn text(mut self, text: &str) -> Self {
        self.url.push_str(text);
        self
    }

    /// One segment's value, percent-encoded as it is formatted.
    #[doc(hidden)]
    pub fn segment(mut self, value: &(impl fmt::Display + ?Sized)) -> Self {
        encode(&mut self.url, SEGMENT, value);
        self
    }

    /// A catch-all's value: slashes kept, the rest percent-encoded.
    #[doc(hidden)]
    pub fn rest(mut self, value: &(impl fmt::Display + ?Sized)) -> Self {
        encode(&mut self.url, PATH_REST, value);
        self
    }

    #[doc(hidden)]
    pub fn finish(self, method: Method) -> Link {
        Link::new(method, self.url)
    }
}

fn encode(
    out: &mut String,
    set: &'static percent_encoding::AsciiSet,
    value: &(impl fmt::Display + ?Sized),
) {
    // Percent-encoded as it is formatted, with no string between.
    let _ = fmt::Write::write_fmt(&mut Encoding { out, set }, format_args!("{value}"));
}

/// Characters escaped in one path segment.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// Characters escaped in a catch-all (slashes kept).
const PATH_REST: &percent_encoding::AsciiSet = &SEGMENT.remove(b'/');

/// Percent-encodes what is written into it onto `out`.
struct Encoding<'a> {
    out: &'a mut String,
    set: &'static percent_encoding::AsciiSet,
}

impl fmt::Write for Encoding<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out
            .extend(percent_encoding::utf8_percent_encode(s, self.set));
        Ok(())
    }
}
