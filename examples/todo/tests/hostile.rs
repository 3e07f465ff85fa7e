//! The todo binary against a hostile or faulty world, through a real
//! socket on 127.0.0.1: storage that fails, a database held by another
//! process, stalled uploads, forged origins and hosts, and a corpus of
//! malformed requests. The server must answer `GET /` after each.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[path = "hostile/corpus.rs"]
mod corpus;

use corpus::{Expect, corpus};

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
