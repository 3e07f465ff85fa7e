//! A real Pebble (Let's Encrypt's ACME test server, Debian's `pebble`)
//! on free loopback ports, with `pebble-challtestsrv` as its DNS server
//! (every name resolves to 127.0.0.1), so that it really validates the
//! challenges it hands out against the app's own ports.

use std::net::UdpSocket;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A Pebble this test started, with its DNS server; both stopped when
/// dropped.
#[derive(Debug)]
pub struct Pebble {
    /// The ACME directory URL (`https://127.0.0.1:<port>/dir`).
    pub directory: String,
    /// The PEM file of the root of Pebble's own HTTPS (what an ACME
    /// client must trust to talk to it).
    pub ca_root: PathBuf,
    management: u16,
    log: PathBuf,
    children: Vec<Child>,
    _dir: tempfile::TempDir,
}

impl Pebble {
    /// Starts Pebble validating HTTP-01 on `http_port` and TLS-ALPN-01
    /// on `tls_port` of 127.0.0.1 (the app's ports), issuing certificates
    /// valid for `validity`, reusing no authorization and never rejecting
    /// a good nonce (so a test's runs do not vary).
    pub fn start(http_port: u16, tls_port: u16, validity: Duration) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let key = rcgen::KeyPair::generate().expect("a key");
        let params = rcgen::CertificateParams::new(vec!["127.0.0.1".into(), "localhost".into()])
            .expect("names");
        let cert = params.self_signed(&key).expect("a certificate");
        let ca_root = dir.path().join("pebble.pem");
        let key_path = dir.path().join("pebble.key");
        std::fs::write(&ca_root, cert.pem()).expect("write the certificate");
        std::fs::write(&key_path, key.serialize_pem()).expect("write the key");

        let dns = free_udp_port();
        let challtest_mgmt = crate::free_port();
        let listen = crate::free_port();
        let management = crate::free_port();
        let config = dir.path().join("pebble.json");
        std::fs::write(
            &config,
            format!(
                r#"{{"pebble": {{
                    "listenAddress": "127.0.0.1:{listen}",
                    "managementListenAddress": "127.0.0.1:{management}",
                    "certificate": "{}",
                    "privateKey": "{}",
                    "httpPort": {http_port},
                    "tlsPort": {tls_port},
                    "ocspResponderURL": "",
                    "externalAccountBindingRequired": false,
                    "certificateValidityPeriod": {}
                }}}}"#,
                ca_root.display(),
                key_path.display(),
                validity.as_secs()
            ),
        )
        .expect("write the configuration");
        let log = dir.path().join("pebble.log");
        let challtest = Command::new("pebble-challtestsrv")
            .args(["-dns01", &format!("127.0.0.1:{dns}")])
            .args(["-http01", "", "-https01", "", "-tlsalpn01", ""])
            .args(["-management", &format!("127.0.0.1:{challtest_mgmt}")])
            .args(["-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("pebble-challtestsrv runs (install Debian's pebble package)");
        let pebble = Command::new("pebble")
            .args(["-config", &config.display().to_string()])
            .args(["-dnsserver", &format!("127.0.0.1:{dns}")])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_WFE_NONCEREJECT", "0")
            .env("PEBBLE_AUTHZREUSE", "0")
            .stdout(std::fs::File::create(&log).expect("the log file"))
            .stderr(Stdio::null())
            .spawn()
            .expect("pebble runs (install Debian's pebble package)");
        let server = Self {
            directory: format!("https://127.0.0.1:{listen}/dir"),
            ca_root,
            management,
            log,
            children: vec![pebble, challtest],
            _dir: dir,
        };
        let t = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", listen)).is_err()
            || std::net::TcpStream::connect(("127.0.0.1", management)).is_err()
        {
            assert!(
                t.elapsed() < Duration::from_secs(10),
                "pebble did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// How many certificates Pebble has issued (one log line each).
    pub fn issued(&self) -> usize {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .matches("Issued certificate serial")
            .count()
    }

    /// Pebble's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The PEM root that Pebble's issued certificates chain to (from its
    /// management interface, through `curl`).
    pub fn issuing_root(&self) -> String {
        let out = Command::new("curl")
            .args([
                "-sSfk",
                &format!("https://127.0.0.1:{}/roots/0", self.management),
            ])
            .output()
            .expect("curl runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("PEM is text")
    }

    /// Stops Pebble (its directory goes quiet).
    pub fn stop(&mut self) {
        for mut child in self.children.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Pebble {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A free UDP port on 127.0.0.1.
fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .expect("a free UDP port")
        .port()
}
