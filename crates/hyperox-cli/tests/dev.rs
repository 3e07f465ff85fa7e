//! The CLI end to end, on a real socket: `hyperox new` writes a starter
//! that builds; `hyperox routes` lists it; `hyperox dev` serves it,
//! reloads on a Rust edit, swaps the stylesheet on a class edit before the
//! rebuild is done, keeps the last good build serving through a compile
//! error (and says so on the live-reload stream), builds only the last of
//! two quick edits, and keeps one stream open across every restart;
//! `hyperox build` makes a binary that serves from an empty folder, and
//! its every page, partial and error page passes the W3C Nu HTML checker.
//!
//! The starter depends on this checkout by path and builds offline with
//! this checkout's lock file, into `target/cli-tests`.

#[path = "../../../examples/todo/tests/common/vnu.rs"]
mod vnu;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn hyperox() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hyperox"));
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/cli-tests");
    cmd.env("CARGO_TARGET_DIR", target)
        .env("CARGO_NET_OFFLINE", "true");
    cmd
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `GET path` over HTTP/1.0 (the body runs to the end of the connection):
/// status and body.
fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    let status = raw.split(' ').nth(1)?.parse().ok()?;
    let body = raw.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

/// A request over HTTP/1.0 with `headers` and a form `body`: status,
/// head (names lowercased) and body.
fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    // Header names in lower case, values as sent.
    let head = head
        .lines()
        .map(|l| match l.split_once(':') {
            Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
            None => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    (status, head, body.to_owned())
}

/// The starter's pages, partials and error pages from the server at
/// `addr`, through the Nu HTML checker.
fn check_starter_html(addr: SocketAddr) {
    let html = [("accept", "text/html")];
    let mut docs = Vec::new();
    let (status, head, home) = send(addr, "GET", "/", &html, "");
    assert_eq!(status, 200);
    let cookie = head
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let token = home
        .split("<meta name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the page carries its CSRF token")
        .to_owned();
    docs.push(("home".to_owned(), home));
    for (name, path, want) in [
        ("signup", "/signup", 200),
        ("user", "/users/7", 200),
        ("error-404", "/users/seven", 404),
    ] {
        let (status, _, body) = send(addr, "GET", path, &html, "");
        assert_eq!(status, want, "{path}");
        docs.push((name.to_owned(), body));
    }
    let htmx = [
        ("cookie", cookie.as_str()),
        ("x-csrf-token", token.as_str()),
        ("hx-request", "true"),
    ];
    for (name, path, form, want) in [
        ("counter", "/_partials/counter/increment", "", 200),
        (
            "signup-refused",
            "/_partials/signup/submit",
            "email=nope",
            422,
        ),
        (
            "signup-done",
            "/_partials/signup/submit",
            "email=ada%40example.com",
            200,
        ),
    ] {
        let (status, _, body) = send(addr, "POST", path, &htmx, form);
        assert_eq!(status, want, "{path}: {body}");
        docs.push((name.to_owned(), vnu::in_document(&body)));
    }
    let (status, _, forged) = send(addr, "POST", "/_partials/counter/increment", &html, "");
    assert_eq!(status, 403);
    docs.push(("error-403".to_owned(), forged));
    // Without JavaScript: each form posts, comes back to its page (303),
    // and the page shows the result where htmx would have put it.
    let field = format!("_csrf={token}");
    for (name, page, path, form, shows) in [
        (
            "nojs-counter",
            "/",
            "/_partials/counter/increment",
            field.clone(),
            ">2</output>",
        ),
        (
            "nojs-signup-refused",
            "/signup",
            "/_partials/signup/submit",
            format!("{field}&email=nope"),
            "Enter an email address",
        ),
        (
            "nojs-signup-done",
            "/signup",
            "/_partials/signup/submit",
            format!("{field}&email=ada%40example.com"),
            "Thanks, ada@example.com!",
        ),
    ] {
        let referer = format!("http://{addr}{page}");
        let plain = [
            ("cookie", cookie.as_str()),
            ("accept", "text/html"),
            ("referer", referer.as_str()),
        ];
        let (status, head, _) = send(addr, "POST", path, &plain, &form);
        assert_eq!(status, 303, "{name}: {head}");
        assert!(
            head.contains(&format!("location: {page}")),
            "{name}: {head}"
        );
        let flash = head
            .lines()
            .filter_map(|l| l.strip_prefix("set-cookie: "))
            .find(|c| c.starts_with("hyperox_flash="))
            .map(|c| c.split(';').next().unwrap().to_owned())
            .expect("the result rides a cookie");
        let with_flash = format!("{cookie}; {flash}");
        let (status, _, body) = send(
            addr,
            "GET",
            page,
            &[("cookie", with_flash.as_str()), ("accept", "text/html")],
            "",
        );
        assert_eq!(status, 200);
        assert!(body.contains(shows), "{name}: {body}");
        docs.push((name.to_owned(), body));
    }
    vnu::assert_valid("starter", &docs);
}

/// `GET path` over HTTP/1.0: the whole answer, head lowercased.
fn raw_get(addr: SocketAddr, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    match raw.split_once("\r\n\r\n") {
        Some((head, body)) => format!("{}\r\n\r\n{body}", head.to_ascii_lowercase()),
        None => raw,
    }
}

/// The live-reload stream, as `event` names (with their data) arriving on
/// a channel.
fn events(addr: SocketAddr) -> mpsc::Receiver<(String, String)> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /_hyperox/livereload HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut name = String::from("message");
        let mut data = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
                data.push('\n');
            } else if line.is_empty()
                && !data.is_empty()
                && tx
                    .send((
                        std::mem::replace(&mut name, "message".into()),
                        std::mem::take(&mut data),
                    ))
                    .is_err()
            {
                return;
            }
        }
    });
    rx
}

/// Waits for the event `name`, skipping others; its data.
fn wait_for(rx: &mpsc::Receiver<(String, String)>, name: &str, within: Duration) -> String {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok((n, data)) if n == name => return data,
            Ok(_) => {}
            Err(e) => panic!("no `{name}` event within {within:?}: {e}"),
        }
    }
}

/// Every event already queued.
fn drain(rx: &mpsc::Receiver<(String, String)>) -> Vec<String> {
    let mut out = Vec::new();
    while let Ok((n, _)) = rx.recv_timeout(Duration::from_millis(200)) {
        out.push(n);
    }
    out
}

struct Dev(Child);

impl Drop for Dev {
    /// Stops it as Ctrl-C would, so that it stops what it started.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// Runs `cmd`, which must succeed; its standard output.
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn new_app(dir: &Path) -> PathBuf {
    let app = dir.join("demo");
    run_ok(hyperox().args(["new", "demo", "--path"]).arg(&app));
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "src/pages/users/[id].rs",
        "public/favicon.svg",
        "tests/app.rs",
        ".gitignore",
        "README.md",
    ] {
        assert!(app.join(f).exists(), "the starter has no {f}");
    }
    app
}

#[test]
fn new_refuses_a_bad_name_and_a_folder_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let out = hyperox()
        .args(["new", "My App"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid app name"));
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = hyperox()
        .args(["new", "demo", "--path"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_build_step_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let app = new_app(dir.path());
    // A param the file path does not have.
    edit(
        &app.join("src/pages/users/[id].rs"),
        "pub async fn page(cx: Cx<'_>, id: u32)",
        "pub async fn page(cx: Cx<'_>, user: u32)",
    );
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/cli-tests");
    let out = Command::new(env!("CARGO"))
        .args(["build", "--offline"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    let line = said
        .lines()
        .find(|l| l.contains("user") && l.contains("[id].rs"))
        .unwrap_or_else(|| panic!("the error names the param and the file: {said}"));
    let (_, message) = line
        .split_once("demo@0.1.0: ")
        .expect("said once, by cargo");
    assert_eq!(said.matches(message).count(), 1, "{said}");
    assert!(
        !said.contains("--- stdout") && !said.contains("--- stderr"),
        "{said}"
    );
}

#[test]
fn new_says_what_the_app_depends_on() {
    let dir = tempfile::tempdir().unwrap();
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap();
    let said = run_ok(
        hyperox()
            .args(["new", "by-path", "--path"])
            .arg(dir.path().join("a")),
    );
    assert!(
        said.contains(&format!("checkout at {} by path", checkout.display()))
            && said.contains("moving or deleting that folder breaks its build"),
        "{said}"
    );
    // A version crates.io does not have (or cannot be asked about, as
    // here, offline) is said to break the build.
    let out = hyperox()
        .args(["new", "by-version", "--version", "0.0.0-none", "--path"])
        .arg(dir.path().join("b"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("hyperox 0.0.0-none and hyperox-build 0.0.0-none from crates.io")
            && said.contains("warning: hyperox@0.0.0-none")
            && said.contains("will not build"),
        "{said}"
    );
    let manifest = std::fs::read_to_string(dir.path().join("b/Cargo.toml")).unwrap();
    assert!(manifest.contains("hyperox = \"0.0.0-none\""), "{manifest}");
}

#[test]
fn a_starter_is_served_with_live_reload_and_builds_a_binary() {
    let dir = tempfile::tempdir().unwrap();
    let app = new_app(dir.path());

    let routes = run_ok(hyperox().args(["routes", "--path"]).arg(&app));
    for row in [
        "/users/:id",
        "/_partials/counter/increment",
        "POST",
        "src/pages/signup.rs",
    ] {
        assert!(routes.contains(row), "routes lack {row}:\n{routes}");
    }

    let port = free_port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut child = hyperox()
        .args(["dev", "--port", &port.to_string(), "--path"])
        .arg(&app)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    // What `hyperox dev` prints, passed on and kept.
    let printed = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    {
        let out = BufReader::new(child.stdout.take().unwrap());
        let printed = printed.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                println!("{line}");
                printed.lock().unwrap().push(line);
            }
        });
    }
    let _dev = Dev(child);
    // The first build is cold: allow it minutes.
    let deadline = Instant::now() + Duration::from_secs(600);
    let home = loop {
        if let Some((200, body)) = get(addr, "/") {
            break body;
        }
        assert!(Instant::now() < deadline, "hyperox dev never served /");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(home.contains("Welcome to demo"), "{home}");
    assert!(
        home.contains("/_hyperox/livereload?gen="),
        "the page listens to the supervisor's stream"
    );
    let stream = events(addr);
    wait_for(&stream, "message", Duration::from_secs(5));

    // A Rust edit: one reload, and the new text.
    let index = app.join("src/pages/index.rs");
    edit(&index, "Welcome to demo", "Hello from the edit");
    wait_for(&stream, "reload", Duration::from_secs(120));
    let (_, body) = get(addr, "/").unwrap();
    assert!(body.contains("Hello from the edit"), "{body}");

    // A new class: the stylesheet changes before the rebuild is done.
    let (_, before) = get(addr, "/assets/styles.css").unwrap();
    assert!(!before.contains("decoration-wavy"));
    edit(
        &index,
        "class(\"mb-6 text-slate-600\")",
        "class(\"mb-6 text-slate-600 underline decoration-wavy\")",
    );
    let version = wait_for(&stream, "css", Duration::from_secs(10));
    assert!(!version.trim().is_empty());
    let (_, after) = get(addr, "/assets/styles.css").unwrap();
    assert!(
        after.contains("decoration-wavy"),
        "the swapped stylesheet has the new class"
    );
    wait_for(&stream, "reload", Duration::from_secs(120));

    // A compile error: the stream says so, the last good build answers.
    edit(&index, "pub async fn page", "pub async fn page(");
    let error = wait_for(&stream, "build-error", Duration::from_secs(120));
    assert!(error.contains("error"), "{error}");
    let (status, body) = get(addr, "/").unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Hello from the edit"));
    assert!(
        raw_get(addr, "/").contains("\r\nx-hyperox-build: failed\r\n"),
        "an answer of the last good build says the build failed"
    );
    // A page loaded now is told the error as its stream connects.
    let late = events(addr);
    wait_for(&late, "build-error", Duration::from_secs(5));

    // Fixed: the error clears and the new build serves.
    edit(&index, "pub async fn page(", "pub async fn page");
    wait_for(&stream, "build-ok", Duration::from_secs(120));
    wait_for(&stream, "reload", Duration::from_secs(5));
    assert!(!raw_get(addr, "/").contains("x-hyperox-build"));

    // A warning of rustc's and one of the build step's (a class that
    // makes no CSS): shown once each, after the build's result line.
    let before = printed.lock().unwrap().len();
    let mut source = std::fs::read_to_string(&index).unwrap();
    source.push_str(
        "\n#[allow(dead_code)]\nfn lonely() -> impl Node {\n    let unused_thing = 1;\n    p((class(\"no-such-utility-zz\"), \"x\"))\n}\n",
    );
    std::fs::write(&index, source).unwrap();
    wait_for(&stream, "reload", Duration::from_secs(120));
    std::thread::sleep(Duration::from_millis(300));
    let after: Vec<String> = printed.lock().unwrap()[before..].to_vec();
    let count = |needle: &str| after.iter().filter(|l| l.contains(needle)).count();
    assert_eq!(count("unused variable: `unused_thing`"), 1, "{after:#?}");
    assert_eq!(count("no-such-utility-zz"), 1, "{after:#?}");
    let built = after
        .iter()
        .position(|l| l.contains("built"))
        .expect("a built line");
    let warned = after
        .iter()
        .position(|l| l.contains("unused_thing"))
        .unwrap();
    assert!(built < warned, "after the result line: {after:#?}");
    // Cargo's progress, as plain lines here (not a terminal): units done
    // of the total and what compiles.
    let progress = printed.lock().unwrap().iter().any(|l| {
        l.trim_start()
            .strip_prefix("build")
            .map(str::trim_start)
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(done, _)| done.parse::<u32>().is_ok())
    });
    assert!(progress, "no progress line: {:#?}", printed.lock().unwrap());

    // Two quick edits: the first build is cancelled; one reload, for the
    // last.
    edit(&index, "Hello from the edit", "First of two");
    std::thread::sleep(Duration::from_millis(300));
    edit(&index, "First of two", "Second of two");
    wait_for(&stream, "reload", Duration::from_secs(120));
    let later = drain(&stream);
    assert!(
        !later.contains(&"reload".to_owned()),
        "one reload for two edits: {later:?}"
    );
    let (_, body) = get(addr, "/").unwrap();
    assert!(body.contains("Second of two"), "{body}");

    // Cargo rewriting its lock file is no change; an editor's save (a
    // swap file written, then renamed over the source) is one, named as
    // the source: one rebuild, one reload.
    let before = printed.lock().unwrap().len();
    let lock = app.join("Cargo.lock");
    std::fs::write(&lock, std::fs::read(&lock).unwrap()).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert!(drain(&stream).is_empty(), "a lock-file write rebuilt");
    let swap = app.join("src/pages/.index.rs.swp");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&swap, text.replace("Second of two", "Saved by an editor")).unwrap();
    std::fs::rename(&swap, &index).unwrap();
    wait_for(&stream, "reload", Duration::from_secs(120));
    std::thread::sleep(Duration::from_millis(600));
    assert!(
        !drain(&stream).contains(&"reload".to_owned()),
        "one reload for one save"
    );
    let after: Vec<String> = printed.lock().unwrap()[before..].to_vec();
    let changes: Vec<&String> = after.iter().filter(|l| l.contains("change")).collect();
    assert_eq!(changes.len(), 1, "{after:#?}");
    assert!(changes[0].contains("src/pages/index.rs"), "{after:#?}");
    assert!(!after.iter().any(|l| l.contains("cancel")), "{after:#?}");
    let (_, body) = get(addr, "/").unwrap();
    assert!(body.contains("Saved by an editor"), "{body}");

    // In Chromium: the stylesheet swapped in place, the overlay over the
    // last good page, and the recovery (screenshots in
    // target/screenshots).
    hyperox_testkit::browser::run(
        "dev.mjs",
        [
            format!("http://{addr}"),
            app.display().to_string(),
            hyperox_testkit::browser::screenshots()
                .display()
                .to_string(),
        ],
    );

    // The release binary serves from an empty folder.
    let printed = run_ok(hyperox().args(["build", "--path"]).arg(&app));
    let exe = PathBuf::from(printed.split("  (").next().unwrap().trim());
    assert!(exe.is_file(), "{printed}");
    let empty = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut server = Dev(Command::new(&exe)
        .current_dir(empty.path())
        .env("PORT", port.to_string())
        .env("HYPEROX_ENV", "production")
        .spawn()
        .unwrap());
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    let page = loop {
        if let Some((200, body)) = get(addr, "/") {
            break body;
        }
        assert!(
            Instant::now() < deadline,
            "the release binary never served /"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(page.contains("Saved by an editor"));
    let css = page
        .split("href=\"")
        .find_map(|s| {
            s.split('"')
                .next()
                .filter(|h| h.starts_with("/assets/styles."))
        })
        .expect("the page links its stylesheet")
        .to_owned();
    let (status, sheet) = get(addr, &css).unwrap();
    assert_eq!(status, 200);
    assert!(sheet.contains("decoration-wavy"));
    check_starter_html(addr);
    let _ = server.0.kill();
}
