//! Reading the `Cookie` header and writing `Set-Cookie` (RFC 6265):
//! names and values are percent-encoded on the way out and decoded on
//! the way in, so a value can never add attributes of its own.

use http::HeaderMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use std::fmt;
use std::time::{Duration, SystemTime};

/// Bytes written as they are in a name or value: letters, digits and a
/// few marks that are `cookie-octet`s with no meaning of their own.
/// Everything else, `%` included, is percent-encoded.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'*')
    .remove(b'+')
    .remove(b'/')
    .remove(b':')
    .remove(b'@');

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
    // Names are compared as written (decoded only when encoded), and only
    // the value found is decoded: no allocation for the other cookies.
    for line in headers.get_all(http::header::COOKIE) {
        let Ok(line) = line.to_str() else {
            continue;
        };
        for pair in line.split(';') {
            let Some((n, value)) = pair.split_once('=') else {
                continue;
            };
            let n = n.trim();
            let same = if n.contains('%') {
                percent_decode_str(n).decode_utf8().is_ok_and(|d| d == name)
            } else {
                n == name
            };
            if !same || n.is_empty() {
                continue;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if let Ok(value) = percent_decode_str(value).decode_utf8() {
                return Some(value.into_owned());
            }
        }
    }
    None
}

/// One `name=value` of a `Cookie` header (or the first part of a
/// `Set-Cookie`), decoded: surrounding spaces and one pair of double
/// quotes around the value go; a pair with no `=`, an empty name or
/// an encoding that is not UTF-8 is skipped.
fn parse_pair(pair: &str) -> Option<(String, String)> {
    let (name, value) = pair.split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value);
    let name = percent_decode_str(name).decode_utf8().ok()?;
    let value = percent_decode_str(value).decode_utf8().ok()?;
    Some((name.into_owned(), value.into_owned()))
}

/// `name=value` encoded for a `Cookie` or `Set-Cookie` header.
pub(crate) fn pair(name: &str, value: &str) -> String {
    format!(
        "{}={}",
        utf8_percent_encode(name, ENCODED),
        utf8_percent_encode(value, ENCODED)
    )
}

/// A `Set-Cookie` header read back, as a client keeps it: the name, the
/// value, and whether it asks to be deleted (`Max-Age` zero or less, or
/// `Expires` in the past).
pub(crate) fn parse_set_cookie(text: &str) -> Option<(String, String, bool)> {
    let mut parts = text.split(';');
    let (name, value) = parse_pair(parts.next()?)?;
    let (mut max_age, mut expires) = (None, None);
    for attr in parts {
        let (key, arg) = attr.split_once('=').unwrap_or((attr, ""));
        let key = key.trim();
        if key.eq_ignore_ascii_case("max-age") {
            max_age = arg.trim().parse::<i64>().ok();
        } else if key.eq_ignore_ascii_case("expires") {
            expires = httpdate::parse_http_date(arg.trim()).ok();
        }
    }
    // Max-Age wins over Expires (RFC 6265 §5.3, step 3).
    let gone = match (max_age, expires) {
        (Some(secs), _) => secs <= 0,
        (None, Some(at)) => at <= SystemTime::now(),
        (None, None) => false,
    };
    Some((name, value, gone))
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
    name: String,
    value: String,
    path: Option<String>,
    domain: Option<String>,
    max_age: Option<u64>,
    expires: Option<SystemTime>,
    http_only: bool,
    secure: bool,
    partitioned: bool,
    same_site: Option<SameSite>,
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
        Self {
            name: name.into(),
            value: value.into(),
            path: Some("/".to_owned()),
            domain: None,
            max_age: None,
            expires: None,
            http_only: true,
            secure: false,
            partitioned: false,
            same_site: Some(SameSite::Lax),
        }
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
        &self.name
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
        &self.value
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
        self.path = Some(path.into());
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
        self.domain = Some(domain.into());
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
        self.max_age = Some(age.as_secs());
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
        self.expires = Some(at);
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
        self.http_only = on;
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
        self.secure = on;
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
        self.partitioned = on;
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
        self.same_site = Some(rule);
        self
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&pair(&self.name, &self.value))?;
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(rule) = self.same_site {
            f.write_str(match rule {
                SameSite::Strict => "; SameSite=Strict",
                SameSite::Lax => "; SameSite=Lax",
                SameSite::None => "; SameSite=None",
            })?;
        }
        if self.partitioned {
            f.write_str("; Partitioned")?;
        }
        // Browsers drop `SameSite=None` and `Partitioned` cookies that
        // are not `Secure`.
        if self.secure || self.partitioned || self.same_site == Some(SameSite::None) {
            f.write_str("; Secure")?;
        }
        if let Some(path) = &self.path {
            write!(f, "; Path={}", attribute(path))?;
        }
        if let Some(domain) = &self.domain {
            write!(f, "; Domain={}", attribute(domain.trim_start_matches('.')))?;
        }
        if let Some(secs) = self.max_age {
            write!(f, "; Max-Age={secs}")?;
        }
        if let Some(at) = self.expires {
            write!(f, "; Expires={}", httpdate::fmt_http_date(at))?;
        }
        Ok(())
    }
}

/// An attribute's value with what would end it or start another (`;`,
/// control characters) encoded.
fn attribute(text: &str) -> impl fmt::Display + '_ {
    const ATTR: &AsciiSet = &percent_encoding::CONTROLS.add(b';');
    utf8_percent_encode(text, ATTR)
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

    #[test]
    fn skips_what_is_not_a_pair() {
        let mut h = HeaderMap::new();
        h.insert(
            "cookie",
            "junk; =x; a = 1 ; b=%FF; c=\"q\"".parse().unwrap(),
        );
        assert_eq!(get(&h, "a").as_deref(), Some("1"));
        assert_eq!(get(&h, "b"), None, "not UTF-8");
        assert_eq!(get(&h, "c").as_deref(), Some("q"));
        assert_eq!(get(&h, "junk"), None);
    }

    #[test]
    fn round_trips_any_text() {
        for value in [
            "",
            "100%",
            "a=b",
            "\"quoted\"",
            "tab\there",
            "ünïcödé",
            "x%41y",
            "a,b\\c",
        ] {
            let text = SetCookie::new("k y", value).to_string();
            let (name, back, gone) = parse_set_cookie(&text).unwrap();
            assert_eq!(
                (name.as_str(), back.as_str(), gone),
                ("k y", value, false),
                "{text}"
            );
            assert!(http::HeaderValue::from_str(&text).is_ok(), "{text}");
        }
    }

    #[test]
    fn reads_deletions_back() {
        let removed = SetCookie::remove("s").to_string();
        assert!(parse_set_cookie(&removed).unwrap().2, "{removed}");
        let past = SetCookie::new("s", "1")
            .expires(SystemTime::UNIX_EPOCH)
            .to_string();
        assert!(parse_set_cookie(&past).unwrap().2, "{past}");
        let kept = SetCookie::new("s", "1")
            .max_age(Duration::from_secs(60))
            .to_string();
        assert!(!parse_set_cookie(&kept).unwrap().2, "{kept}");
    }

    #[test]
    fn attributes_cannot_be_split() {
        let c = SetCookie::new("a", "1").path("/x; Domain=evil").to_string();
        assert_eq!(c.matches(';').count(), 3, "{c}");
    }

    #[test]
    fn cross_site_cookies_are_secure() {
        assert!(
            SetCookie::new("a", "1")
                .same_site(SameSite::None)
                .to_string()
                .ends_with("SameSite=None; Secure; Path=/")
        );
    }
}
