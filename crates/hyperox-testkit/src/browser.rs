//! The browser scripts (the workspace's `browser/` folder: Debian's
//! Chromium driven by the pinned playwright-core, the Nu HTML checker and
//! the Tailwind CLI, installed there by `npm ci` in `scripts/test.sh`),
//! run with Node.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists() && dir.join("browser").is_dir())
        .expect("the hyperox workspace")
        .to_path_buf()
}

/// The folder of the browser scripts and their npm packages, after
/// checking that Chromium and playwright-core are there.
pub fn dir() -> PathBuf {
    let dir = workspace().join("browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: `apt-get install chromium` (scripts/test.sh does it)"
    );
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "playwright-core is missing: `npm ci` in {} (scripts/test.sh does it)",
        dir.display()
    );
    dir
}

/// An npm package's file, under `browser/node_modules` (`vnu-jar/…`).
pub fn package_file(rel: &str) -> PathBuf {
    let file = workspace().join("browser/node_modules").join(rel);
    assert!(
        file.exists(),
        "{} is missing: `npm ci` in browser/ (scripts/test.sh does it)",
        file.display()
    );
    file
}

/// Where the scripts save their screenshots (`target/screenshots`).
pub fn screenshots() -> PathBuf {
    let dir = workspace().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots can be made");
    dir
}

/// Runs `node script args…` in the browser folder and gives what it
/// printed; fails with its output when the script fails. Blocking: from
/// async code, call it in `spawn_blocking` (see [`run_async`]).
pub fn run<A: AsRef<OsStr>>(script: &str, args: impl IntoIterator<Item = A>) -> String {
    let out = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(dir())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    stdout
}

/// [`run`] off the async runtime's threads (the app under test goes on
/// serving on them).
pub async fn run_async(script: &'static str, args: Vec<String>) -> String {
    match tokio::task::spawn_blocking(move || run(script, args)).await {
        Ok(out) => out,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}
