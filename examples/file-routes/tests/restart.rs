//! Restarts that refuse nothing: the built binary under
//! `scripts/handoff.py` (which holds the listening socket and passes it
//! as systemd's socket activation does), ten handoffs while two clients
//! keep sending requests on new connections and two on kept-alive ones
//! (which the old process closes only after an answer that says
//! `Connection: close`), every one answered 200; a new process that
//! fails at start leaves the old one serving.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// `GET /` on a new connection; whether it was answered 200.
fn ok(port: u16) -> Result<(), String> {
    let mut c = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("connect: {e}"))?;
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .map_err(|e| format!("write: {e}"))?;
    let mut out = Vec::new();
    c.read_to_end(&mut out).map_err(|e| format!("read: {e}"))?;
    let head = String::from_utf8_lossy(&out[..out.len().min(12)]).into_owned();
    if head.starts_with("HTTP/1.1 200") {
        Ok(())
    } else {
        Err(format!("answered {head:?}"))
    }
}

/// A client on one kept-alive connection: `GET /` after `GET /`, opening
/// a new connection only when an answer said `Connection: close`.
struct KeepAlive {
    port: u16,
    conn: Option<std::io::BufReader<TcpStream>>,
}

impl KeepAlive {
    /// One request; a failure drops the connection (the next request
    /// opens a new one).
    fn get(&mut self) -> Result<(), String> {
        let answer = self.try_get();
        if answer.is_err() {
            self.conn = None;
        }
        answer
    }

    fn try_get(&mut self) -> Result<(), String> {
        use std::io::BufRead;
        if self.conn.is_none() {
            let c = TcpStream::connect(("127.0.0.1", self.port))
                .map_err(|e| format!("connect: {e}"))?;
            c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            self.conn = Some(std::io::BufReader::new(c));
        }
        let conn = self.conn.as_mut().unwrap();
        let port = self.port;
        conn.get_mut()
            .write_all(format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
            .map_err(|e| format!("kept-alive write: {e}"))?;
        let (mut status, mut length, mut close) = (String::new(), 0usize, false);
        conn.read_line(&mut status)
            .map_err(|e| format!("kept-alive read: {e}"))?;
        if !status.starts_with("HTTP/1.1 200") {
            return Err(format!("kept-alive answered {status:?}"));
        }
        loop {
            let mut line = String::new();
            conn.read_line(&mut line)
                .map_err(|e| format!("kept-alive read: {e}"))?;
            let line = line.trim_end().to_ascii_lowercase();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("content-length:") {
                length = v
                    .trim()
                    .parse()
                    .map_err(|_| format!("bad length {line:?}"))?;
            }
            close |= line == "connection: close";
        }
        let mut body = vec![0; length];
        conn.read_exact(&mut body)
            .map_err(|e| format!("kept-alive body: {e}"))?;
        if close {
            self.conn = None;
        }
        Ok(())
    }
}

/// The supervisor, stopped (with its app) if the test fails before it
/// stops it itself.
struct Supervisor(std::process::Child);

impl Drop for Supervisor {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.0.id().to_string()])
                .status();
            let _ = self.0.wait();
        }
    }
}

fn signal(pid: u32, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn ten_handoffs_under_load_refuse_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let port = hyperox_testkit::free_port();
    let dir = tempfile::tempdir().unwrap();
    let fail = dir.path().join("fail");
    let mut supervisor = Supervisor(
        Command::new("python3")
            .arg(root.join("scripts/handoff.py"))
            .arg(format!("127.0.0.1:{port}"))
            .args([
                "--",
                "sh",
                "-c",
                r#"if [ -e "$FAIL" ]; then echo "broken build" >&2; exit 1; fi; exec "$BIN""#,
            ])
            .env("BIN", env!("CARGO_BIN_EXE_file-routes"))
            .env("FAIL", &fail)
            .env("HYPEROX_ENV", "production")
            .env(
                "HYPEROX_SECRET",
                "the restart test's key, thirty-two characters",
            )
            .env("HYPEROX_DATA_DIR", dir.path())
            .env("HYPEROX_LOG", "warn")
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs"),
    );
    let started = Instant::now();
    while ok(port).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the app did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let (served, failed) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
    let clients: Vec<_> = (0..4)
        .map(|n| {
            let (stop, served, failed) = (stop.clone(), served.clone(), failed.clone());
            std::thread::spawn(move || {
                let mut errors = Vec::new();
                let mut kept = KeepAlive { port, conn: None };
                while !stop.load(Ordering::Relaxed) {
                    let answer = if n < 2 { ok(port) } else { kept.get() };
                    match answer {
                        Ok(()) => served.fetch_add(1, Ordering::Relaxed),
                        Err(e) => {
                            errors.push(e);
                            failed.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                }
                errors
            })
        })
        .collect();
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(400));
        signal(supervisor.0.id(), "-HUP");
    }
    // A broken new binary: the old process goes on serving.
    std::thread::sleep(Duration::from_millis(400));
    std::fs::write(&fail, "").unwrap();
    signal(supervisor.0.id(), "-HUP");
    std::thread::sleep(Duration::from_millis(1500));
    stop.store(true, Ordering::Relaxed);
    let errors: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    let served = served.load(Ordering::Relaxed);
    println!("{served} requests served across 10 handoffs and one failed start");
    assert!(
        errors.is_empty(),
        "{} of {} failed: {errors:?}",
        errors.len(),
        served as usize + errors.len()
    );
    assert!(served > 100, "the clients kept sending ({served})");
    assert_eq!(ok(port), Ok(()), "still serving after the failed start");
    signal(supervisor.0.id(), "-TERM");
    let status = supervisor.0.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(failed.load(Ordering::Relaxed) == 0);
}
