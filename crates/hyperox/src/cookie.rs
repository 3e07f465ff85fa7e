//! Reading the `Cookie` header and writing `Set-Cookie`, through the
//! `cookie` crate: values are percent-encoded on the way out and decoded
//! on the way in, so a value can never add attributes of its own.

use http::HeaderMap;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The value of cookie `name` in the request's `Cookie` headers,
/// percent-decoded.
///
/// # Example
///
/// ```
/// use hyperox::http::HeaderMap;
/// let mut headers = HeaderMap::new();
/// headers.insert("cookie", "a=1; theme=dark%20blue".parse().unwrap());
/// assert_eq!(hyperox::cookie::get(&headers, "theme").as_deref(), Some("dark blue"));
/// assert_eq!(hyperox::cookie::get(&headers, "b"), None);
/// ```
pub fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value_trimmed().to_owned())
}

/// When a browser sends a cookie with requests from other sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::cookie::SetCookie;
/// use hyperox::cookie::SameSite;
/// let c = SetCookie::new("id", "1").same_site(SameSite::None).secure(true);
/// assert!(c.to_string().contains("SameSite=None; Secure"));
/// ```
pub enum SameSite {
    /// Never.
    Strict,
    /// With top-level navigations only (the default).
    Lax,
    /// Always (needs `Secure`).
    None,
}

/// A `Set-Cookie` header: `HttpOnly`, `SameSite=Lax` and `Path=/` unless
/// changed. The value is percent-encoded, so `;` and `=` in it stay
/// part of the value.
///
/// # Example
///
/// ```
/// use hyperox::cookie::{SameSite, SetCookie};
/// use std::time::Duration;
///
/// let c = SetCookie::new("theme", "dark").max_age(Duration::from_secs(60)).same_site(SameSite::Strict);
/// assert_eq!(c.to_string(), "theme=dark; HttpOnly; SameSite=Strict; Path=/; Max-Age=60");
///
/// let evil = SetCookie::new("theme", "dark; Domain=evil.example");
/// assert_eq!(evil.to_string(), "theme=dark%3B%20Domain%3Devil.example; HttpOnly; SameSite=Lax; Path=/");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SetCookie {
    inner: cookie::Cookie<'static>,
}

impl SetCookie {
    /// A session cookie `name=value`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert_eq!(SetCookie::new("a", "b c").to_string(), "a=b%20c; HttpOnly; SameSite=Lax; Path=/");
    /// ```
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        let inner = cookie::Cookie::build((name.into(), value.into()))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .build();
        Self { inner }
    }

    /// A cookie that deletes `name`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// let c = SetCookie::remove("session").to_string();
    /// assert!(c.starts_with("session=;") && c.contains("Max-Age=0"), "{c}");
    /// ```
    pub fn remove(name: impl Into<String>) -> Self {
        Self::new(name, "").max_age(Duration::ZERO)
    }

    /// The cookie's name.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert_eq!(SetCookie::new("theme", "dark").name(), "theme");
    /// ```
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// The cookie's value, as given (before encoding).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert_eq!(SetCookie::new("theme", "dark; x").value(), "dark; x");
    /// ```
    pub fn value(&self) -> &str {
        self.inner.value()
    }

    /// The path it is sent for.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert!(SetCookie::new("a", "1").path("/admin").to_string().contains("Path=/admin"));
    /// ```
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.inner.set_path(path.into());
        self
    }

    /// The host (and its subdomains) it is sent to; without it, only the
    /// host that set it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert!(SetCookie::new("a", "1").domain("example.com").to_string().contains("Domain=example.com"));
    /// ```
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.inner.set_domain(domain.into());
        self
    }

    /// How long it lives.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// use std::time::Duration;
    /// let c = SetCookie::new("a", "1").max_age(Duration::from_secs(3600));
    /// assert!(c.to_string().ends_with("Max-Age=3600"));
    /// ```
    pub fn max_age(mut self, age: Duration) -> Self {
        let secs = i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
        self.inner
            .set_max_age(cookie::time::Duration::seconds(secs));
        self
    }

    /// When it expires (browsers prefer `Max-Age` when both are set).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let c = SetCookie::new("a", "1").expires(UNIX_EPOCH + Duration::from_secs(86_400));
    /// assert!(c.to_string().contains("Expires=Fri, 02 Jan 1970 00:00:00 GMT"), "{c}");
    /// ```
    pub fn expires(mut self, at: SystemTime) -> Self {
        self.inner
            .set_expires(cookie::time::OffsetDateTime::from(at));
        self
    }

    /// Whether scripts may read it (not by default).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert!(!SetCookie::new("a", "1").http_only(false).to_string().contains("HttpOnly"));
    /// ```
    pub fn http_only(mut self, on: bool) -> Self {
        self.inner.set_http_only(on);
        self
    }

    /// Whether it is sent over HTTPS only.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// assert!(SetCookie::new("a", "1").secure(true).to_string().contains("; Secure"));
    /// ```
    pub fn secure(mut self, on: bool) -> Self {
        self.inner.set_secure(on);
        self
    }

    /// Whether it is kept apart per top-level site (CHIPS); needs
    /// `Secure`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// let c = SetCookie::new("a", "1").secure(true).partitioned(true);
    /// assert!(c.to_string().contains("Partitioned"));
    /// ```
    pub fn partitioned(mut self, on: bool) -> Self {
        self.inner.set_partitioned(on);
        self
    }

    /// Its `SameSite` rule.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::cookie::SetCookie;
    /// use hyperox::cookie::SameSite;
    /// assert!(SetCookie::new("a", "1").same_site(SameSite::Strict).to_string().contains("SameSite=Strict"));
    /// ```
    pub fn same_site(mut self, rule: SameSite) -> Self {
        self.inner.set_same_site(match rule {
            SameSite::Strict => cookie::SameSite::Strict,
            SameSite::Lax => cookie::SameSite::Lax,
            SameSite::None => cookie::SameSite::None,
        });
        self
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner.encoded(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_from_every_header() {
        let mut h = HeaderMap::new();
        h.append("cookie", "a=1; b=\"two\"".parse().unwrap());
        h.append("cookie", "c=3; d=x%3By".parse().unwrap());
        assert_eq!(get(&h, "a").as_deref(), Some("1"));
        assert_eq!(get(&h, "b").as_deref(), Some("two"));
        assert_eq!(get(&h, "c").as_deref(), Some("3"));
        assert_eq!(get(&h, "d").as_deref(), Some("x;y"));
        assert_eq!(get(&h, "e"), None);
    }

    #[test]
    fn values_cannot_add_attributes() {
        let c = SetCookie::new("theme", "dark; Domain=evil.example; Max-Age=99999999");
        let text = c.to_string();
        let (_, attrs) = text.split_once(';').unwrap();
        assert!(!attrs.contains("Domain"), "{text}");
        assert!(!attrs.contains("Max-Age"), "{text}");
        let mut h = HeaderMap::new();
        let pair = text.split(';').next().unwrap();
        h.insert("cookie", pair.parse().unwrap());
        assert_eq!(
            get(&h, "theme").as_deref(),
            Some("dark; Domain=evil.example; Max-Age=99999999")
        );
    }

    #[test]
    fn writes_every_attribute() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let c = SetCookie::new("s", "1")
            .domain("example.com")
            .expires(at)
            .secure(true)
            .partitioned(true)
            .same_site(SameSite::None);
        let text = c.to_string();
        for part in [
            "Domain=example.com",
            "Expires=Fri, 15 Jan 2027 08:00:00 GMT",
            "Secure",
            "Partitioned",
            "SameSite=None",
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
    }
}
