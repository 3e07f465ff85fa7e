//! The hostile-request corpus run by `the_hostile_corpus_is_answered_and_the_server_goes_on`:
//! raw requests by category, each with the answer it must get.

use super::token;

/// What a corpus request must get.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Expect {
    Status(u16),
    /// Any 4xx, or the connection closed without an answer.
    Refused,
}

/// The hostile-request corpus: `(category, request, expected)`.
pub(crate) fn corpus(port: u16) -> Vec<(&'static str, Vec<u8>, Expect)> {
    use Expect::{Refused, Status};
    let host = format!("127.0.0.1:{port}");
    let req = |line: &str, headers: &str| -> Vec<u8> {
        format!("{line}\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n").into_bytes()
    };
    let mut c: Vec<(&'static str, Vec<u8>, Expect)> = Vec::new();
    // Methods.
    for (m, want) in [
        ("GET", Status(200)),
        ("HEAD", Status(200)),
        ("POST", Status(405)),
        ("PUT", Status(405)),
        ("DELETE", Status(405)),
        ("PATCH", Status(405)),
        ("OPTIONS", Status(200)),
        ("TRACE", Status(405)),
        ("CONNECT", Status(405)),
        ("get", Status(405)),
        ("PROPFIND", Status(405)),
        ("MKCOL", Status(405)),
        ("BREW", Status(405)),
        ("G ET", Refused),
        ("GE\tT", Refused),
        ("G@T", Refused),
        ("GET\0", Refused),
        ("", Refused),
        ("\u{7f}GET", Refused),
        ("ÄGET", Refused),
    ] {
        c.push(("methods", req(&format!("{m} / HTTP/1.1"), ""), want));
    }
    c.push((
        "methods",
        req(&format!("{} / HTTP/1.1", "A".repeat(200)), ""),
        Status(405),
    ));
    c.push((
        "methods",
        req(&format!("{} / HTTP/1.1", "A".repeat(70_000)), ""),
        Refused,
    ));
    // Versions.
    for (v, want) in [
        ("HTTP/1.1", Status(200)),
        ("HTTP/1.0", Status(200)),
        ("HTTP/1.2", Refused),
        ("HTTP/2.0", Refused),
        ("HTTP/3", Refused),
        ("HTTP/0.9", Refused),
        ("HTTP/11", Refused),
        ("http/1.1", Refused),
        ("HTTP/1.1 extra", Refused),
        ("HTTP/1.", Refused),
        ("HTTP/", Refused),
        ("HTTPS/1.1", Refused),
        ("HTTP/9.9", Refused),
        ("HTTP/1.1\t", Refused),
        ("", Refused),
    ] {
        c.push(("versions", req(&format!("GET / {v}"), ""), want));
    }
    // HTTP/0.9 and bare lines.
    for raw in [
        "GET /\r\n\r\n",
        "GET\r\n\r\n",
        "\r\n\r\n",
        "/\r\n\r\n",
        "GET / \r\n\r\n",
        "GET /\n\n",
        "GET / HTTP/1.1",
        "GET / HTTP/1.1\r\n",
        "GET / HTTP/1.1\n\n",
        "POST /\r\n\r\nbody",
    ] {
        c.push(("http/0.9", raw.as_bytes().to_vec(), Refused));
    }
    // Header injection and malformed header lines.
    for h in [
        "X-A: a\rb\r\n",
        "X-A: a\nInjected: 1\r\n",
        "X-A\r\n",
        ": empty-name\r\n",
        "X A: b\r\n",
        "X-A : b\r\n",
        "X-\0: b\r\n",
        "X-A: \0\r\n",
        "X-A:\x01\r\n",
        "\tX-A: b\r\n",
        "X-A: b\r\n\r\nGET /smuggled HTTP/1.1\r\n",
        "Host2: x\r\n: \r\n",
        "X-A: é\r\n",
        "X-A: \u{fffd}\r\n",
        "Content-Type: text/html\r\nX-A: <script>\r\n",
    ] {
        // A lone LF ends a line (RFC 9112 lets a recipient accept it), so
        // `a\nInjected: 1` is two fields the client sent.
        let two_lines = h.starts_with("X-A: a\nInjected");
        let want = if two_lines
            || h.starts_with("X-A: é")
            || h.starts_with("X-A: \u{fffd}")
            || h.starts_with("Content-Type")
            || h.starts_with("X-A: b\r\n\r\nGET")
        {
            Status(200)
        } else {
            Refused
        };
        c.push(("header injection", req("GET / HTTP/1.1", h), want));
    }
    for i in 0..20 {
        // CR, LF, NUL and control bytes at each place of a header line.
        let bad = [b'\r', b'\n', 0u8, 0x01, 0x7f][i % 5] as char;
        let h = match i / 5 {
            0 => format!("X-{bad}A: v\r\n"),
            1 => format!("X-A{bad}: v\r\n"),
            2 => format!("X-A: v{bad}w\r\n"),
            _ => format!("{bad}X-A: v\r\n"),
        };
        // A lone LF in front of a field line ends the head there.
        let want = if bad == '\n' && i / 5 == 3 {
            Status(200)
        } else {
            Refused
        };
        c.push(("header injection", req("GET / HTTP/1.1", &h), want));
    }
    // Obsolete line folding.
    for h in [
        "X-A: a\r\n b\r\n",
        "X-A: a\r\n\tb\r\n",
        "Host: x\r\n  y\r\n",
        "X-A:\r\n folded\r\n",
        " X-A: b\r\n",
    ] {
        c.push(("folding", req("GET / HTTP/1.1", h), Refused));
    }
    // Sizes.
    for (name_len, value_len, want) in [
        (10, 1_000, Status(200)),
        (10, 60_000, Status(200)),
        (10, 70_000, Refused),
        (70_000, 1, Refused),
        (8_000, 8_000, Status(200)),
        (1, 1, Status(200)),
        (10, 0, Status(200)),
    ] {
        c.push((
            "sizes",
            req(
                "GET / HTTP/1.1",
                &format!("X-{}: {}\r\n", "n".repeat(name_len), "v".repeat(value_len)),
            ),
            want,
        ));
    }
    for n in [10, 90, 101, 200, 1_000] {
        let many: String = (0..n).map(|i| format!("X-H{i}: v\r\n")).collect();
        let want = if n <= 90 { Status(200) } else { Refused };
        c.push(("sizes", req("GET / HTTP/1.1", &many), want));
    }
    c.push((
        "sizes",
        req(&format!("GET /{} HTTP/1.1", "a".repeat(70_000)), ""),
        Refused,
    ));
    c.push((
        "sizes",
        req(&format!("GET /{} HTTP/1.1", "a".repeat(8_000)), ""),
        Status(404),
    ));
    for len in [
        "2097153",
        "99999999999",
        "18446744073709551615",
        "18446744073709551616",
    ] {
        c.push((
            "sizes",
            req(
                "POST /_partials/todos/add HTTP/1.1",
                &format!("Content-Length: {len}\r\n"),
            ),
            Refused,
        ));
    }
    // Encodings of the target.
    for (target, want) in [
        ("/%2e%2e/%2e%2e/etc/passwd", Status(404)),
        ("/..%2f..%2fetc%2fpasswd", Status(404)),
        ("/%00", Status(404)),
        ("/%c0%ae%c0%ae/", Status(404)),
        ("/%ff", Status(404)),
        ("/%", Status(404)),
        ("/%zz", Status(404)),
        ("/assets/%2e%2e%2fCargo.toml", Status(404)),
        ("/?filter=%00", Status(200)),
        ("/?filter=%ff%fe", Status(200)),
        ("/?filter=<script>", Refused),
        // A repeated field does not fit the page's query type.
        ("/?filter=active&filter=completed", Status(400)),
        ("/??", Status(200)),
        // RFC 9112: a request target has no fragment.
        ("/#frag", Status(400)),
        ("/a b", Refused),
        ("/\u{e9}", Refused),
        ("//", Status(404)),
        ("///", Status(404)),
        ("/./", Status(404)),
        ("/../", Status(404)),
        ("/_partials/todos/%31/toggle", Status(405)),
        ("/_partials/todos/1%2f2/toggle", Status(405)),
        ("/assets/../../Cargo.toml", Status(404)),
        ("/favicon.ico", Status(404)),
        ("/\\..\\..\\etc\\passwd", Refused),
    ] {
        c.push((
            "encodings",
            req(&format!("GET {target} HTTP/1.1"), ""),
            want,
        ));
    }
    for (enc, want) in [
        ("gzip", Status(200)),
        ("br", Status(200)),
        ("gzip;q=0, br;q=0", Status(200)),
        ("*;q=0", Status(200)),
        ("identity;q=0", Status(200)),
        ("br;q=abc", Status(200)),
        (&"gzip, ".repeat(2_000), Status(200)),
        ("\u{e9}", Status(200)),
        (",,,;;;", Status(200)),
        ("br;q=1.0000000001", Status(200)),
    ] {
        c.push((
            "encodings",
            req("GET / HTTP/1.1", &format!("Accept-Encoding: {enc}\r\n")),
            want,
        ));
    }
    for range in [
        "bytes=0-0",
        "bytes=-1",
        "bytes=99999999-",
        "bytes=1-0",
        "bytes=0-1,2-3,4-5",
        "bits=0-1",
        "bytes=--1",
        "bytes=18446744073709551616-",
    ] {
        c.push((
            "encodings",
            req("GET / HTTP/1.1", &format!("Range: {range}\r\n")),
            Status(200),
        ));
    }
    // Smuggling and framing.
    let post = "POST /_partials/todos/add HTTP/1.1";
    for (h, want) in [
        // Both framings: read by Transfer-Encoding alone (RFC 9112 §6.3),
        // then refused for the missing token, and the connection closed.
        (
            "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
            Status(403),
        ),
        (
            "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
            Status(403),
        ),
        ("Transfer-Encoding: chunked, chunked\r\n", Status(400)),
        ("Transfer-Encoding: gzip, chunked\r\n", Status(501)),
        ("Transfer-Encoding: chunked, gzip\r\n", Status(400)),
        ("Transfer-Encoding: xchunked\r\n", Refused),
        (
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            Status(400),
        ),
        ("Transfer-Encoding: \r\n", Refused),
        ("Transfer-Encoding : chunked\r\n", Refused),
        ("Transfer-Encoding:\tchunked\r\n", Status(403)),
        ("Transfer-Encoding: CHUNKED\r\n", Status(403)),
        ("Content-Length: 3\r\nContent-Length: 4\r\n", Refused),
        ("Content-Length: 3, 4\r\n", Refused),
        ("Content-Length: 3, 3\r\n", Refused),
        ("Content-Length: -3\r\n", Refused),
        ("Content-Length: +3\r\n", Refused),
        ("Content-Length: 0x3\r\n", Refused),
        ("Content-Length: 3 3\r\n", Refused),
        ("Content-Length:\r\n", Refused),
        ("Content-Length: 1e3\r\n", Refused),
    ] {
        let body = if h.contains("chunked") && !h.contains("Content-Length") {
            "3\r\nabc\r\n0\r\n\r\n"
        } else {
            "abc"
        };
        let mut r = req(post, h);
        r.extend_from_slice(body.as_bytes());
        c.push(("smuggling", r, want));
    }
    for chunk in [
        "zz\r\nabc\r\n0\r\n\r\n",
        "3\r\nabcdef\r\n0\r\n\r\n",
        "-1\r\n",
        "ffffffffffffffffff\r\n",
        "3;ext=\"\r\nabc\r\n0\r\n\r\n",
        "3\nabc\n0\n\n",
    ] {
        let mut r = req(post, "Transfer-Encoding: chunked\r\n");
        r.extend_from_slice(chunk.as_bytes());
        c.push(("smuggling", r, Refused));
    }
    // Request targets.
    for (target, want) in [
        ("http://127.0.0.1/", Status(200)),
        ("ftp://127.0.0.1/", Status(400)),
        ("http://user@127.0.0.1/", Status(400)),
        ("http://127.0.0.1:99999/", Status(400)),
        ("127.0.0.1:80", Status(400)),
        ("*", Status(400)),
        ("https://127.0.0.1/", Status(200)),
        ("http://evil.example/", Status(421)),
        ("javascript:alert(1)", Refused),
        ("file:///etc/passwd", Refused),
        ("http:///", Refused),
        ("http://[::1]/", Status(200)),
        ("?x", Refused),
        ("a", Refused),
        ("./", Refused),
    ] {
        c.push(("targets", req(&format!("GET {target} HTTP/1.1"), ""), want));
    }
    c.push(("targets", req("OPTIONS * HTTP/1.1", ""), Status(404)));
    // Hosts.
    for (h, want) in [
        ("", Status(200)),
        ("Host: evil.example\r\n", Status(400)),
        ("Host: 127.0.0.1:99999\r\n", Status(400)),
        ("Host: a b\r\n", Status(400)),
        ("Host: user@127.0.0.1\r\n", Status(400)),
        ("Host: \r\n", Status(400)),
        ("Host: [::1\r\n", Status(400)),
        ("Host: 127.0.0.1/x\r\n", Status(400)),
        ("Host: localhost\r\n", Status(400)),
        ("Host: 127.0.0.1.evil.example\r\n", Status(400)),
    ] {
        // A second Host: 400 whatever it says.
        c.push((
            "hosts",
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n{h}Connection: close\r\n\r\n").into_bytes(),
            want,
        ));
    }
    for (h, want) in [
        ("", Status(400)),
        ("Host: localhost:1\r\n", Status(200)),
        ("Host: LOCALHOST\r\n", Status(200)),
        ("Host: [::1]:3000\r\n", Status(200)),
        ("Host: 127.1.2.3\r\n", Status(200)),
        ("Host: evil.example\r\n", Status(421)),
    ] {
        c.push((
            "hosts",
            format!("GET / HTTP/1.1\r\n{h}Connection: close\r\n\r\n").into_bytes(),
            want,
        ));
    }
    // h2c and prior-knowledge HTTP/2.
    c.push(("h2c", req("GET / HTTP/1.1", "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nConnection: Upgrade, HTTP2-Settings\r\n"), Status(200)));
    c.push(("h2c", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".to_vec(), Refused));
    c.push((
        "h2c",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00garbage".to_vec(),
        Refused,
    ));
    c.push(("h2c", b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".to_vec(), Refused));
    c.push((
        "h2c",
        req("GET / HTTP/1.1", "Upgrade: websocket\r\n"),
        Status(200),
    ));
    // Cookies, on a page that reads the CSRF cookie.
    for cookie in [
        "hyperox_csrf=",
        "hyperox_csrf",
        "=",
        ";;;;",
        "hyperox_csrf=\"\"",
        "hyperox_csrf=a.b",
        "hyperox_csrf=%00",
        "a=1; a=2; a=3",
        "hyperox_csrf=1; hyperox_csrf=2",
        &"x=y; ".repeat(2_000),
        "__Host-hyperox_csrf=forged",
        "hyperox_csrf=\u{e9}",
        "  spaced  =  value  ",
        "\"quoted\"=1",
        "hyperox_csrf=0123456789abcdef0123456789abcdef.0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        c.push((
            "cookies",
            req("GET / HTTP/1.1", &format!("Cookie: {cookie}\r\n")),
            Status(200),
        ));
    }
    // State changes without a valid token, in every shape: refused.
    let t = token();
    for (headers, body) in [
        (
            "Content-Type: application/x-www-form-urlencoded\r\n".to_owned(),
            "title=x".to_owned(),
        ),
        (
            "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf=forged\r\n"
                .to_owned(),
            "title=x&_csrf=forged".to_owned(),
        ),
        (
            format!(
                "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf={t}\r\n"
            ),
            "title=x".to_owned(),
        ),
        (
            format!(
                "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf={t}\r\n"
            ),
            "title=x&_csrf=".to_owned(),
        ),
        (
            format!(
                "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf={t}\r\n"
            ),
            format!("title=x&_csrf={t}x"),
        ),
        (
            format!(
                "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf={t}\r\nOrigin: http://evil.example\r\n"
            ),
            format!("title=x&_csrf={t}"),
        ),
        (
            format!(
                "Content-Type: application/x-www-form-urlencoded\r\nCookie: hyperox_csrf={t}\r\nSec-Fetch-Site: same-site\r\n"
            ),
            format!("title=x&_csrf={t}"),
        ),
        (
            format!("Content-Type: text/plain\r\nCookie: hyperox_csrf={t}\r\n"),
            format!("title=x&_csrf={t}"),
        ),
        (
            format!(
                "Content-Type: multipart/form-data; boundary=x\r\nCookie: hyperox_csrf={t}\r\n"
            ),
            format!("--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n--x--"),
        ),
        (
            format!("Cookie: hyperox_csrf={t}\r\nX-CSRF-Token: {t}\r\nOrigin: null\r\n"),
            String::new(),
        ),
        (
            format!(
                "Cookie: hyperox_csrf={t}\r\nX-CSRF-Token: {}\r\n",
                t.to_uppercase()
            ),
            String::new(),
        ),
        (
            "X-CSRF-Token: forged\r\nCookie: hyperox_csrf=forged\r\n".to_owned(),
            String::new(),
        ),
    ] {
        let r = format!(
            "POST /_partials/todos/add HTTP/1.1\r\nHost: {host}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        c.push(("csrf", r.into_bytes(), Status(403)));
    }
    // NUL and binary garbage.
    for raw in [
        &b"\0\0\0\0"[..],
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"\xff\xfe\xfd",
        b"GET / HTTP/1.1\0\r\n\r\n",
        b"\r\n\r\n\r\n\r\nGET",
    ] {
        c.push(("nul", raw.to_vec(), Refused));
    }
    for i in 0..10u8 {
        let noise: Vec<u8> = (0..64u8)
            .map(|j| j.wrapping_mul(31).wrapping_add(i.wrapping_mul(17)))
            .collect();
        c.push(("nul", noise, Refused));
    }
    c
}
