//! Which hosts an app answers for and which origins may change its state.

use crate::error::Rejection;
use http::{HeaderValue, StatusCode, header};
use hyperox_router::{IntoResponse, Request, Response};
use std::net::SocketAddr;

/// `scheme://host[:port]` in a canonical form: lowercase, the scheme's
/// default port left out, a trailing `/` dropped. `None` for anything
/// else (another scheme, userinfo, a path).
pub(crate) fn normalize(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = split_authority(authority)?;
    let host = host.to_ascii_lowercase();
    Some(match port {
        Some(p) if p != default_port => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// `host` and `port` of an authority, checked: no userinfo, no path, a
/// numeric port.
fn split_authority(authority: &str) -> Option<(&str, Option<&str>)> {
    // One pass: no byte of a userinfo, path, query or fragment; where the
    // last colon is.
    let mut last_colon = None;
    for (i, b) in authority.bytes().enumerate() {
        match b {
            b'@' | b'/' | b'?' | b'#' | b' ' => return None,
            b':' => last_colon = Some(i),
            _ => {}
        }
    }
    let (host, port) = if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, after) = authority.split_at(end + 1);
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match last_colon {
            Some(i) => (&authority[..i], Some(&authority[i + 1..])),
            None => (authority, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok());
    (!host.is_empty() && port_ok).then_some((host, port))
}

/// Whether `host` (a `Host` value, port and all) names this machine.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    split_authority(host).is_some_and(|(name, _)| is_loopback_name(name))
}

fn is_loopback_name(host: &str) -> bool {
    const SUFFIX: &str = ".localhost";
    let b = host.as_bytes();
    // The name a local browser or test client sends most, before the rest.
    host == "127.0.0.1"
        || host.eq_ignore_ascii_case("localhost")
        || (b.len() > SUFFIX.len()
            && b[b.len() - SUFFIX.len()..].eq_ignore_ascii_case(SUFFIX.as_bytes()))
        || host == "[::1]"
        || (b.first().is_some_and(u8::is_ascii_digit)
            && host
                .parse::<std::net::Ipv4Addr>()
                .is_ok_and(|ip| ip.is_loopback()))
}

/// A configured origin's host and port, as `Host` values are matched
/// against it (no string built per request).
#[derive(Debug, Clone)]
struct Served {
    /// Lower case.
    host: String,
    /// `None` for the scheme's default.
    port: Option<String>,
    default_port: &'static str,
}

impl Served {
    /// Of a normalized origin (`scheme://host[:port]`).
    fn of(origin: &str) -> Option<Self> {
        let (scheme, authority) = origin.split_once("://")?;
        let default_port = match scheme {
            "http" => "80",
            "https" => "443",
            _ => return None,
        };
        let (host, port) = split_authority(authority)?;
        Some(Self {
            host: host.to_ascii_lowercase(),
            port: port.filter(|p| *p != default_port).map(str::to_owned),
            default_port,
        })
    }

    /// Whether a request for `name` and `port` (a `Host` value's) is for
    /// this origin.
    fn matches(&self, name: &str, port: Option<&str>) -> bool {
        let port = port.filter(|p| *p != self.default_port);
        name.eq_ignore_ascii_case(&self.host) && port == self.port.as_deref()
    }
}

/// The hosts and origins an app accepts: its configured origins, and the
/// loopback names when it listens on a loopback address.
#[derive(Debug, Clone)]
pub(crate) struct Policy {
    origins: Vec<String>,
    /// The origins' hosts and ports, for `host_allowed`.
    served: Vec<Served>,
    loopback: bool,
    /// Whether the server itself speaks TLS (its own origin is then
    /// `https://`).
    tls: bool,
    /// The proxies whose forwarded scheme and host are believed.
    trusted: Vec<crate::IpRange>,
}

impl Policy {
    pub(crate) fn new(
        origins: &[String],
        addr: SocketAddr,
        tls: bool,
        trusted: &[crate::IpRange],
    ) -> Self {
        let loopback = addr.ip().is_loopback();
        Self {
            origins: origins.to_vec(),
            served: origins.iter().filter_map(|o| Served::of(o)).collect(),
            loopback,
            tls,
            trusted: trusted.to_vec(),
        }
    }

    /// Whether a request can reach the app over HTTPS: it serves TLS, or
    /// trusts a proxy that may.
    pub(crate) fn may_be_https(&self) -> bool {
        self.tls || !self.trusted.is_empty()
    }

    /// Whether `req` reached the app over HTTPS, and the host it was sent
    /// to: the server's own scheme and the request's host, or, from a
    /// trusted proxy (`HYPEROX_TRUSTED_PROXIES`), the ones it forwards.
    pub(crate) fn target<'r>(&self, req: &'r Request) -> (bool, Option<&'r str>) {
        let own = (self.tls, request_host(req));
        if self.trusted.is_empty() {
            return own;
        }
        let Some(peer) = req.peer_ip() else {
            return own;
        };
        let (proto, host) = crate::client_ip::forwarded_target(peer, &self.trusted, req.headers());
        (
            proto.map_or(own.0, |p| p.eq_ignore_ascii_case("https")),
            host.or(own.1),
        )
    }

    /// Says, once, when the app answers for any host: no origin is set
    /// and it listens beyond loopback.
    pub(crate) fn warn_if_open(&self, addr: SocketAddr) {
        if self.origins.is_empty() && !self.loopback {
            tracing::warn!(
                "HYPEROX_ORIGIN is not set and the server listens on {}: requests for any host are served; set HYPEROX_ORIGIN to the public origin",
                addr
            );
        }
    }

    /// Whether the server speaks TLS, or every configured origin is
    /// `https://` (a proxy's): cookies can then be `Secure` and
    /// `__Host-`.
    pub(crate) fn is_https(&self) -> bool {
        self.tls
            || (!self.origins.is_empty() && self.origins.iter().all(|o| o.starts_with("https://")))
    }

    /// Whether requests for `host` (a `Host` value) are served.
    pub(crate) fn host_allowed(&self, host: &str) -> bool {
        let Some((name, port)) = split_authority(host) else {
            return false;
        };
        if self.loopback && is_loopback_name(name) {
            return true;
        }
        if self.origins.is_empty() {
            return !self.loopback;
        }
        self.served.iter().any(|o| o.matches(name, port))
    }

    /// Whether a state-changing request from `origin`, sent to `host`
    /// (over HTTPS when `https`), is same-origin.
    pub(crate) fn origin_allowed(&self, origin: &str, https: bool, host: Option<&str>) -> bool {
        let Some(origin) = normalize(origin) else {
            return false;
        };
        if self.origins.contains(&origin) {
            return true;
        }
        if !self.origins.is_empty() && !self.loopback {
            return false;
        }
        // The server itself, under the name it was reached by.
        let scheme = if https { "https" } else { "http" };
        host.and_then(|h| normalize(&format!("{scheme}://{h}")))
            .is_some_and(|own| own == origin)
    }
}

/// Refuses a request a browser marks as coming from another site: a
/// `Sec-Fetch-Site` other than `same-origin` or `none`, more than one
/// `Origin`, or an `Origin` that is not the app's (scheme included). A
/// request with neither header (not from a browser page) passes.
///
/// The one check for state-changing requests and websocket handshakes.
pub(crate) fn check_same_origin(policy: &Policy, req: &Request) -> Result<(), Rejection> {
    let headers = req.headers();
    for site in headers.get_all("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        if site != "same-origin" && site != "none" {
            return Err(Rejection::forbidden(format!(
                "cross-site request refused (Sec-Fetch-Site: {site})"
            )));
        }
    }
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return Ok(());
    };
    if origins.next().is_some() {
        return Err(Rejection::forbidden(
            "request refused: more than one Origin header",
        ));
    }
    let origin = origin.to_str().unwrap_or("");
    let (https, host) = policy.target(req);
    if policy.origin_allowed(origin, https, host) {
        Ok(())
    } else {
        Err(Rejection::forbidden(format!(
            "cross-origin request refused (Origin: {origin})"
        )))
    }
}

/// The host a request was sent to: the target's authority, else `Host`.
pub(crate) fn request_host(req: &Request) -> Option<&str> {
    req.uri()
        .authority()
        .map(|a| a.as_str())
        .or_else(|| req.headers().get(header::HOST)?.to_str().ok())
}

/// The answer to a request for a host the app does not serve.
pub(crate) fn misdirected(host: &str) -> Response {
    let shown: String = host.chars().take(100).collect();
    let mut res = format!("this server does not serve the host {shown:?}").into_response();
    *res.status_mut() = StatusCode::MISDIRECTED_REQUEST;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(addr: &str, origins: &[&str]) -> Policy {
        let origins: Vec<String> = origins.iter().map(|o| normalize(o).unwrap()).collect();
        let addr = SocketAddr::new(addr.parse().unwrap(), 3000);
        Policy::new(&origins, addr, false, &[])
    }

    #[test]
    fn origins_normalize() {
        assert_eq!(
            normalize("HTTPS://A.example:443/").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(normalize("http://a:8080").as_deref(), Some("http://a:8080"));
        assert_eq!(
            normalize("http://[::1]:3000").as_deref(),
            Some("http://[::1]:3000")
        );
        for bad in [
            "null",
            "a.example",
            "ftp://a",
            "http://u@a",
            "http://a/x",
            "http://a:99999",
            "http://",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    #[test]
    fn hosts_on_loopback_and_with_origins() {
        let local = policy("127.0.0.1", &[]);
        assert!(local.host_allowed("127.0.0.1:3000"));
        assert!(local.host_allowed("localhost:3000"));
        assert!(local.host_allowed("[::1]:3000"));
        assert!(!local.host_allowed("evil.example:3000"));
        assert!(!local.host_allowed("127.0.0.1.evil.example"));
        let public = policy("0.0.0.0", &["https://todo.example"]);
        assert!(public.host_allowed("todo.example"));
        assert!(public.host_allowed("todo.example:443"));
        assert!(!public.host_allowed("todo.example:8443"));
        assert!(!public.host_allowed("localhost"));
        assert!(
            public.host_allowed("TODO.Example"),
            "names match in any case"
        );
        assert!(!public.host_allowed("todo.example.evil"));
        assert!(local.host_allowed("LOCALHOST") && local.host_allowed("app.localhost:3000"));
        assert!(!local.host_allowed(".localhost") && !local.host_allowed("notlocalhost"));
        let port = policy(
            "0.0.0.0",
            &["http://todo.example:8080", "https://b.example"],
        );
        assert!(port.host_allowed("todo.example:8080") && port.host_allowed("b.example:443"));
        assert!(!port.host_allowed("todo.example") && !port.host_allowed("todo.example:80"));
        assert!(policy("0.0.0.0", &[]).host_allowed("anything.example"));
    }

    #[test]
    fn origins_with_scheme() {
        let local = policy("127.0.0.1", &[]);
        assert!(local.origin_allowed("http://127.0.0.1:3000", false, Some("127.0.0.1:3000")));
        assert!(!local.origin_allowed("https://127.0.0.1:3000", false, Some("127.0.0.1:3000")));
        assert!(!local.origin_allowed("http://127.0.0.1:3001", false, Some("127.0.0.1:3000")));
        assert!(!local.origin_allowed("null", false, Some("127.0.0.1:3000")));
        let public = policy("0.0.0.0", &["https://todo.example"]);
        assert!(public.origin_allowed("https://todo.example", false, Some("todo.example")));
        assert!(!public.origin_allowed("http://todo.example", false, Some("todo.example")));
        assert!(public.is_https());
    }
}
