//! The client's address: the peer's, unless the peer is a proxy the
//! app trusts (`HYPEROX_TRUSTED_PROXIES`), which says whom it forwards
//! for in `Forwarded` or `X-Forwarded-For`. Headers from any other peer
//! change nothing: a client cannot name itself someone else.

use http::HeaderMap;
use std::net::IpAddr;

/// An address range: an address and how many leading bits of it count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    addr: IpAddr,
    bits: u8,
}

impl IpRange {
    /// Reads `10.0.0.0/8`, `::1` or `fd00::/8`.
    ///
    /// # Errors
    ///
    /// Not an address, or a prefix longer than the address.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::IpRange;
    /// let lan = IpRange::parse("10.0.0.0/8").unwrap();
    /// assert!(lan.contains("10.1.2.3".parse().unwrap()));
    /// assert!(!lan.contains("11.0.0.1".parse().unwrap()));
    /// assert!(IpRange::parse("10.0.0.0/33").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let (addr, bits) = match text.trim().split_once('/') {
            Some((a, b)) => (a, Some(b)),
            None => (text.trim(), None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("{text:?} is not an address or range"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            Some(b) => b
                .parse::<u8>()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| format!("{text:?} has a prefix longer than {max} bits"))?,
            None => max,
        };
        Ok(Self { addr, bits })
    }

    /// Whether `ip` is in the range (an IPv4 address mapped into IPv6
    /// counts as itself).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.bits)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.bits))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::fmt::Display for IpRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.bits)
    }
}

/// `ip`, with an IPv4-mapped IPv6 address as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The client of a request that came from `peer`: `peer` itself unless
/// it is in `trusted`; then, reading the forwarding headers from the
/// last hop back, the first address not in `trusted` (all trusted: the
/// first one named). `Forwarded` (RFC 7239) is read when present, else
/// `X-Forwarded-For`. A header that cannot be read leaves the peer.
pub(crate) fn client_ip(peer: IpAddr, trusted: &[IpRange], headers: &HeaderMap) -> IpAddr {
    let peer = canonical(peer);
    if !is_trusted(trusted, peer) {
        return peer;
    }
    let hops = match forwarded(headers) {
        Some(hops) => hops,
        None => match x_forwarded_for(headers) {
            Some(hops) => hops,
            None => return peer,
        },
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        client = canonical(*hop);
        if !is_trusted(trusted, client) {
            break;
        }
    }
    client
}

/// The scheme and host a trusted proxy says the client used: the last
/// `Forwarded` element's `proto=` and `host=` (the nearest proxy's), else
/// the last `X-Forwarded-Proto` and `X-Forwarded-Host` values. `None` for
/// each when the peer is not trusted, the header is absent, or its value
/// is not a plain scheme or host.
pub(crate) fn forwarded_target<'h>(
    peer: IpAddr,
    trusted: &[IpRange],
    headers: &'h HeaderMap,
) -> (Option<&'h str>, Option<&'h str>) {
    if !is_trusted(trusted, canonical(peer)) {
        return (None, None);
    }
    let last = |name: &str| -> Option<&'h str> {
        let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
        Some(value.rsplit(',').next()?.trim())
    };
    let (proto, host) = match last("forwarded") {
        Some(element) => (
            forwarded_field(element, "proto"),
            forwarded_field(element, "host"),
        ),
        None => (last("x-forwarded-proto"), last("x-forwarded-host")),
    };
    let proto = proto.filter(|p| p.eq_ignore_ascii_case("https") || p.eq_ignore_ascii_case("http"));
    let host = host.filter(|h| {
        !h.is_empty()
            && h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b))
    });
    (proto, host)
}

/// Whether `ip` (canonical) is one of the trusted proxies.
fn is_trusted(trusted: &[IpRange], ip: IpAddr) -> bool {
    trusted.iter().any(|r| r.contains(ip))
}

/// The value of `key` in one `Forwarded` element (`for=…;proto=…`),
/// unquoted.
fn forwarded_field<'h>(element: &'h str, key: &str) -> Option<&'h str> {
    element.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"'))
    })
}

/// The `for=` addresses of `Forwarded`, first hop first; `None` without
/// the header or when one hop cannot be read (an obfuscated or unknown
/// node ends the chain there: nothing before it can be believed).
fn forwarded(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut hops = Vec::new();
    let mut any = false;
    for value in headers.get_all("forwarded") {
        any = true;
        let value = value.to_str().ok()?;
        for element in value.split(',') {
            let node = forwarded_field(element, "for")?;
            let ip = match node.strip_prefix('[') {
                // `[v6]` or `[v6]:port`.
                Some(rest) => rest.split(']').next()?.parse().ok()?,
                None => node.split(':').next()?.parse().ok()?,
            };
            hops.push(ip);
        }
    }
    any.then_some(hops)
}

/// The addresses of `X-Forwarded-For`, first hop first.
fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        for part in value.to_str().ok()?.split(',') {
            hops.push(part.trim().parse().ok()?);
        }
    }
    (!hops.is_empty()).then_some(hops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn only_a_trusted_proxy_names_the_scheme_and_host() {
        let trusted = [IpRange::parse("10.0.0.0/8").unwrap()];
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        type Case<'a> = (
            IpAddr,
            &'a [(&'a str, &'a str)],
            (Option<&'a str>, Option<&'a str>),
        );
        let cases: &[Case<'_>] = &[
            (
                proxy,
                &[
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "app.example"),
                ],
                (Some("https"), Some("app.example")),
            ),
            (
                stranger,
                &[
                    ("x-forwarded-proto", "https"),
                    ("x-forwarded-host", "app.example"),
                ],
                (None, None),
            ),
            (
                proxy,
                &[(
                    "forwarded",
                    "for=1.2.3.4;proto=http, for=10.0.0.9;proto=https;host=\"app.example:8443\"",
                )],
                (Some("https"), Some("app.example:8443")),
            ),
            // `Forwarded` wins over the `X-` headers.
            (
                proxy,
                &[("forwarded", "for=1.2.3.4"), ("x-forwarded-proto", "https")],
                (None, None),
            ),
            (
                proxy,
                &[("x-forwarded-proto", "https, http")],
                (Some("http"), None),
            ),
            (proxy, &[("x-forwarded-proto", "gopher")], (None, None)),
            (
                proxy,
                &[("x-forwarded-host", "a.example/evil")],
                (None, None),
            ),
        ];
        for (peer, pairs, want) in cases {
            let h = headers(pairs);
            assert_eq!(
                forwarded_target(*peer, &trusted, &h),
                *want,
                "{pairs:?} from {peer}"
            );
        }
    }

    #[test]
    fn only_a_trusted_peer_names_the_client() {
        let trusted = [
            IpRange::parse("127.0.0.1").unwrap(),
            IpRange::parse("10.0.0.0/8").unwrap(),
        ];
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        // (peer, headers, client)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
        let cases: &[Case<'_>] = &[
            // An untrusted peer's headers change nothing.
            (
                "203.0.113.9",
                &[("x-forwarded-for", "1.2.3.4")],
                "203.0.113.9",
            ),
            (
                "203.0.113.9",
                &[("forwarded", "for=1.2.3.4")],
                "203.0.113.9",
            ),
            // A trusted proxy: the last untrusted hop.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "198.51.100.7")],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[("x-forwarded-for", "6.6.6.6, 198.51.100.7")],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[("x-forwarded-for", "198.51.100.7, 10.0.0.2")],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[
                    ("x-forwarded-for", "6.6.6.6"),
                    ("x-forwarded-for", "198.51.100.7"),
                ],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[("forwarded", "for=198.51.100.7;proto=https")],
                "198.51.100.7",
            ),
            (
                "127.0.0.1",
                &[("forwarded", "for=\"[2001:db8::1]:4711\"")],
                "2001:db8::1",
            ),
            (
                "127.0.0.1",
                &[("forwarded", "for=6.6.6.6, for=192.0.2.60:80")],
                "192.0.2.60",
            ),
            // `Forwarded` wins over `X-Forwarded-For`.
            (
                "127.0.0.1",
                &[
                    ("forwarded", "for=192.0.2.60"),
                    ("x-forwarded-for", "6.6.6.6"),
                ],
                "192.0.2.60",
            ),
            // Nothing to read, or junk: the peer.
            ("127.0.0.1", &[], "127.0.0.1"),
            (
                "127.0.0.1",
                &[("x-forwarded-for", "not an address")],
                "127.0.0.1",
            ),
            ("127.0.0.1", &[("forwarded", "for=unknown")], "127.0.0.1"),
            (
                "127.0.0.1",
                &[("forwarded", "for=_hidden, for=1.2.3.4")],
                "127.0.0.1",
            ),
            // Every hop trusted: the first named.
            (
                "127.0.0.1",
                &[("x-forwarded-for", "10.1.1.1, 10.2.2.2")],
                "10.1.1.1",
            ),
            // An IPv4-mapped peer is its IPv4 address.
            (
                "::ffff:127.0.0.1",
                &[("x-forwarded-for", "198.51.100.7")],
                "198.51.100.7",
            ),
        ];
        for (peer, h, want) in cases {
            assert_eq!(
                client_ip(ip(peer), &trusted, &headers(h)),
                ip(want),
                "{peer} {h:?}"
            );
        }
        assert_eq!(
            client_ip(
                ip("127.0.0.1"),
                &[],
                &headers(&[("x-forwarded-for", "1.2.3.4")])
            ),
            ip("127.0.0.1"),
            "no proxy trusted by default"
        );
    }

    #[test]
    fn ranges_are_read_and_matched() {
        let r = IpRange::parse("fd00::/8").unwrap();
        assert!(r.contains("fd12::1".parse().unwrap()));
        assert!(!r.contains("fe80::1".parse().unwrap()));
        assert!(
            IpRange::parse("0.0.0.0/0")
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        assert!(
            !IpRange::parse("0.0.0.0/0")
                .unwrap()
                .contains("::1".parse().unwrap())
        );
        for bad in ["", "10.0.0.0/", "10.0.0.0/x", "::/129", "host.example"] {
            assert!(IpRange::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            IpRange::parse("10.0.0.0/8").unwrap().to_string(),
            "10.0.0.0/8"
        );
    }
}
