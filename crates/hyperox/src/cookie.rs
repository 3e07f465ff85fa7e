//! Reading the `Cookie` header and writing `Set-Cookie`, through the
//! `cookie` crate: values are percent-encoded on the way out and decoded
//! on the way in, so a value can never add attributes of its own.

use http::HeaderMap;
use std::fmt;
use std::time::{Duration, SystemTime};

/// The value of cookie `name` in the request's `Cookie` headers,
/// percent-decoded.
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
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        let inner = cookie::Cookie::build((name.into(), value.into()))
            .path("/")
            .http_only(true)
            .same_site(cookie::SameSite::Lax)
            .build();
        Self { inner }
    }

    /// A cookie that deletes `name`.
    pub fn remove(name: impl Into<String>) -> Self {
        Self::new(name, "").max_age(Duration::ZERO)
    }

    /// The cookie's name.
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// The cookie's value, as given (before encoding).
    pub fn value(&self) -> &str {
        self.inner.value()
    }

    /// The path it is sent for.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.inner.set_path(path.into());
        self
    }

    /// The host (and its subdomains) it is sent to; without it, only the
    /// host that set it.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.inner.set_domain(domain.into());
        self
    }

    /// How long it lives.
    pub fn max_age(mut self, age: Duration) -> Self {
        let secs = i64::try_from(age.as_secs()).unwrap_or(i64::MAX);
        self.inner
            .set_max_age(cookie::time::Duration::seconds(secs));
        self
    }

    /// When it expires (browsers prefer `Max-Age` when both are set).
    pub fn expires(mut self, at: SystemTime) -> Self {
        self.inner
            .set_expires(cookie::time::OffsetDateTime::from(at));
        self
    }

    /// Whether scripts may read it (not by default).
    pub fn http_only(mut self, on: bool) -> Self {
        self.inner.set_http_only(on);
        self
    }

    /// Whether it is sent over HTTPS only.
    pub fn secure(mut self, on: bool) -> Self {
        self.inner.set_secure(on);
        self
    }

    /// Whether it is kept apart per top-level site (CHIPS); needs
    /// `Secure`.
    pub fn partitioned(mut self, on: bool) -> Self {
        self.inner.set_partitioned(on);
        self
    }

    /// Its `SameSite` rule.
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
