//! `hyperox new`: a starter app from the template embedded in the binary.

use crate::Failure;
use std::path::{Path, PathBuf};

/// Arguments of `hyperox new`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The app's name: lower case letters, digits, `-` and `_`.
    name: String,
    /// The folder to create (`./NAME` by default).
    #[arg(long)]
    path: Option<PathBuf>,
    /// Depend on the hyperox crates in this checkout (its root folder),
    /// instead of the one this binary was built from.
    #[arg(long, conflicts_with = "version")]
    hyperox_path: Option<PathBuf>,
    /// Depend on this published version of hyperox.
    #[arg(long)]
    version: Option<String>,
}

/// Whether hyperox `version` is on crates.io, as a sentence to add (empty
/// when it is): an app on a version that is not there cannot build.
fn published(version: &str) -> String {
    let spec = format!("hyperox@{version}");
    let mut child = match std::process::Command::new(
        std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
    )
    .args(["info", "--registry", "crates-io", "--quiet", &spec])
    .current_dir(std::env::temp_dir())
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::piped())
    .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return format!(
                "\nwarning: could not ask crates.io whether it has {spec} (cargo: {e})."
            );
        }
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return String::new(),
            Ok(Some(_)) => {
                let mut why = String::new();
                if let Some(mut err) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut err, &mut why);
                }
                let why = why
                    .lines()
                    .find(|l| l.starts_with("error"))
                    .unwrap_or("")
                    .trim();
                return format!(
                    "\nwarning: {spec} was not found on crates.io ({why}): the app will not build \
                     until that version is published. Use --hyperox-path with a hyperox checkout to \
                     build it now."
                );
            }
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            _ => {
                let _ = child.kill();
                return format!(
                    "\nwarning: crates.io did not answer in time whether it has {spec}."
                );
            }
        }
    }
}

/// The template: each file's path in the new app (`{{name}}` filled in)
/// and its text, with `{{name}}`, `{{hyperox}}` and `{{hyperox_build}}`
/// filled in, and the crate name the template is compiled under in the
/// hyperox workspace ([`TEMPLATE_CRATE`]) replaced by the app's. Listed
/// by `build.rs`: every file under `template/`.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/template.rs"));

/// The template's crate name in the hyperox workspace (`examples/starter`,
/// where it is built, linted and tested like any member).
const TEMPLATE_CRATE: &str = "hyperox_starter";

/// The checkout this binary was built from, when it is still there.
fn own_checkout() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.join("crates/hyperox/Cargo.toml")
        .exists()
        .then(|| root.canonicalize().ok())
        .flatten()
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let name = args.name.as_str();
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Err(Failure(format!(
            "`{name}` is not a valid app name: use lower case letters, digits, `-` and `_`, starting with a letter (such as `my-app`)"
        )));
    }
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from(name));
    if dir.exists() && std::fs::read_dir(&dir)?.next().is_some() {
        return Err(Failure(format!(
            "{} already exists and is not empty: choose another name or --path",
            dir.display()
        )));
    }
    let checkout = args.hyperox_path.clone().or_else(own_checkout);
    // What the app depends on, said once it is made.
    let depends_on;
    let (hyperox, hyperox_build, lock) = match (&args.version, checkout) {
        (Some(v), _) => {
            depends_on = format!(
                "It depends on hyperox {v} and hyperox-build {v} from crates.io.{}",
                published(v)
            );
            (format!("\"{v}\""), format!("\"{v}\""), None)
        }
        (None, Some(root)) => {
            let root = root
                .canonicalize()
                .map_err(|e| Failure(format!("--hyperox-path {}: {e}", root.display())))?;
            if !root.join("crates/hyperox/Cargo.toml").exists() {
                return Err(Failure(format!(
                    "{} is not a hyperox checkout (no crates/hyperox/Cargo.toml)",
                    root.display()
                )));
            }
            let dep = |c: &str| {
                format!(
                    "{{ path = {:?} }}",
                    root.join("crates").join(c).display().to_string()
                )
            };
            depends_on = format!(
                "It depends on the hyperox crates of the checkout at {} by path: moving or \
                 deleting that folder breaks its build. To depend on published crates instead, \
                 set `hyperox` and `hyperox-build` to a version in its Cargo.toml (or make it \
                 with `hyperox new --version X.Y.Z`).",
                root.display()
            );
            (
                dep("hyperox"),
                dep("hyperox-build"),
                Some(root.join("Cargo.lock")),
            )
        }
        (None, None) => {
            let v = env!("CARGO_PKG_VERSION");
            depends_on = format!(
                "It depends on hyperox {v} and hyperox-build {v} from crates.io (the version of \
                 this hyperox).{}",
                published(v)
            );
            (format!("\"{v}\""), format!("\"{v}\""), None)
        }
    };
    let krate = name.replace('-', "_");
    for (path, text) in FILES {
        let text = text
            .replace("{{name}}", name)
            .replace(TEMPLATE_CRATE, &krate)
            .replace("{{hyperox}}", &hyperox)
            .replace("{{hyperox_build}}", &hyperox_build);
        let file = dir.join(path.replace("{{name}}", name));
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure(format!("{}: {e}", parent.display())))?;
        }
        std::fs::write(&file, text).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    }
    // The checkout's lock file pins the versions its tests ran with; cargo
    // drops what the app does not use.
    if let Some(lock) = lock.filter(|l| l.exists()) {
        std::fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| Failure(format!("{}: {e}", lock.display())))?;
    }
    println!("Created {name} in {}", dir.display());
    println!("{depends_on}");
    println!();
    println!("    cd {}", dir.display());
    println!("    hyperox dev     # http://127.0.0.1:3000, reloads on save");
    println!("    cargo test");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{FILES, TEMPLATE_CRATE};

    /// The generated list holds every template file under its app path,
    /// and the template's only placeholders are the ones `run` fills in.
    #[test]
    fn every_template_file_is_listed_and_filled_in() {
        let paths: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
        for expected in [
            "Cargo.toml",
            ".gitignore",
            ".dockerignore",
            "build.rs",
            "src/main.rs",
            "src/pages/users/[id].rs",
            "tests/app.rs",
            "deploy/{{name}}.socket",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
        let known = ["{{name}}", "{{hyperox}}", "{{hyperox_build}}"];
        for (path, text) in FILES {
            let mut rest = *text;
            while let Some(at) = rest.find("{{") {
                let placeholder =
                    &rest[at..rest[at..].find("}}").map_or(rest.len(), |e| at + e + 2)];
                assert!(
                    known.contains(&placeholder),
                    "{path}: unknown {placeholder}"
                );
                rest = &rest[at + 2..];
            }
        }
        let naming_the_crate = FILES
            .iter()
            .filter(|(_, text)| text.contains(TEMPLATE_CRATE))
            .count();
        assert!(
            naming_the_crate >= 2,
            "main.rs and tests/app.rs name the app's crate"
        );
    }

    /// The starter's systemd units, as `hyperox new demo` writes them,
    /// pass `systemd-analyze verify` (with the binary's path pointed at
    /// one that exists).
    #[test]
    fn the_systemd_units_verify() {
        let dir = tempfile::tempdir().unwrap();
        let mut units = Vec::new();
        for (path, text) in FILES {
            if let Some(unit) = path.strip_prefix("deploy/") {
                let unit = unit.replace("{{name}}", "demo");
                let text = text
                    .replace("{{name}}", "demo")
                    .replace("/usr/local/bin/demo", "/bin/true");
                std::fs::write(dir.path().join(&unit), text).unwrap();
                units.push(dir.path().join(unit));
            }
        }
        assert_eq!(units.len(), 2, "a socket and a service");
        let out = std::process::Command::new("systemd-analyze")
            .arg("verify")
            .args(&units)
            .env("SYSTEMD_LOG_LEVEL", "notice")
            .output()
            .expect("systemd-analyze runs (Debian's systemd package)");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{said}");
        assert!(
            !said.contains("Unknown") && !said.contains("Failed"),
            "{said}"
        );
    }
}
