//! The todo binary against a hostile or faulty world, through a real
//! socket on 127.0.0.1: storage that fails, a database held by another
//! process, stalled uploads, forged origins and hosts, and a corpus of
//! malformed requests. The server must answer `GET /` after each.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "the hostile tests' key, at least 32 characters";

struct Running {
    port: u16,
    child: Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts the binary in `dir`, its file writes limited to `max_file_kib`
/// when given (writes past it fail as on a full disk).
fn start(dir: &Path, max_file_kib: Option<u64>) -> Running {
    // `ulimit -f` counts 512-byte blocks in sh; SIGXFSZ is ignored so that
    // a write past the limit fails instead of killing the process.
    let limit = max_file_kib.map(|kib| format!("trap '' XFSZ; ulimit -f {};", kib * 2));
    start_with(dir, &limit.unwrap_or_default())
}

/// Starts the binary in `dir` under the shell commands `limits`.
fn start_with(dir: &Path, limits: &str) -> Running {
    let port = free_port();
    let bin = env!("CARGO_BIN_EXE_todo");
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!("{limits} exec \"$0\"")).arg(bin);
    let child = cmd
        .current_dir(dir)
        .env("PORT", port.to_string())
        .env("HYPEROX_ENV", "production")
        .env("HYPEROX_SECRET", SECRET)
        .env("HYPEROX_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let running = Running { port, child };
    let start = Instant::now();
    while get_status(port, "/").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no answer in 20 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    running
}

/// Sends `request` and reads the answer: `(status, body)`, or `None`
/// when the server closed without one.
fn exchange(port: u16, request: &[u8]) -> Option<(u16, String)> {
    exchange_within(port, request, Duration::from_secs(5))
}

/// [`exchange`], ending a request the server is still waiting on after
/// `wait` by half-closing the socket (an incomplete corpus request).
fn exchange_within(port: u16, request: &[u8], wait: Duration) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(wait)).unwrap();
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut half_closed = false;
    loop {
        match s.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) && !half_closed
                    && buf.is_empty() =>
            {
                let _ = s.shutdown(Shutdown::Write);
                s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                half_closed = true;
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12)?.parse().ok()?;
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Some((status, body))
}

fn get_status(port: u16, path: &str) -> Option<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    exchange(port, req.as_bytes()).map(|(s, _)| s)
}

fn token() -> String {
    hyperox::csrf::token(&hyperox::Config {
        secret: Some(SECRET.into()),
        ..hyperox::Config::default()
    })
    .unwrap()
}

/// A same-origin htmx POST with a valid token.
fn post(port: u16, path: &str, body: &str) -> Option<(u16, String)> {
    let t = token();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Cookie: hyperox_csrf={t}\r\nX-CSRF-Token: {t}\r\nHX-Request: true\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    exchange(port, req.as_bytes())
}

fn rows(db: &Path) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM todos", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn writes_that_are_not_stored_answer_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), Some(64));
    let (mut stored, mut failed) = (0, 0);
    for i in 0..40 {
        match post(
            server.port,
            "/_partials/todos/add",
            &format!("title=item+{i}"),
        ) {
            Some((200, _)) => stored += 1,
            // A full disk (503) or another I/O error (500).
            Some((500 | 503, body)) => {
                assert!(body.contains("could not be stored"), "{body}");
                failed += 1;
            }
            other => panic!("add {i}: {other:?}"),
        }
        assert_eq!(get_status(server.port, "/"), Some(200));
    }
    drop(server);
    assert!(failed > 0, "the file limit made no write fail");
    assert_eq!(
        rows(&dir.path().join("todo.db")),
        stored,
        "every add answered 200 is stored, and only those"
    );
}

#[test]
fn a_removed_database_file_answers_503() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None);
    assert_eq!(
        post(server.port, "/_partials/todos/add", "title=a")
            .unwrap()
            .0,
        200
    );
    std::fs::remove_file(dir.path().join("todo.db")).unwrap();
    let (status, body) = post(server.port, "/_partials/todos/add", "title=b").unwrap();
    assert_eq!(
        (status, body.contains("could not be stored")),
        (503, true),
        "{body}"
    );
}

#[test]
fn a_busy_database_answers_503_while_pages_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None);
    let other = rusqlite::Connection::open(dir.path().join("todo.db")).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let (status, _) = post(server.port, "/_partials/todos/add", "title=blocked").unwrap();
    let took = started.elapsed();
    assert_eq!(status, 503);
    assert!(
        took < Duration::from_secs(3),
        "answered busy after {took:?}"
    );
    let started = Instant::now();
    assert_eq!(get_status(server.port, "/"), Some(200));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "a page waited for the writer"
    );
    other.execute_batch("COMMIT").unwrap();
    assert_eq!(
        post(server.port, "/_partials/todos/add", "title=after")
            .unwrap()
            .0,
        200
    );
}

#[test]
fn idle_sockets_past_the_open_file_limit_do_not_lock_clients_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_with(dir.path(), "ulimit -n 128;");
    let mut idle = Vec::new();
    for _ in 0..140 {
        if let Ok(s) = TcpStream::connect(("127.0.0.1", server.port)) {
            idle.push(s);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    for _ in 0..10 {
        let started = Instant::now();
        assert_eq!(
            get_status(server.port, "/"),
            Some(200),
            "a new client is served"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
    drop(idle);
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap()
}

#[test]
fn stalled_uploads_hold_little_memory() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None);
    let before = rss_kib(server.child.id());
    let t = token();
    let head = |len: usize| {
        format!(
            "POST /_partials/todos/add HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: hyperox_csrf={t}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len}\r\n\r\n",
            server.port
        )
    };
    // 100 uploads declaring 2 MiB: refused at once, before any body byte
    // is kept.
    let mut refused = 0;
    for _ in 0..100 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(head(2_097_152).as_bytes()).unwrap();
        let _ = s.write_all(&vec![b'x'; 200_000]);
        let mut b = [0u8; 12];
        if s.read_exact(&mut b).is_ok() && &b[9..12] == b"413" {
            refused += 1;
        }
    }
    assert_eq!(refused, 100);
    // 100 uploads of forms under the form limit that stall: each holds at
    // most its 60 KB until the body timeout.
    let mut stalled = Vec::new();
    for _ in 0..100 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.write_all(head(60_000).as_bytes()).unwrap();
        s.write_all(&vec![b'x'; 59_000]).unwrap();
        stalled.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = rss_kib(server.child.id());
    println!("RSS before {before} KiB, with 100 stalled uploads {during} KiB");
    assert!(
        during < before + 32 * 1024,
        "100 stalled uploads took {} KiB",
        during - before
    );
    assert_eq!(get_status(server.port, "/"), Some(200), "others are served");
    // Each is answered 408 and closed once the body timeout passes.
    for mut s in stalled {
        s.set_read_timeout(Some(Duration::from_secs(25))).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        assert!(
            buf.starts_with(b"HTTP/1.1 408"),
            "{:?}",
            String::from_utf8_lossy(&buf[..buf.len().min(40)])
        );
    }
}

#[test]
fn forged_origins_hosts_and_cookies_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None);
    let p = server.port;
    let t = token();
    let form = |host: &str, extra: &str, cookie: &str, field: &str| {
        let body = format!("title=x{field}");
        format!(
            "POST /_partials/todos/add HTTP/1.1\r\nHost: {host}\r\n{extra}Cookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let good = format!("hyperox_csrf={t}");
    let field = format!("&_csrf={t}");
    let own = format!("127.0.0.1:{p}");
    let cases = [
        (
            "https origin on plain HTTP",
            form(
                &own,
                &format!("Origin: https://127.0.0.1:{p}\r\n"),
                &good,
                &field,
            ),
            403,
        ),
        (
            "another port",
            form(
                &own,
                &format!("Origin: http://127.0.0.1:{}\r\n", p + 1),
                &good,
                &field,
            ),
            403,
        ),
        (
            "null origin",
            form(&own, "Origin: null\r\n", &good, &field),
            403,
        ),
        (
            "DNS rebinding: foreign Host and matching Origin",
            form(
                &format!("evil.example:{p}"),
                &format!("Origin: http://evil.example:{p}\r\n"),
                &good,
                &field,
            ),
            421,
        ),
        (
            "planted unsigned cookie, no Origin",
            form(&own, "", "hyperox_csrf=X", "&_csrf=X"),
            403,
        ),
        (
            "cross-site fetch metadata",
            form(&own, "Sec-Fetch-Site: cross-site\r\n", &good, &field),
            403,
        ),
        ("token missing", form(&own, "", &good, ""), 403),
        // Forms posted without JavaScript are answered with a redirect.
        (
            "same origin, form field",
            form(
                &own,
                &format!("Origin: http://127.0.0.1:{p}\r\n"),
                &good,
                &field,
            ),
            303,
        ),
        (
            "localhost, no Origin (a form without fetch metadata)",
            form(&format!("localhost:{p}"), "", &good, &field),
            303,
        ),
    ];
    for (name, req, want) in cases {
        let got = exchange(p, req.as_bytes()).map(|(s, _)| s);
        assert_eq!(got, Some(want), "{name}");
    }
}

/// What a corpus request must get.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Status(u16),
    /// Any 4xx, or the connection closed without an answer.
    Refused,
}

/// The hostile-request corpus: `(category, request, expected)`.
fn corpus(port: u16) -> Vec<(&'static str, Vec<u8>, Expect)> {
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
        ("/?filter=active&filter=completed", Status(200)),
        ("/??", Status(200)),
        ("/#frag", Status(200)),
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

#[test]
fn the_hostile_corpus_is_answered_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(dir.path(), None);
    let cases = corpus(server.port);
    assert!(
        cases.len() >= 250,
        "the corpus has {} requests",
        cases.len()
    );
    let mut wrong = Vec::new();
    let mut by_category: Vec<(&str, usize)> = Vec::new();
    for (i, (category, raw, want)) in cases.iter().enumerate() {
        let got = exchange_within(server.port, raw, Duration::from_millis(500));
        let ok = match (want, got.as_ref()) {
            (Expect::Status(s), Some((g, _))) => s == g,
            (Expect::Refused, None) => true,
            (Expect::Refused, Some((g, _))) => (400..500).contains(g),
            (Expect::Status(_), None) => false,
        };
        if !ok {
            let shown = String::from_utf8_lossy(&raw[..raw.len().min(120)]).into_owned();
            wrong.push(format!(
                "#{i} {category}: expected {want:?}, got {:?} for {shown:?}",
                got.map(|g| g.0)
            ));
        }
        match by_category.iter_mut().find(|(c, _)| c == category) {
            Some((_, n)) => *n += 1,
            None => by_category.push((category, 1)),
        }
        assert_eq!(
            get_status(server.port, "/"),
            Some(200),
            "the server stopped answering after #{i}"
        );
    }
    println!("{} requests: {by_category:?}", cases.len());
    assert!(
        wrong.is_empty(),
        "{} unexpected:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
