//! The binary serves everything from an empty directory: the page, htmx,
//! the client, the stylesheet and `public/`, all embedded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<(u16, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let status = std::str::from_utf8(&buf[9..12]).ok()?.parse().ok()?;
    Some((status, buf[head_end + 4..].to_vec()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn the_binary_runs_from_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("todo");
    std::fs::copy(env!("CARGO_BIN_EXE_todo"), &bin).unwrap();
    let port = free_port();
    let start = Instant::now();
    let mut child = Command::new(&bin)
        .current_dir(dir.path())
        .env_clear()
        .env("PORT", port.to_string())
        .env("HYPEROX_ENV", "production")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let page = loop {
        if let Some(r) = get(port, "/") {
            break r;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no answer in 20 s"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    println!("first response after {:?}", start.elapsed());
    let (status, body) = page;
    let html = String::from_utf8(body).unwrap();
    assert_eq!(status, 200, "{html}");

    let mut urls: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with("/assets/"))
        .collect();
    urls.sort();
    urls.dedup();
    assert_eq!(
        urls.len(),
        5,
        "stylesheet, htmx, its SSE extension, client, favicon: {urls:?}"
    );
    for url in urls {
        let (status, body) = get(port, url).unwrap();
        assert_eq!(status, 200, "{url}");
        assert!(body.len() > 100, "{url} has content");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The database, and the data directory with the CSRF key a server
    // without HYPEROX_SECRET keeps across restarts.
    assert!(
        left.iter()
            .all(|f| f == "todo" || f.starts_with("todo.db") || f == ".hyperox"),
        "{left:?}"
    );
    let data: Vec<String> = std::fs::read_dir(dir.path().join(".hyperox"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(data, ["secret"]);
}
