//! A browser-like HTTP/1.1 client over a real socket: a cookie jar,
//! the CSRF token sent with every state-changing request (as the
//! bundled client does), one connection per request. Blocking, so that
//! tests drive it from plain threads while the server runs on its own
//! runtime.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Mutex;
use std::time::Duration;

/// A client of the server at one address, with its cookies.
#[derive(Debug)]
pub struct Browser {
    addr: SocketAddr,
    jar: Mutex<BTreeMap<String, String>>,
    /// The CSRF token an answer gave in `X-CSRF-Token` (a page's meta
    /// holds it in a browser), sent instead of the cookie's.
    token: Mutex<Option<String>>,
}

/// An answer: status, headers (names lower-case) and body.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The headers, in order, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body, chunked encoding undone.
    pub body: String,
}

impl Reply {
    /// The first header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every `Set-Cookie`.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

impl Browser {
    /// A browser with no cookies, for the server at `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            jar: Mutex::new(BTreeMap::new()),
            token: Mutex::new(None),
        }
    }

    /// Another browser with a copy of this one's cookies (a stolen
    /// cookie jar).
    pub fn copy(&self) -> Self {
        Self {
            addr: self.addr,
            jar: Mutex::new(self.jar().clone()),
            token: Mutex::new(self.token()),
        }
    }

    fn jar(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, String>> {
        self.jar.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn token(&self) -> Option<String> {
        self.token.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sends `token` as the CSRF token from now on (one read from a
    /// page).
    pub fn set_token(&self, token: &str) {
        *self.token.lock().unwrap_or_else(|e| e.into_inner()) = Some(token.to_owned());
    }

    /// The cookie `name`, if the jar holds it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar().get(name).cloned()
    }

    /// Puts a cookie in the jar (a planted one).
    pub fn set_cookie(&self, name: &str, value: &str) {
        self.jar().insert(name.to_owned(), value.to_owned());
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], None)
    }

    /// `POST path` with the form `fields`, URL-encoded.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.request(
            "POST",
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            Some(body.as_bytes()),
        )
    }

    /// Any request: `headers` added to the host, cookies and (for a
    /// method other than GET and HEAD) the CSRF token from its cookie.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached or answers what is not HTTP.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Reply {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAccept: text/html\r\n",
            self.addr
        );
        {
            let jar = self.jar();
            if !jar.is_empty() {
                let pairs: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
                head.push_str(&format!("Cookie: {}\r\n", pairs.join("; ")));
            }
            let token = self.token().or_else(|| {
                jar.get("hyperox_csrf")
                    .or_else(|| jar.get("__Host-hyperox_csrf"))
                    .cloned()
            });
            if !matches!(method, "GET" | "HEAD")
                && let Some(token) = token
                && !headers
                    .iter()
                    .any(|(k, _)| k.eq_ignore_ascii_case("x-csrf-token"))
            {
                head.push_str(&format!("X-CSRF-Token: {token}\r\n"));
            }
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let body = body.unwrap_or_default();
        if !body.is_empty() || !matches!(method, "GET" | "HEAD") {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        let mut stream = TcpStream::connect(self.addr).expect("the server takes connections");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("a timeout");
        stream
            .write_all(head.as_bytes())
            .expect("the request is sent");
        stream.write_all(body).expect("the body is sent");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("an answer");
        let reply = parse(&raw);
        self.keep_cookies(&reply);
        if let Some(token) = reply.header("x-csrf-token") {
            self.set_token(token);
        }
        reply
    }

    /// Takes in the cookies an answer sets (and forgets the ones it
    /// removes).
    fn keep_cookies(&self, reply: &Reply) {
        let mut jar = self.jar();
        for line in reply.set_cookies() {
            let mut parts = line.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
                continue;
            };
            let removed = value.is_empty()
                || parts.any(|a| {
                    let a = a.trim().to_ascii_lowercase();
                    a == "max-age=0" || a.starts_with("max-age=-")
                });
            if removed {
                jar.remove(name);
            } else {
                jar.insert(name.to_owned(), value.to_owned());
            }
        }
    }
}

/// Percent-encodes a form value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(b as char);
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Reads an HTTP/1.1 answer.
fn parse(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an answer with a head");
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// Undoes chunked transfer encoding.
fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .expect("a chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_and_heads_are_read() {
        let raw = b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
        let reply = parse(raw);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, "abcde");
        assert_eq!(reply.set_cookies(), ["a=1; Path=/"]);
        assert_eq!(encode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
