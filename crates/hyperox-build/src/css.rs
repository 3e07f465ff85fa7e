//! Utility CSS: the Tailwind-compatible classes found in the app's Rust
//! sources, turned into a stylesheet by encre-css.
//!
//! encre-css is a Tailwind-compatible generator written in Rust: it needs
//! no Node and downloads nothing, it scans any text (so Rust sources work
//! as they are), and its configuration is serde, so `hyperox.toml`'s
//! `[css]` table extends it (theme, safelist, shortcuts).

use crate::routes::walk;
use crate::{BuildError, io_err};
use std::path::Path;

/// The `[css]` table of `hyperox.toml`, or the defaults when there is no
/// file or no table.
///
/// # Example
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// let config = hyperox_build::css::load_config(&dir.path().join("hyperox.toml")).unwrap();
/// # let _ = config;
/// ```
pub fn load_config(path: &Path) -> Result<encre_css::Config, BuildError> {
    #[derive(serde::Deserialize, Default)]
    struct File {
        #[serde(default)]
        css: Option<encre_css::Config>,
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
        Err(e) => return Err(io_err(path)(e)),
    };
    let file: File = toml::from_str(&text).map_err(|e| BuildError::Config {
        file: path.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(file.css.unwrap_or_default())
}

/// The stylesheet for every `.rs` file under `src`.
///
/// # Example
///
/// ```
/// use hyperox_build::css::{generate, load_config};
/// # let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("main.rs"), r#"fn v() { div(class("flex p-4")) }"#).unwrap();
/// let config = load_config(&dir.path().join("hyperox.toml")).unwrap();
/// let css = generate(dir.path(), &config).unwrap();
/// assert!(css.contains(".flex"), "{css}");
/// ```
pub fn generate(src: &Path, config: &encre_css::Config) -> Result<String, BuildError> {
    let mut files = Vec::new();
    walk(src, &mut |p| {
        if p.extension().is_some_and(|e| e == "rs") {
            files.push(p.to_owned());
        }
    })?;
    let mut sources = Vec::with_capacity(files.len());
    for f in &files {
        sources.push(std::fs::read_to_string(f).map_err(io_err(f))?);
    }
    Ok(encre_css::generate(
        sources.iter().map(String::as_str),
        config,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_in_rust_strings_become_rules() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.rs"),
            r#"fn f() -> impl Node { div((class("flex gap-2 hover:bg-red-500"), "x")) }"#,
        )
        .unwrap();
        let css = generate(dir.path(), &encre_css::Config::default()).unwrap();
        assert!(css.contains(".flex"), "{css}");
        assert!(css.contains(".gap-2"), "{css}");
        assert!(css.contains(r".hover\:bg-red-500:hover"), "{css}");
        assert!(!css.contains(".unused-class"));
    }

    #[test]
    fn config_extends_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hyperox.toml");
        assert_eq!(load_config(&path).unwrap(), encre_css::Config::default());
        std::fs::write(&path, "[css]\nsafelist = [\"italic\"]\n").unwrap();
        let config = load_config(&path).unwrap();
        let css = generate(dir.path(), &config).unwrap();
        assert!(css.contains(".italic"), "{css}");
        std::fs::write(&path, "[css\n").unwrap();
        let err = load_config(&path).unwrap_err().to_string();
        assert!(err.contains("hyperox.toml"), "{err}");
    }
}
