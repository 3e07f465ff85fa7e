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

/// The template: each file's path in the new app and its text, with
/// `{{name}}`, `{{crate}}`, `{{hyperox}}` and `{{hyperox_build}}` filled in.
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../template/Cargo.toml.tmpl")),
    ("build.rs", include_str!("../template/build.rs")),
    ("hyperox.toml", include_str!("../template/hyperox.toml")),
    ("README.md", include_str!("../template/README.md")),
    (".gitignore", include_str!("../template/gitignore")),
    (
        "public/favicon.svg",
        include_str!("../template/public/favicon.svg"),
    ),
    ("src/main.rs", include_str!("../template/src/main.rs")),
    ("src/lib.rs", include_str!("../template/src/lib.rs")),
    ("src/layout.rs", include_str!("../template/src/layout.rs")),
    (
        "src/pages/index.rs",
        include_str!("../template/src/pages/index.rs"),
    ),
    (
        "src/pages/signup.rs",
        include_str!("../template/src/pages/signup.rs"),
    ),
    (
        "src/pages/users/[id].rs",
        include_str!("../template/src/pages/users/[id].rs"),
    ),
    (
        "src/partials/counter.rs",
        include_str!("../template/src/partials/counter.rs"),
    ),
    (
        "src/partials/signup.rs",
        include_str!("../template/src/partials/signup.rs"),
    ),
    ("tests/app.rs", include_str!("../template/tests/app.rs")),
];

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
    let (hyperox, hyperox_build, lock) = match (&args.version, checkout) {
        (Some(v), _) => (format!("\"{v}\""), format!("\"{v}\""), None),
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
            (
                dep("hyperox"),
                dep("hyperox-build"),
                Some(root.join("Cargo.lock")),
            )
        }
        (None, None) => (
            format!("\"{}\"", env!("CARGO_PKG_VERSION")),
            format!("\"{}\"", env!("CARGO_PKG_VERSION")),
            None,
        ),
    };
    let krate = name.replace('-', "_");
    for (path, text) in FILES {
        let text = text
            .replace("{{name}}", name)
            .replace("{{crate}}", &krate)
            .replace("{{hyperox}}", &hyperox)
            .replace("{{hyperox_build}}", &hyperox_build);
        let file = dir.join(path);
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
    println!();
    println!("    cd {}", dir.display());
    println!("    hyperox dev     # http://127.0.0.1:3000, reloads on save");
    println!("    cargo test");
    Ok(())
}
