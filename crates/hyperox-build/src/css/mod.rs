//! Utility CSS: the Tailwind-compatible classes found in the app's Rust
//! sources, turned into a stylesheet by encre-css.
//!
//! encre-css is a Tailwind-compatible generator written in Rust: it needs
//! no Node and downloads nothing, it scans any text (so Rust sources work
//! as they are), and its configuration is serde, so `hyperox.toml`'s
//! `[css]` table extends it (theme, safelist, shortcuts). Where its
//! output differs from Tailwind 4's, `tailwind.rs` brings it in line;
//! `tests/css_parity.rs` holds the result against real Tailwind in
//! Chromium.

mod tailwind;

use crate::routes::walk;
use crate::{BuildError, io_err};
use std::path::{Path, PathBuf};

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
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_err(path)(e)),
    };
    let file: File = toml::from_str(&text).map_err(|e| BuildError::Config {
        file: path.to_owned(),
        reason: e.to_string(),
    })?;
    let mut config = file.css.unwrap_or_default();
    for plugin in &tailwind::MISSING {
        config.register_plugin(plugin);
    }
    // Tailwind 4's font stacks, unless the app set its own.
    if let encre_css::Preflight::Full {
        font_family_sans,
        font_family_mono,
        ..
    } = &mut config.preflight
    {
        font_family_sans.get_or_insert(tailwind::FONT_SANS.into());
        font_family_mono.get_or_insert(tailwind::FONT_MONO.into());
    }
    Ok(config)
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
    Ok(sheet(&rust_sources(src)?, config))
}

/// Every `.rs` file under `src`, with its text, in path order.
pub(crate) fn rust_sources(src: &Path) -> Result<Vec<(PathBuf, String)>, BuildError> {
    let mut files = Vec::new();
    walk(src, &mut |p| {
        if p.extension().is_some_and(|e| e == "rs") {
            files.push(p.to_owned());
        }
    })?;
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(io_err(&f))?;
            Ok((f, text))
        })
        .collect()
}

/// The stylesheet for these sources.
pub(crate) fn sheet(sources: &[(PathBuf, String)], config: &encre_css::Config) -> String {
    tailwind::align(&tailwind::divide_selectors(&encre_css::generate(
        sources.iter().map(|(_, text)| text.as_str()),
        config,
    )))
}

/// A class in a `class("...")` or `class_if(.., "...")` literal that the
/// generator makes no CSS for: a typo, or a utility it does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownClass {
    /// The source file.
    pub file: PathBuf,
    /// Its line (from 1).
    pub line: usize,
    /// The class.
    pub class: String,
}

/// Every class in the literal `class(..)` and `class_if(..)` arguments of
/// the `.rs` files under `src` that makes no CSS, in file order.
///
/// # Example
///
/// ```
/// use hyperox_build::css::{load_config, unknown_classes};
/// # let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("main.rs"), "fn v() {\n    div(class(\"flex flxe\"))\n}").unwrap();
/// let config = load_config(&dir.path().join("hyperox.toml")).unwrap();
/// let unknown = unknown_classes(dir.path(), &config).unwrap();
/// assert_eq!((unknown[0].class.as_str(), unknown[0].line), ("flxe", 2));
/// assert_eq!(unknown.len(), 1);
/// ```
pub fn unknown_classes(
    src: &Path,
    config: &encre_css::Config,
) -> Result<Vec<UnknownClass>, BuildError> {
    unknown_classes_except(src, config, &[])
}

/// The classes of `hyperox.toml`'s `[classes] plain` list: names the app
/// uses as hooks for scripts, tests or its own CSS, which are meant to
/// make no utility CSS (an empty list without the file or the table).
pub fn plain_classes(path: &Path) -> Result<Vec<String>, BuildError> {
    #[derive(serde::Deserialize, Default)]
    struct Classes {
        #[serde(default)]
        plain: Vec<String>,
    }
    #[derive(serde::Deserialize, Default)]
    struct File {
        #[serde(default)]
        classes: Classes,
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(path)(e)),
    };
    let file: File = toml::from_str(&text).map_err(|e| BuildError::Config {
        file: path.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(file.classes.plain)
}

/// [`unknown_classes`], leaving out `plain` (and the marker classes
/// `group` and `peer`, which make no CSS of their own).
pub fn unknown_classes_except(
    src: &Path,
    config: &encre_css::Config,
    plain: &[String],
) -> Result<Vec<UnknownClass>, BuildError> {
    Ok(unknown_in(&rust_sources(src)?, config, plain))
}

/// [`unknown_classes_except`] over sources already read.
pub(crate) fn unknown_in(
    sources: &[(PathBuf, String)],
    config: &encre_css::Config,
    plain: &[String],
) -> Vec<UnknownClass> {
    let mut bare = config.clone();
    bare.preflight = encre_css::Preflight::new_none();
    let mut known = std::collections::HashMap::<String, bool>::new();
    let mut out = Vec::new();
    for (file, text) in sources {
        for (line, literal) in class_literals(text) {
            for class in literal.split_whitespace() {
                if matches!(class, "group" | "peer") || plain.iter().any(|p| p == class) {
                    continue;
                }
                let makes_css = *known
                    .entry(class.to_owned())
                    .or_insert_with(|| !encre_css::generate([class], &bare).trim().is_empty());
                if !makes_css {
                    out.push(UnknownClass {
                        file: file.clone(),
                        line,
                        class: class.to_owned(),
                    });
                }
            }
        }
    }
    out
}

/// The plain string literals given to `class(` or, after its first
/// argument, to `class_if(`, with their lines.
fn class_literals(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for call in ["class(", "class_if("] {
        let mut from = 0;
        while let Some(i) = text[from..].find(call) {
            let at = from + i;
            from = at + call.len();
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut rest = &text[from..];
            if call == "class_if(" {
                // The condition runs to the first comma at this depth.
                let mut depth = 0usize;
                let Some(comma) = rest
                    .char_indices()
                    .find_map(|(j, c)| {
                        match c {
                            '(' | '[' | '{' => depth += 1,
                            ')' | ']' | '}' if depth == 0 => return Some(None),
                            ')' | ']' | '}' => depth -= 1,
                            ',' if depth == 0 => return Some(Some(j)),
                            _ => {}
                        }
                        None
                    })
                    .flatten()
                else {
                    continue;
                };
                rest = &rest[comma + 1..];
            }
            let rest = rest.trim_start();
            let Some(body) = rest.strip_prefix('"') else {
                continue;
            };
            let Some(end) = body.find(['"', '\\', '{']) else {
                continue;
            };
            // Only plain literals: escapes and format braces are left alone.
            if !body[end..].starts_with('"') {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            out.push((line, &body[..end]));
        }
    }
    out.sort_by_key(|(line, _)| *line);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule for `class` in the sheet of a source that uses it.
    fn rule(class: &str) -> String {
        let source = (PathBuf::from("a.rs"), format!("div(class(\"{class}\"))"));
        let dir = tempfile::tempdir().unwrap();
        let config = load_config(&dir.path().join("hyperox.toml")).unwrap();
        let css = sheet(&[source], &config);
        let escaped = class.replace(':', "\\:");
        let at = [format!(".{escaped} "), format!(".{escaped}:")]
            .iter()
            .find_map(|selector| css.find(selector.as_str()))
            .unwrap_or_else(|| panic!("no rule for {class}:\n{css}"));
        let end = css[at..].find('}').unwrap() + at + 1;
        css[at..end].to_owned()
    }

    #[test]
    fn divide_borders_sit_at_the_end_of_every_child_but_the_last() {
        assert_eq!(
            rule("divide-y"),
            ".divide-y > :not(:last-child) {\n  \
             border-block-start-width: calc(1px * var(--en-divide-y-reverse, 0));\n  \
             border-block-end-width: calc(1px * calc(1 - var(--en-divide-y-reverse, 0)));\n}"
        );
        assert_eq!(
            rule("divide-x-2"),
            ".divide-x-2 > :not(:last-child) {\n  \
             border-inline-start-width: calc(2px * var(--en-divide-x-reverse, 0));\n  \
             border-inline-end-width: calc(2px * calc(1 - var(--en-divide-x-reverse, 0)));\n}"
        );
        // Spacing already gives every child but the last its end margin.
        assert!(
            rule("space-y-4")
                .contains("margin-block-end: calc(1rem * calc(1 - var(--en-space-y-reverse, 0)))")
        );
    }

    #[test]
    fn utilities_the_generator_lacked_make_tailwinds_css() {
        assert_eq!(rule("rounded"), ".rounded {\n  border-radius: 0.25rem;\n}");
        assert!(
            rule("shadow")
                .contains("--en-shadow: 0 1px 3px 0 var(--en-shadow-color, rgb(0 0 0 / 0.1))"),
            "{}",
            rule("shadow")
        );
        assert_eq!(
            rule("antialiased"),
            ".antialiased {\n  -webkit-font-smoothing: antialiased;\n}"
        );
        assert_eq!(
            rule("focus:outline-none"),
            ".focus\\:outline-none:focus {\n  --en-outline-style: none;\n  outline-style: none;\n}"
        );
        // And the check for classes that make no CSS knows them.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("main.rs"),
            "fn v() { div(class(\"rounded shadow antialiased focus:outline-none\")) }",
        )
        .unwrap();
        let config = load_config(&dir.path().join("hyperox.toml")).unwrap();
        assert_eq!(unknown_classes(dir.path(), &config).unwrap(), []);
        assert!(
            rule("space-y-4")
                .contains("margin-block-end: calc(1rem * calc(1 - var(--en-space-y-reverse, 0)))")
        );
    }

    #[test]
    fn classes_that_make_no_css_are_named_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("view.rs"),
            "fn v() {\n  div((class(\"flex  mt-4 flxe\"), class_if(a(b, c), \"hidden nope-x\")))\n}\nfn w() { subclass(\"zzz\"); class(name) }\n",
        )
        .unwrap();
        let unknown = unknown_classes(dir.path(), &encre_css::Config::default()).unwrap();
        let got: Vec<(&str, usize)> = unknown.iter().map(|u| (u.class.as_str(), u.line)).collect();
        assert_eq!(got, [("flxe", 2), ("nope-x", 2)]);
        assert!(unknown[0].file.ends_with("view.rs"));
        let toml = dir.path().join("hyperox.toml");
        std::fs::write(&toml, "[css]\n\n[classes]\nplain = [\"nope-x\"]\n").unwrap();
        let plain = plain_classes(&toml).unwrap();
        assert_eq!(
            load_config(&toml).unwrap(),
            load_config(&dir.path().join("none.toml")).unwrap(),
            "[classes] is not the generator's"
        );
        let unknown =
            unknown_classes_except(dir.path(), &encre_css::Config::default(), &plain).unwrap();
        assert_eq!(unknown.len(), 1);
    }

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
        // Tailwind 4's font stacks by default; the app's own when set.
        let sans = |c: &encre_css::Config| match &c.preflight {
            encre_css::Preflight::Full {
                font_family_sans, ..
            } => font_family_sans.clone().unwrap_or_default().into_owned(),
            _ => String::new(),
        };
        assert_eq!(sans(&load_config(&path).unwrap()), tailwind::FONT_SANS);
        std::fs::write(
            &path,
            "[css]\npreflight = { full = { font_family_sans = \"'Inter', sans-serif\" } }\n",
        )
        .unwrap();
        assert_eq!(sans(&load_config(&path).unwrap()), "'Inter', sans-serif");
        std::fs::write(&path, "[css]\nsafelist = [\"italic\"]\n").unwrap();
        let config = load_config(&path).unwrap();
        let css = generate(dir.path(), &config).unwrap();
        assert!(css.contains(".italic"), "{css}");
        std::fs::write(&path, "[css\n").unwrap();
        let err = load_config(&path).unwrap_err().to_string();
        assert!(err.contains("hyperox.toml"), "{err}");
    }

    #[test]
    fn transforms_outlines_sizes_and_shadows_are_tailwind_4s() {
        assert_eq!(rule("rotate-45"), ".rotate-45 {\n  rotate: 45deg;\n}");
        assert_eq!(rule("-rotate-90"), ".-rotate-90 {\n  rotate: -90deg;\n}");
        assert!(rule("hover:rotate-12").contains("  rotate: 12deg;"));
        let scale = rule("scale-110");
        assert!(
            scale.contains("scale: var(--en-scale-x) var(--en-scale-y);")
                && !scale.contains("transform"),
            "{scale}"
        );
        let translate = rule("translate-x-4");
        assert!(
            translate.contains("translate: var(--en-translate-x) var(--en-translate-y);")
                && !translate.contains("transform"),
            "{translate}"
        );
        let skew = rule("skew-x-12");
        assert!(
            skew.contains("transform: rotateX(") && !skew.contains("translate3d"),
            "{skew}"
        );
        assert_eq!(
            rule("size-8"),
            ".size-8 {\n  width: 2rem;\n  height: 2rem;\n}"
        );
        assert!(
            rule("drop-shadow")
                .contains("--en-drop-shadow: drop-shadow(0 1px 2px rgb(0 0 0 / 0.1))")
        );
        assert!(
            rule("drop-shadow-md")
                .contains("--en-drop-shadow: drop-shadow(0 3px 3px rgb(0 0 0 / 0.12));")
        );
        assert!(rule("outline-2").contains("outline-style: var(--en-outline-style, solid);"));
        assert!(rule("outline").contains("outline-style: var(--en-outline-style, solid);"));
        assert!(rule("outline-dashed").contains("--en-outline-style: dashed;"));
        assert!(rule("font-sans").contains(tailwind::FONT_SANS));
        // Under a group or peer variant too (the selector starts with the
        // group's class).
        let grouped = rule("group-hover:drop-shadow-md");
        assert!(
            grouped.contains("drop-shadow(0 3px 3px rgb(0 0 0 / 0.12))"),
            "{grouped}"
        );
    }
}
