//! Reading the `Cookie` header and writing `Set-Cookie`.

use http::HeaderMap;
use std::fmt;
use std::time::Duration;

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn get<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
        })
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
/// changed.
///
/// # Example
///
/// ```
/// use hyperox::cookie::{SameSite, SetCookie};
/// use std::time::Duration;
///
/// let c = SetCookie::new("theme", "dark").max_age(Duration::from_secs(60)).same_site(SameSite::Strict);
/// assert_eq!(c.to_string(), "theme=dark; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    name: String,
    value: String,
    path: String,
    max_age: Option<Duration>,
    http_only: bool,
    secure: bool,
    same_site: SameSite,
}

impl SetCookie {
    /// A session cookie `name=value`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            path: "/".to_owned(),
            max_age: None,
            http_only: true,
            secure: false,
            same_site: SameSite::Lax,
        }
    }

    /// A cookie that deletes `name`.
    pub fn remove(name: impl Into<String>) -> Self {
        Self::new(name, "").max_age(Duration::ZERO)
    }

    /// The cookie's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path it is sent for.
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// How long it lives.
    pub fn max_age(mut self, age: Duration) -> Self {
        self.max_age = Some(age);
        self
    }

    /// Whether scripts may read it (not by default).
    pub fn http_only(mut self, on: bool) -> Self {
        self.http_only = on;
        self
    }

    /// Whether it is sent over HTTPS only.
    pub fn secure(mut self, on: bool) -> Self {
        self.secure = on;
        self
    }

    /// Its `SameSite` rule.
    pub fn same_site(mut self, rule: SameSite) -> Self {
        self.same_site = rule;
        self
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}; Path={}", self.name, self.value, self.path)?;
        if let Some(age) = self.max_age {
            write!(f, "; Max-Age={}", age.as_secs())?;
        }
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if self.secure {
            f.write_str("; Secure")?;
        }
        f.write_str(match self.same_site {
            SameSite::Strict => "; SameSite=Strict",
            SameSite::Lax => "; SameSite=Lax",
            SameSite::None => "; SameSite=None",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_from_every_header() {
        let mut h = HeaderMap::new();
        h.append("cookie", "a=1; b=\"two\"".parse().unwrap());
        h.append("cookie", "c=3".parse().unwrap());
        assert_eq!(get(&h, "a"), Some("1"));
        assert_eq!(get(&h, "b"), Some("two"));
        assert_eq!(get(&h, "c"), Some("3"));
        assert_eq!(get(&h, "d"), None);
    }
}
