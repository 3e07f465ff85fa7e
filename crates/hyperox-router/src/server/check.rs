//! What RFC 9112 and RFC 9110 say a server must refuse before a request
//! reaches the app: a missing, repeated or malformed `Host`, transfer
//! codings other than one final `chunked`, request targets of the wrong
//! form, and a declared body over the limit.

use http::{HeaderMap, HeaderValue, Method, StatusCode, Version, header};

/// Why a request is refused before the app sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_router::server::{Refusal, check_head};
/// let req = http::Request::get("/").header("host", "a").header("host", "b").body(()).unwrap();
/// let Refusal { status, reason } = check_head(&req, 1024).unwrap_err();
/// assert_eq!(status, 400);
/// assert!(reason.contains("Host"), "{reason}");
/// ```
pub struct Refusal {
    /// The status to answer with.
    pub status: StatusCode,
    /// What is wrong, for the response body.
    pub reason: &'static str,
}

const fn refuse(status: StatusCode, reason: &'static str) -> Refusal {
    Refusal { status, reason }
}

const fn bad(reason: &'static str) -> Refusal {
    refuse(StatusCode::BAD_REQUEST, reason)
}

/// Checks the head of a request as received, with the largest body the
/// server accepts.
///
/// # Errors
///
/// The status and reason to answer with, when the request must be
/// refused.
///
/// # Example
///
/// ```
/// use hyperox_router::server::check_head;
///
/// let ok = http::Request::get("/").header("host", "example.com").body(()).unwrap();
/// assert!(check_head(&ok, 1024).is_ok());
/// let no_host = http::Request::get("/").body(()).unwrap();
/// assert_eq!(check_head(&no_host, 1024).unwrap_err().status, 400);
/// ```
pub fn check_head<B>(req: &http::Request<B>, max_body: u64) -> Result<(), Refusal> {
    check(req, max_body).map(drop)
}

/// Which of the headers the server looks at a request carries: found in
/// one pass over its headers, which costs less than a hashed lookup of
/// each name (a request carries a few headers; the checks name five).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Seen<'a> {
    /// The first `Host`.
    host: Option<&'a HeaderValue>,
    /// More than one `Host`.
    hosts: bool,
    /// A `Transfer-Encoding`.
    framing: bool,
    /// A `Content-Length`.
    length: bool,
    /// An `Upgrade`.
    pub(crate) upgrade: bool,
    /// An `Accept`.
    pub(crate) accept: bool,
}

impl<'a> Seen<'a> {
    fn of(headers: &'a HeaderMap) -> Self {
        let mut seen = Self::default();
        for (name, value) in headers {
            if name == header::HOST {
                seen.hosts = seen.host.is_some();
                seen.host.get_or_insert(value);
            } else if name == header::TRANSFER_ENCODING {
                seen.framing = true;
            } else if name == header::CONTENT_LENGTH {
                seen.length = true;
            } else if name == header::UPGRADE {
                seen.upgrade = true;
            } else if name == header::ACCEPT {
                seen.accept = true;
            }
        }
        seen
    }
}

/// [`check_head`], with what it saw of the headers.
pub(crate) fn check<B>(req: &http::Request<B>, max_body: u64) -> Result<Seen<'_>, Refusal> {
    let headers = req.headers();
    let seen = Seen::of(headers);
    let h1 = matches!(
        req.version(),
        Version::HTTP_09 | Version::HTTP_10 | Version::HTTP_11
    );
    check_target(req.method(), req.uri(), h1)?;
    if h1 {
        check_host(&seen, req.version())?;
        if seen.framing {
            check_framing(headers, req.version())?;
        }
    } else if let Some(host) = seen.host {
        // HTTP/2 and 3 carry the authority in `:authority`; a `Host`
        // header, when sent too, must still be one valid value.
        if seen.hosts || !valid_authority(host.as_bytes()) {
            return Err(bad("invalid Host header"));
        }
    }
    if seen.length
        && let Some(len) = declared_length(headers)?
        && len > max_body
    {
        return Err(refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body is larger than the server accepts",
        ));
    }
    Ok(seen)
}

/// Whether the request line at the start of `bytes` (as far as it goes)
/// has a request target with a fragment (`GET /#top HTTP/1.1`), which
/// RFC 9112 does not allow and which the parsed target no longer shows.
pub(crate) fn target_has_fragment(bytes: &[u8]) -> bool {
    // One pass over the line's first two words (a target is short, and a
    // search per delimiter costs more than it saves on so few bytes).
    let mut line = bytes
        .iter()
        .skip_while(|&&b| matches!(b, b'\r' | b'\n'))
        .take_while(|&&b| b != b'\n');
    // The method, up to the first space.
    if !line.any(|&b| b == b' ') {
        return false;
    }
    // The target, up to the second.
    line.take_while(|&&b| b != b' ').any(|&b| b == b'#')
}

fn check_target(method: &Method, uri: &http::Uri, h1: bool) -> Result<(), Refusal> {
    if uri.scheme().is_none() && uri.authority().is_none() && uri.path() == "*" {
        return if method == Method::OPTIONS {
            Ok(())
        } else {
            Err(bad("the asterisk target is only for OPTIONS"))
        };
    }
    if method == Method::CONNECT {
        return Err(refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "CONNECT is not supported",
        ));
    }
    if h1 && uri.scheme().is_none() && uri.authority().is_some() {
        return Err(bad("the authority form is only for CONNECT"));
    }
    if let Some(scheme) = uri.scheme_str()
        && !scheme.eq_ignore_ascii_case("http")
        && !scheme.eq_ignore_ascii_case("https")
    {
        return Err(bad("the request target's scheme is not http or https"));
    }
    if let Some(authority) = uri.authority() {
        if !valid_authority(authority.as_str().as_bytes()) {
            return Err(bad("invalid authority in the request target"));
        }
    } else if h1 && !uri.path().starts_with('/') {
        return Err(bad("the request target is not an absolute path"));
    }
    Ok(())
}

fn check_host(seen: &Seen<'_>, version: Version) -> Result<(), Refusal> {
    match seen.host {
        None if version == Version::HTTP_11 => Err(bad("an HTTP/1.1 request needs a Host")),
        None => Ok(()),
        Some(_) if seen.hosts => Err(bad("more than one Host header")),
        Some(host) if valid_authority(host.as_bytes()) => Ok(()),
        Some(_) => Err(bad("invalid Host header")),
    }
}

fn check_framing(headers: &HeaderMap, version: Version) -> Result<(), Refusal> {
    let values = headers.get_all(header::TRANSFER_ENCODING);
    if values.iter().next().is_none() {
        return Ok(());
    }
    let mut chunked = false;
    for value in values {
        let value = value
            .to_str()
            .map_err(|_| bad("invalid Transfer-Encoding"))?;
        for coding in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            if chunked {
                return Err(bad("chunked must be the last transfer coding, once"));
            }
            if !coding.eq_ignore_ascii_case("chunked") {
                return Err(refuse(
                    StatusCode::NOT_IMPLEMENTED,
                    "unsupported transfer coding",
                ));
            }
            chunked = true;
        }
    }
    if !chunked {
        return Err(bad("empty Transfer-Encoding"));
    }
    if version != Version::HTTP_11 {
        return Err(bad("Transfer-Encoding before HTTP/1.1"));
    }
    if headers.contains_key(header::CONTENT_LENGTH) {
        return Err(bad("both Transfer-Encoding and Content-Length"));
    }
    Ok(())
}

/// The declared `Content-Length`, when there is one; repeated values must
/// agree.
fn declared_length(headers: &HeaderMap) -> Result<Option<u64>, Refusal> {
    let mut length = None;
    for value in headers.get_all(header::CONTENT_LENGTH) {
        let text = value.to_str().map_err(|_| bad("invalid Content-Length"))?;
        for part in text.split(',') {
            let part = part.trim();
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("invalid Content-Length"));
            }
            let n: u64 = part.parse().map_err(|_| bad("invalid Content-Length"))?;
            if length.is_some_and(|l| l != n) {
                return Err(bad("Content-Length values disagree"));
            }
            length = Some(n);
        }
    }
    Ok(length)
}

/// The bytes of a host name (RFC 3986's reg-name: unreserved, sub-delims
/// and `%`), as a table: checked for every byte of every request's Host.
const NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"-._~!$&'()*+,;=%";
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
};

/// `host [":" port]` as RFC 3986 allows it in a `Host` header: a
/// registered name, an IPv4 address or a bracketed IPv6 address, no
/// userinfo, a port of at most 65535.
pub(crate) fn valid_authority(value: &[u8]) -> bool {
    let port = if let Some(rest) = value.strip_prefix(b"[") {
        let Some(end) = rest.iter().position(|&b| b == b']') else {
            return false;
        };
        let ip = std::str::from_utf8(&rest[..end]).ok();
        if ip.is_none_or(|ip| ip.parse::<std::net::Ipv6Addr>().is_err()) {
            return false;
        }
        match &rest[end + 1..] {
            [] => None,
            [b':', port @ ..] => Some(port),
            _ => return false,
        }
    } else {
        // A name or an IPv4 address: one pass, every byte a name byte
        // but the port's colon (one at most).
        let mut colon = None;
        for (i, &b) in value.iter().enumerate() {
            if b == b':' {
                if colon.replace(i).is_some() {
                    return false;
                }
            } else if !NAME_BYTE[usize::from(b)] {
                return false;
            }
        }
        if colon.unwrap_or(value.len()) == 0 {
            return false;
        }
        colon.map(|i| &value[i + 1..])
    };
    port.is_none_or(|p| {
        (1..=5).contains(&p.len())
            && p.iter().all(u8::is_ascii_digit)
            && p.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 65535
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fragment_in_the_request_line_is_seen() {
        assert!(target_has_fragment(
            b"GET /#frag HTTP/1.1\r\nHost: x\r\n\r\n"
        ));
        assert!(target_has_fragment(b"\r\nGET /a?b#c HTTP/1.1\r\n"));
        assert!(target_has_fragment(b"GET /#fr"));
        assert!(!target_has_fragment(
            b"GET / HTTP/1.1\r\nReferer: http://x/#a b\r\n"
        ));
        assert!(!target_has_fragment(b"GET /a%23b HTTP/1.1\r\n"));
        assert!(!target_has_fragment(b""));
        assert!(!target_has_fragment(b"GET"));
        assert!(!target_has_fragment(b"GET\n/#a HTTP/1.1"));
        assert!(!target_has_fragment(b"GET /a\r\n#b"));
        assert!(!target_has_fragment(b"GET /a HTTP/1.1#"));
    }

    fn req(target: &str, headers: &[(&str, &str)]) -> http::Request<()> {
        let mut b = http::Request::get(target);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(()).unwrap()
    }

    #[test]
    fn hosts() {
        for ok in [
            "example.com",
            "example.com:8080",
            "127.0.0.1:3000",
            "[::1]:3000",
            "[::1]",
            "a-b.c_d",
        ] {
            assert!(valid_authority(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "user@example.com",
            "example.com:99999",
            "example.com:http",
            "[::1",
            "[zz]:80",
            "a b",
            "a/b",
            ":80",
            "example.com:123456",
            "a:b:80",
            "example.com:",
            "ex\u{e9}.com",
        ] {
            assert!(!valid_authority(bad.as_bytes()), "{bad}");
        }
    }

    #[test]
    fn rfc_9112_refusals() {
        let status = |r: &http::Request<()>| check_head(r, 100).err().map(|e| e.status.as_u16());
        assert_eq!(status(&req("/", &[("host", "h")])), None);
        assert_eq!(status(&req("/", &[])), Some(400));
        assert_eq!(
            status(&req("/", &[("host", "a"), ("host", "b")])),
            Some(400)
        );
        assert_eq!(status(&req("/", &[("host", "a@b")])), Some(400));
        assert_eq!(
            status(&req(
                "/",
                &[("host", "h"), ("transfer-encoding", "chunked")]
            )),
            None
        );
        assert_eq!(
            status(&req(
                "/",
                &[("host", "h"), ("transfer-encoding", "chunked, chunked")]
            )),
            Some(400)
        );
        assert_eq!(
            status(&req(
                "/",
                &[("host", "h"), ("transfer-encoding", "gzip, chunked")]
            )),
            Some(501)
        );
        assert_eq!(
            status(&req(
                "/",
                &[
                    ("host", "h"),
                    ("transfer-encoding", "chunked"),
                    ("content-length", "3")
                ]
            )),
            Some(400)
        );
        assert_eq!(
            status(&req("/", &[("host", "h"), ("content-length", "101")])),
            Some(413)
        );
        assert_eq!(
            status(&req("/", &[("host", "h"), ("content-length", "1, 2")])),
            Some(400)
        );
        assert_eq!(
            status(&req("/", &[("host", "h"), ("content-length", "-1")])),
            Some(400)
        );
        assert_eq!(status(&req("ftp://h/x", &[("host", "h")])), Some(400));
        assert_eq!(status(&req("http://u@h/x", &[("host", "h")])), Some(400));
        assert_eq!(status(&req("http://h/x", &[("host", "h")])), None);
        assert_eq!(status(&req("h:80", &[("host", "h")])), Some(400));
        assert_eq!(status(&req("*", &[("host", "h")])), Some(400));
    }
}
