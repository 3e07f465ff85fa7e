//! A real PostgreSQL server on a free loopback port, for tests: a cluster
//! made with `initdb` in a temporary folder, run by `postgres` itself
//! (Debian's `postgresql` package), stopped and removed when dropped.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A PostgreSQL server this test started.
#[derive(Debug)]
pub struct PostgresServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    /// The user and the database.
    name: String,
    dir: tempfile::TempDir,
    bin: PathBuf,
    user: Option<(u32, u32)>,
    child: Option<Child>,
}

impl PostgresServer {
    /// Makes a cluster and starts its server on a free port of 127.0.0.1,
    /// trusting local connections, with a user and a database called
    /// `name`.
    pub fn start(name: &str) -> Self {
        let bin = server_bin();
        let dir = tempfile::Builder::new()
            .prefix("hyperox-postgres")
            .tempdir()
            .expect("a temporary folder");
        // PostgreSQL refuses to run as root: when the tests are root, the
        // server runs as the `postgres` user the package made.
        let user = is_root().then(postgres_user);
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).expect("chown");
        }
        let data = dir.path().join("data");
        let out = as_user(Command::new(bin.join("initdb")), user)
            .args([
                "--auth=trust",
                &format!("--username={name}"),
                "--encoding=UTF8",
                "--no-sync",
            ])
            .arg("-D")
            .arg(&data)
            .stdout(Stdio::null())
            .output()
            .expect("initdb runs (install Debian's postgresql package)");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut server = Self {
            port,
            name: name.to_owned(),
            dir,
            bin,
            user,
            child: None,
        };
        server.restart();
        let out = Command::new(server.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-U",
                name,
                "-d",
                "postgres",
            ])
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-c"])
            .arg(format!("CREATE DATABASE \"{name}\""))
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "creating the database failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        server
    }

    /// The address of its database.
    pub fn url(&self) -> String {
        format!("postgres://{0}@127.0.0.1:{1}/{0}", self.name, self.port)
    }

    /// Starts the server again on the same port and data.
    pub fn restart(&mut self) {
        assert!(self.child.is_none(), "already running");
        let child = as_user(Command::new(self.bin.join("postgres")), self.user)
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-p", &self.port.to_string(), "-h", "127.0.0.1"])
            // Its socket file beside the data, not in /run.
            .arg("-k")
            .arg(self.dir.path())
            .args(["-c", "fsync=off", "-c", "full_page_writes=off"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("postgres runs");
        self.child = Some(child);
        let t = Instant::now();
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-q"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!("postgres exited at start: {status}");
            }
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "postgres did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops it (fast shutdown: open connections are ended).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
            let t = Instant::now();
            while t.elapsed() < Duration::from_secs(10) {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The folder of the newest installed server's programs.
fn server_bin() -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).expect(
        "a PostgreSQL server under /usr/lib/postgresql (install Debian's postgresql package)",
    )
}

fn as_user(mut cmd: Command, user: Option<(u32, u32)>) -> Command {
    if let Some((uid, gid)) = user {
        cmd.gid(gid).uid(uid);
    }
    cmd
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The uid and gid of the `postgres` user.
fn postgres_user() -> (u32, u32) {
    let passwd = std::fs::read_to_string("/etc/passwd").expect("/etc/passwd");
    passwd
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.first() == Some(&"postgres")).then(|| (f[2].parse().ok(), f[3].parse().ok()))
        })
        .and_then(|(u, g)| Some((u?, g?)))
        .expect("a postgres user (Debian's postgresql package makes it)")
}
