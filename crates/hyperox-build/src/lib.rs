//! The build step of a hyperox app, called from its `build.rs`.
//!
//! It scans `src/pages/**` and `src/partials/**` and writes the route
//! table, embeds the app's `public/` folder with content-hash URLs and
//! gzip/brotli copies, and turns the utility classes found in the app's
//! Rust sources into a stylesheet. The app takes it all in with
//! `hyperox::routes!()` at its crate root.
//!
//! In `build.rs`'s `main`:
//!
//! ```no_run
//! hyperox_build::Build::new().state("crate::AppState").run_or_exit();
//! ```
//!
//! # Conventions
//!
//! | file                          | route             |
//! |-------------------------------|-------------------|
//! | `src/pages/index.rs`          | `/`               |
//! | `src/pages/about.rs`          | `/about`          |
//! | `src/pages/users/index.rs`    | `/users`          |
//! | `src/pages/users/[id].rs`     | `/users/:id`      |
//! | `src/pages/docs/[...path].rs` | `/docs/:*`        |
//!
//! A page file has `#[page] pub async fn page(cx: Cx<'_>, ..)`. A
//! partial file holds any number of `#[partial(post)] pub async fn
//! name(cx: Cx<'_>, ..)` functions, each served at
//! `/_partials/<file path>/<name>` for the methods it names. Arguments
//! after `cx` are path params by name (`id: i64` in `[id].rs`), except
//! `Form<T>` and `Query<T>`; a param the file path does not have fails
//! the build, naming both.
//!
//! # What is generated
//!
//! - `pages` and `partials`: a module per file;
//! - `urls`: a typed link function per page and partial, taking the
//!   route's params in order (`urls::partials::todos::by_id::toggle(id:
//!   i64) -> Link`, `urls::pages::users::by_id(id)`, `urls::pages::index()`);
//! - `Cx<'a>` and `Next<'a>`: aliases for the app's state type, and a
//!   `prelude` module with them, `urls` and `hyperox::prelude`;
//! - `routes(&mut app)`, registering every page and partial;
//! - `assets`: the embedded `public/` files and stylesheet.

pub mod assets;
#[cfg(feature = "css")]
pub mod css;
pub mod routes;
mod scan;

use std::fmt;
use std::path::{Path, PathBuf};

/// Why the build step failed; its message names the files involved.
#[derive(Debug)]
#[non_exhaustive]
///
/// # Example
///
/// ```
/// use hyperox_build::{Build, BuildError};
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// std::fs::create_dir_all(root.join("src/pages")).unwrap();
/// std::fs::write(root.join("src/pages/about.rs"), "pub async fn page(cx: Cx<'_>) {}").unwrap();
/// let err = Build::at(root, root.join("out")).emit_cargo(false).css(false).run().unwrap_err();
/// assert!(err.to_string().contains("about.rs"), "{err}");
/// ```
pub enum BuildError {
    /// Two files give the same route or partial URL.
    Conflict {
        /// The URL both files claim.
        route: String,
        /// The first file.
        first: PathBuf,
        /// The second file.
        second: PathBuf,
    },
    /// A file name or its contents do not follow the conventions.
    Malformed {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        file: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// `hyperox.toml` could not be read.
    Config {
        /// The file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Conflict {
                route,
                first,
                second,
            } => write!(
                f,
                "route conflict: `{}` and `{}` both give `{route}`",
                first.display(),
                second.display()
            ),
            Self::Malformed { file, reason } => write!(f, "`{}`: {reason}", file.display()),
            Self::Io { file, source } => write!(f, "`{}`: {source}", file.display()),
            Self::Config { file, reason } => write!(f, "`{}`: {reason}", file.display()),
        }
    }
}

impl std::error::Error for BuildError {}

pub(crate) fn io_err(file: &Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        file: file.to_owned(),
        source,
    }
}

/// The build step: what to scan and where to write.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// # let root = dir.path();
/// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
/// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
/// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
/// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
/// use hyperox_build::Build;
/// Build::at(root, root.join("out")).state("crate::AppState").emit_cargo(false).run().unwrap();
/// let code = std::fs::read_to_string(root.join("out/hyperox_routes.rs")).unwrap();
/// assert!(code.contains("pub fn by_id(id: "));
/// ```
pub struct Build {
    root: PathBuf,
    out_dir: PathBuf,
    state: String,
    css: bool,
    emit_cargo: bool,
}

impl Build {
    /// A build step for the crate cargo is building (`CARGO_MANIFEST_DIR`,
    /// `OUT_DIR`), with state type `()`.
    ///
    /// # Panics
    ///
    /// Outside a build script, where cargo's variables are not set.
    ///
    /// # Example
    ///
    /// ```
    /// // In build.rs:
    /// fn main() {
    ///     hyperox_build::Build::new().state("crate::AppState").run_or_exit();
    /// }
    /// # let _ = main;
    /// ```
    pub fn new() -> Self {
        let root = std::env::var_os("CARGO_MANIFEST_DIR")
            .expect("hyperox-build runs from a build script (CARGO_MANIFEST_DIR is not set)");
        let out_dir = std::env::var_os("OUT_DIR")
            .expect("hyperox-build runs from a build script (OUT_DIR is not set)");
        Self::at(root, out_dir).emit_cargo(true)
    }

    /// A build step for the crate at `root`, writing into `out_dir`.
    ///
    /// # Example
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let root = dir.path();
    /// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
    /// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
    /// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
    /// hyperox_build::Build::at(root, root.join("out")).emit_cargo(false).run().unwrap();
    /// assert!(root.join("out/hyperox_routes.rs").exists());
    /// ```
    pub fn at(root: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            out_dir: out_dir.into(),
            state: "()".to_owned(),
            css: cfg!(feature = "css"),
            emit_cargo: false,
        }
    }

    /// The app's state type as a path from the crate root, such as
    /// `"crate::AppState"`: the `S` of its `App<S>` and `Cx<'_, S>`.
    ///
    /// # Example
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let root = dir.path();
    /// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
    /// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
    /// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
    /// hyperox_build::Build::at(root, root.join("out")).state("crate::AppState").emit_cargo(false).run().unwrap();
    /// let code = std::fs::read_to_string(root.join("out/hyperox_routes.rs")).unwrap();
    /// assert!(code.contains("crate::AppState"));
    /// ```
    pub fn state(mut self, ty: &str) -> Self {
        self.state = ty.to_owned();
        self
    }

    /// Whether to generate the utility stylesheet (on by default with the
    /// `css` feature).
    ///
    /// # Example
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let root = dir.path();
    /// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
    /// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
    /// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
    /// hyperox_build::Build::at(root, root.join("out")).css(false).emit_cargo(false).run().unwrap();
    /// ```
    pub fn css(mut self, on: bool) -> Self {
        self.css = on && cfg!(feature = "css");
        self
    }

    /// Whether to print `cargo::rerun-if-changed` lines.
    ///
    /// # Example
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let root = dir.path();
    /// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
    /// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
    /// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
    /// // Outside a build script, print nothing for cargo.
    /// hyperox_build::Build::at(root, root.join("out")).emit_cargo(false).run().unwrap();
    /// ```
    pub fn emit_cargo(mut self, on: bool) -> Self {
        self.emit_cargo = on;
        self
    }

    /// Writes `hyperox_routes.rs` (routes, URLs, assets) into the output
    /// folder.
    ///
    /// # Example
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # let root = dir.path();
    /// # std::fs::create_dir_all(root.join("src/pages/users")).unwrap();
    /// # std::fs::create_dir_all(root.join("src/partials")).unwrap();
    /// # std::fs::write(root.join("src/pages/index.rs"), "#[page]\npub async fn page(cx: Cx<'_>) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/pages/users/[id].rs"), "#[page]\npub async fn page(cx: Cx<'_>, id: u32) -> Page { todo!() }").unwrap();
    /// # std::fs::write(root.join("src/partials/todos.rs"), "#[partial(post)]\npub async fn add(cx: Cx<'_>) -> Partial { todo!() }").unwrap();
    /// let build = hyperox_build::Build::at(root, root.join("out")).emit_cargo(false);
    /// build.run().unwrap();
    /// build.run().unwrap(); // unchanged output is not rewritten
    /// ```
    pub fn run(&self) -> Result<(), BuildError> {
        std::fs::create_dir_all(&self.out_dir).map_err(io_err(&self.out_dir))?;
        let table = routes::scan(&self.root.join("src"))?;
        let mut code = String::from("// @generated by hyperox-build; do not edit.\n");
        code.push_str(&routes::generate(&table, &self.state));

        #[cfg_attr(not(feature = "css"), allow(unused_mut))]
        let mut files = assets::public_files(&self.root.join("public"))?;
        #[cfg(feature = "css")]
        if self.css {
            let config = css::load_config(&self.root.join("hyperox.toml"))?;
            // The sources are read once for the stylesheet and the check.
            let sources = css::rust_sources(&self.root.join("src"))?;
            let sheet = css::sheet(&sources, &config);
            if self.emit_cargo {
                let plain = css::plain_classes(&self.root.join("hyperox.toml"))?;
                for u in css::unknown_in(&sources, &config, &plain) {
                    let file = u.file.strip_prefix(&self.root).unwrap_or(&u.file);
                    println!(
                        "cargo::warning={}:{}: the class `{}` makes no CSS (a typo, or a utility the generator does not have)",
                        file.display(),
                        u.line,
                        u.class
                    );
                }
            }
            let path = self.out_dir.join("hyperox.css");
            std::fs::write(&path, sheet).map_err(io_err(&path))?;
            files.push(assets::SourceFile {
                name: "styles.css".to_owned(),
                path,
                dev_path: None,
            });
        }
        code.push_str(&assets::generate(
            &files,
            &self.out_dir.join("assets"),
            "assets",
            "::hyperox::assets",
        )?);

        let out = self.out_dir.join("hyperox_routes.rs");
        write_if_changed(&out, &code)?;
        if self.emit_cargo {
            for dir in ["src", "public"] {
                println!("cargo::rerun-if-changed={}", self.root.join(dir).display());
            }
            println!(
                "cargo::rerun-if-changed={}",
                self.root.join("hyperox.toml").display()
            );
        }
        Ok(())
    }

    /// Runs the build step; on failure says the error to cargo, once,
    /// and ends the build script there: cargo fails the build with it
    /// (`error: <app>@<version>: ...`), with no second copy in a dump of
    /// the script's output.
    ///
    /// # Example
    ///
    /// ```
    /// fn main() {
    ///     // On failure: prints `cargo::error=...` naming the file, and stops.
    ///     hyperox_build::Build::new().run_or_exit();
    /// }
    /// # let _ = main;
    /// ```
    pub fn run_or_exit(&self) {
        if let Err(e) = self.run() {
            // One `cargo::error` a line: the directive holds one line.
            for line in e.to_string().lines().filter(|l| !l.trim().is_empty()) {
                println!("cargo::error={line}");
            }
            // A script that logged an error fails the build; exiting 1
            // as well would make cargo print its output again.
            std::process::exit(0);
        }
    }
}

impl Default for Build {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes `contents` unless the file already holds them, so that an
/// unchanged build does not recompile the app.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    std::fs::write(path, contents).map_err(io_err(path))
}
