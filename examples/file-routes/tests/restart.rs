//! Restarts that refuse nothing: the built binary under
//! `scripts/handoff.py` (which holds the listening socket and passes it
//! as systemd's socket activation does), ten handoffs while two clients
//! keep sending requests on new connections, every one answered 200; a
//! new process that fails at start leaves the old one serving.

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
    let mut supervisor = Command::new("python3")
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
        .expect("python3 runs");
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
    let clients: Vec<_> = (0..2)
        .map(|_| {
            let (stop, served, failed) = (stop.clone(), served.clone(), failed.clone());
            std::thread::spawn(move || {
                let mut errors = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    match ok(port) {
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
        signal(supervisor.id(), "-HUP");
    }
    // A broken new binary: the old process goes on serving.
    std::thread::sleep(Duration::from_millis(400));
    std::fs::write(&fail, "").unwrap();
    signal(supervisor.id(), "-HUP");
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
    signal(supervisor.id(), "-TERM");
    let status = supervisor.wait().unwrap();
    assert!(status.success(), "{status}");
    assert!(failed.load(Ordering::Relaxed) == 0);
}
