//! `cargo build`, read through its JSON messages: the app's binary, or
//! the rendered errors.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Interrupts a build's whole process group (cargo and its rustc
/// processes, as Ctrl-C would) unless it finished.
struct Group {
    pgid: Option<u32>,
}

impl Drop for Group {
    fn drop(&mut self) {
        if let Some(pgid) = self.pgid {
            let _ = std::process::Command::new("kill")
                .args(["-INT", "--", &format!("-{pgid}")])
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// The package's own name, from its `Cargo.toml`.
pub(crate) fn package_name(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(rest) = line.strip_prefix("name") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

/// Takes the binary a `compiler-artifact` message names, if it is one:
/// the first binary, replaced by the package's own (`package`) when that
/// comes later.
pub(crate) fn pick_binary(
    msg: &serde_json::Value,
    package: Option<&str>,
    exe: &mut Option<PathBuf>,
) {
    let is_bin = msg["target"]["kind"]
        .as_array()
        .is_some_and(|k| k.iter().any(|k| k == "bin"));
    if let (true, Some(path)) = (is_bin, msg["executable"].as_str())
        && (exe.is_none() || package == msg["target"]["name"].as_str())
    {
        *exe = Some(PathBuf::from(path));
    }
}

/// A build that succeeded: the app's binary, and the warnings it gave.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) exe: PathBuf,
    /// rustc's warnings (rendered, colours kept) and the build script's
    /// (`cargo::warning=`), each once, in order.
    pub(crate) warnings: Vec<String>,
}

/// Builds the app (debug profile); the path of its binary with the
/// warnings, or the text of the errors.
pub(crate) async fn build(root: &Path) -> Result<Built, Arc<str>> {
    let mut cmd =
        tokio::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.args([
        "build",
        "--message-format=json-diagnostic-rendered-ansi",
        "--color=always",
        // Cargo's progress bar, into the pipe: read below and shown as
        // one line of `hyperox dev`'s.
        "--config",
        "term.progress.when=\"always\"",
        "--config",
        "term.progress.width=200",
    ])
    .current_dir(root)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .stdin(Stdio::null())
    .process_group(0)
    .kill_on_drop(true);
    let mut child = cmd
        .spawn()
        .map_err(|e| Arc::<str>::from(format!("cannot run cargo: {e}")))?;
    let mut group = Group { pgid: child.id() };
    let stdout = child.stdout.take().expect("piped");
    let stderr = child.stderr.take().expect("piped");
    // Cargo's own errors (a bad manifest, say) come on stderr, between
    // its progress lines.
    let stderr_lines = tokio::spawn(async move {
        const PROGRESS: &[&str] = &[
            "Compiling",
            "Checking",
            "Finished",
            "Building",
            "Blocking",
            "Running",
            "Fresh",
            "Locking",
            "Adding",
            "Updating",
            "Downloaded",
            "Downloading",
        ];
        let mut lines = CrOrLf::new(stderr);
        let mut text = String::new();
        let mut warnings = Vec::new();
        let mut progress = super::progress::Progress::new();
        while let Some(line) = lines.next().await {
            let plain = strip_ansi(&line);
            let plain = plain.trim();
            if plain.is_empty() {
                continue;
            }
            if let Some(bar) = plain.strip_prefix("Building [") {
                progress.update(bar);
                continue;
            }
            if let Some(warning) = plain.strip_prefix("warning: ") {
                // A build script's `cargo::warning=` comes as
                // `warning: pkg@version: text`; cargo's counts of rustc's
                // warnings (shown from the JSON) are left out.
                if !warning.contains(" generated ") && !warning.starts_with('`') {
                    warnings.push(plain.to_owned());
                }
            } else if !PROGRESS.iter().any(|p| plain.starts_with(p)) {
                text.push_str(&line);
                text.push('\n');
            }
        }
        progress.clear();
        (text, warnings)
    });
    let name = package_name(root);
    let mut exe = None;
    let mut rendered = String::new();
    let mut warnings: Vec<String> = Vec::new();
    let mut success = false;
    let mut lines = BufReader::new(stdout).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        match msg["reason"].as_str() {
            Some("compiler-artifact") => {
                pick_binary(&msg, name.as_deref(), &mut exe);
            }
            Some("compiler-message") if msg["message"]["level"] == "error" => {
                if let Some(r) = msg["message"]["rendered"].as_str() {
                    rendered.push_str(r);
                }
            }
            Some("compiler-message") if msg["message"]["level"] == "warning" => {
                if let Some(r) = msg["message"]["rendered"].as_str()
                    && !warnings.iter().any(|w| w == r)
                {
                    warnings.push(r.to_owned());
                }
            }
            Some("build-finished") => success = msg["success"].as_bool().unwrap_or(false),
            _ => {}
        }
    }
    let status = child.wait().await;
    group.pgid = None;
    let (cargo_errors, script_warnings) = stderr_lines.await.unwrap_or_default();
    for w in script_warnings {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    match (success, exe, status) {
        (true, Some(exe), _) => Ok(Built { exe, warnings }),
        (true, None, _) => Err(
            "the build succeeded but made no binary: does the package have a `src/main.rs`?".into(),
        ),
        _ => {
            let mut text = rendered;
            text.push_str(&cargo_errors);
            if text.trim().is_empty() {
                text = "cargo build failed".to_owned();
            }
            Err(text.into())
        }
    }
}

/// The lines of a stream split at `\n` or `\r` (cargo redraws its
/// progress bar after a `\r`).
struct CrOrLf<R> {
    inner: R,
    buf: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: tokio::io::AsyncRead + Unpin> CrOrLf<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            buf: Vec::new(),
            at: 0,
            done: false,
        }
    }

    async fn next(&mut self) -> Option<String> {
        use tokio::io::AsyncReadExt;
        loop {
            if let Some(end) = self.buf[self.at..]
                .iter()
                .position(|b| *b == b'\n' || *b == b'\r')
            {
                let line = String::from_utf8_lossy(&self.buf[self.at..self.at + end]).into_owned();
                self.at += end + 1;
                return Some(line);
            }
            if self.done {
                if self.at < self.buf.len() {
                    let line = String::from_utf8_lossy(&self.buf[self.at..]).into_owned();
                    self.at = self.buf.len();
                    return Some(line);
                }
                return None;
            }
            self.buf.drain(..self.at);
            self.at = 0;
            let mut chunk = [0u8; 4096];
            match self.inner.read(&mut chunk).await {
                Ok(0) | Err(_) => self.done = true,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// `text` without its ANSI colour sequences.
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters final-byte.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_stripped() {
        assert_eq!(
            strip_ansi("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"),
            "error: x"
        );
    }

    #[test]
    fn the_package_name_is_read_from_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[workspace]\nname = \"no\"\n\n[package]\nname = \"my-app\"\n",
        )
        .unwrap();
        assert_eq!(package_name(dir.path()).as_deref(), Some("my-app"));
    }
}
