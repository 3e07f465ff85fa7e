//! The `cargo run -p NAME` commands of a README's `sh` blocks, with the
//! variables they set (on the line, or `export`ed before it in the same
//! block) and the features they ask for; and a binary started as one of
//! them says.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One documented way to start a binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documented {
    /// The line, as written (continuations joined).
    pub line: String,
    /// The package `-p` names.
    pub package: String,
    /// The features `--features` asks for.
    pub features: Vec<String>,
    /// The variables, in order: the block's exports, then the line's own.
    pub env: Vec<(String, String)>,
}

/// Every `cargo run -p <package>` line of `readme`'s ```` ```sh ````
/// blocks.
///
/// # Example
///
/// ```
/// let readme = "```sh\nexport A=1 \\\n  B=$(echo two words)\nPORT=8080 cargo run --release -p todo --features redis &  # note\n```\n";
/// let found = hyperox_testkit::readme::commands(readme, "todo");
/// assert_eq!(found[0].features, ["redis"]);
/// let env: Vec<(&str, &str)> = found[0].env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
/// assert_eq!(env, [("A", "1"), ("B", "$(echo two words)"), ("PORT", "8080")]);
/// ```
pub fn commands(readme: &str, package: &str) -> Vec<Documented> {
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut exports: Vec<(String, String)> = Vec::new();
    let mut pending = String::new();
    for raw in readme.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && (trimmed == "```sh" || trimmed == "```bash");
            exports.clear();
            continue;
        }
        if !in_sh {
            continue;
        }
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        pending.push_str(trimmed);
        let line = std::mem::take(&mut pending);
        let words = words(&line);
        if words.first().map(String::as_str) == Some("export") {
            exports.extend(words[1..].iter().filter_map(|w| assignment(w)));
            continue;
        }
        let Some(cargo) = words.iter().position(|w| w == "cargo") else {
            continue;
        };
        if words.get(cargo + 1).map(String::as_str) != Some("run") {
            continue;
        }
        let mut env = exports.clone();
        env.extend(words[..cargo].iter().filter_map(|w| assignment(w)));
        let mut found = None;
        let mut features = Vec::new();
        let mut args = words[cargo + 2..].iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-p" | "--package" => found = args.next().cloned(),
                "--features" | "-F" => {
                    features.extend(args.next().into_iter().flat_map(|f| split_features(f)));
                }
                a if a.starts_with("--features=") => {
                    features.extend(split_features(&a["--features=".len()..]));
                }
                _ => {}
            }
        }
        if found.as_deref() == Some(package) {
            out.push(Documented {
                line: line.split(" #").next().unwrap_or(&line).trim().to_owned(),
                package: package.to_owned(),
                features,
                env,
            });
        }
    }
    out
}

fn split_features(list: &str) -> Vec<String> {
    list.split([',', ' '])
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

fn assignment(word: &str) -> Option<(String, String)> {
    let (name, value) = word.split_once('=')?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    valid.then(|| (name.to_owned(), value.to_owned()))
}

/// A shell line's words: spaces split them, except inside quotes and
/// `$( … )`; a `#` that starts a word ends the line, and `&` is dropped.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') if depth == 0 => quote = Some(c),
            (None, '$') if chars.peek() == Some(&'(') => {
                word.push('$');
                word.push(chars.next().unwrap_or('('));
                depth += 1;
            }
            (None, ')') if depth > 0 => {
                depth -= 1;
                word.push(')');
            }
            (None, ' ' | '\t') if depth == 0 => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            (None, '#') if depth == 0 && word.is_empty() => break,
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.retain(|w| w != "&");
    out
}

/// A binary started as a documented command says, answering on
/// 127.0.0.1:`port`; stopped (SIGINT, then SIGKILL) when dropped.
#[derive(Debug)]
pub struct Served {
    child: Child,
    /// Its port.
    pub port: u16,
}

/// Why a binary did not serve.
#[derive(Debug)]
pub struct NotServed {
    /// What it wrote to standard error.
    pub stderr: String,
}

impl Served {
    /// Starts `bin` in `dir` with `env` (on top of this process's
    /// environment, with every `HYPEROX_*` variable of it removed) and
    /// waits up to 30 s for `GET /` on `port` to be answered.
    ///
    /// # Errors
    ///
    /// It exited first, with what it said.
    pub fn start(
        bin: &Path,
        dir: &Path,
        env: &[(String, String)],
        port: u16,
    ) -> Result<Self, NotServed> {
        let mut cmd = Command::new(bin);
        cmd.current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, _) in std::env::vars() {
            if k.starts_with("HYPEROX_") {
                cmd.env_remove(k);
            }
        }
        cmd.envs(env.iter().map(|(k, v)| (k, v)));
        let mut child = cmd.spawn().expect("the binary starts");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                let mut stderr = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.read_to_string(&mut stderr);
                }
                return Err(NotServed { stderr });
            }
            if answers(port) {
                return Ok(Self { child, port });
            }
            assert!(
                Instant::now() < deadline,
                "{} did not serve on port {port} within 30 s",
                bin.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether `GET /` on 127.0.0.1:`port` gets an HTTP answer.
fn answers(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `bin` (the package's binary, as built for this test) as each
/// `cargo run -p package` line of `readme` says, and checks that it
/// serves `GET /`; the instances of one README run side by side, as its
/// `&` lines do. A line that asks for a feature this build lacks
/// (`enabled` says) must instead be refused at start-up with an error
/// that names a feature. Returns the lines run.
///
/// What a line sets is used as written, except what only this machine
/// can say: every `PORT` (and a line without one) gets a free port, a
/// `$( … )` value a random one, a `redis://` URL a `redis-server` and a
/// `postgres://` URL a PostgreSQL server started here, and `/tmp/`
/// paths a temporary folder; the binary runs in a temporary folder of
/// its own.
pub fn check_documented(
    readme: &str,
    package: &str,
    bin: &Path,
    enabled: impl Fn(&str) -> bool,
) -> Vec<String> {
    let lines = commands(readme, package);
    assert!(
        !lines.is_empty(),
        "the README shows no `cargo run -p {package}`"
    );
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut redis = None;
    let mut postgres = None;
    let mut running = Vec::new();
    let mut seed = std::process::id() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    for doc in &lines {
        let port = crate::free_port();
        let mut env: Vec<(String, String)> = Vec::new();
        for (name, value) in &doc.env {
            let value = if name == "PORT" {
                port.to_string()
            } else if value.contains("$(") {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                format!(
                    "{seed:016x}{:016x}{:016x}",
                    seed.rotate_left(21),
                    seed.rotate_left(42)
                )
            } else if value.starts_with("redis://") {
                redis.get_or_insert_with(crate::RedisServer::start).url()
            } else if let Some(rest) = value.strip_prefix("postgres://") {
                let db = rest.rsplit('/').next().unwrap_or("app").to_owned();
                postgres
                    .get_or_insert_with(|| crate::PostgresServer::start(&db))
                    .url()
            } else if let Some(file) = value.strip_prefix("/tmp/") {
                dir.path().join(file).display().to_string()
            } else {
                value.clone()
            };
            env.retain(|(k, _)| k != name);
            env.push((name.clone(), value));
        }
        if !env.iter().any(|(k, _)| k == "PORT") {
            env.push(("PORT".to_owned(), port.to_string()));
        }
        let missing: Vec<&String> = doc.features.iter().filter(|f| !enabled(f)).collect();
        match Served::start(bin, dir.path(), &env, port) {
            Ok(served) => {
                assert!(
                    missing.is_empty(),
                    "`{}` served in a build without {missing:?}",
                    doc.line
                );
                running.push(served);
            }
            Err(NotServed { stderr }) => {
                assert!(
                    !missing.is_empty(),
                    "`{}` did not serve:\n{stderr}",
                    doc.line
                );
                assert!(
                    stderr.contains("feature"),
                    "`{}` in a build without {missing:?} failed without naming the feature:\n{stderr}",
                    doc.line
                );
            }
        }
    }
    drop(running);
    lines.into_iter().map(|d| d.line).collect()
}

/// A test, `the_readme_commands_serve`, that runs
/// [`check_documented`](crate::readme::check_documented)
/// on the calling package's README against its binary (named as the
/// package), with the package's `features` that its README may ask for.
///
/// ```ignore
/// hyperox_testkit::readme_commands_serve!("todo", features: ["redis"]);
/// ```
#[macro_export]
macro_rules! readme_commands_serve {
    ($package:literal $(, features: [$($feature:literal),* $(,)?])?) => {
        #[test]
        fn the_readme_commands_serve() {
            let ran = $crate::readme::check_documented(
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")),
                $package,
                env!(concat!("CARGO_BIN_EXE_", $package)).as_ref(),
                |_feature: &str| false $($(|| (_feature == $feature && cfg!(feature = $feature)))*)?,
            );
            println!("{ran:#?}");
        }
    };
}
