//! Utility CSS: the Tailwind-compatible classes found in the app's Rust
//! sources, turned into a stylesheet by encre-css.
//!
//! encre-css is a Tailwind-compatible generator written in Rust: it needs
//! no Node and downloads nothing, it scans any text (so Rust sources work
//! as they are), and its configuration is serde, so `hyperox.toml`'s
//! `[css]` table extends it (theme, safelist, shortcuts).

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
    for plugin in &MISSING {
        config.register_plugin(plugin);
    }
    Ok(config)
}

/// Tailwind utilities the examples and starter use that encre-css has no
/// rule for, with Tailwind's values: without them `rounded`, `shadow`,
/// `antialiased` and `focus:outline-none` made no CSS at all.
static MISSING: [encre_css::prelude::build_plugin::StaticPlugin; 4] = {
    use encre_css::prelude::build_plugin::*;
    [
        Plugin::ListValues(ListValues {
            prop: SingleProp("border-radius"),
            values: map! { "rounded" => "0.25rem" },
            ..ListValues::default()
        }),
        Plugin::ListValues(ListValues {
            prop: SingleProp("box-shadow"),
            values: map! {
                "shadow" => "0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1)",
            },
            ..ListValues::default()
        }),
        Plugin::ListValues(ListValues {
            prop: SingleProp("-webkit-font-smoothing"),
            values: map! { "antialiased" => "antialiased" },
            ..ListValues::default()
        }),
        Plugin::ListValues(ListValues {
            prop: SingleProp("outline"),
            values: map! { "outline-none" => "2px solid transparent" },
            ..ListValues::default()
        }),
    ]
};

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
    fix_divide(&encre_css::generate(
        sources.iter().map(|(_, text)| text.as_str()),
        config,
    ))
}

/// Puts encre-css's `divide-x`/`divide-y` borders on the right side.
///
/// Its rules select every child but the first (`> :not([hidden]) ~
/// :not([hidden])`) yet give each its *end* border, so the line between
/// the first two children is missing and the last child gets one below
/// it (a double line above whatever follows). Tailwind gives those
/// children their *start* border (the end one only when reversed); this
/// swaps the two widths in every divide rule.
fn fix_divide(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    for line in css.split_inclusive('\n') {
        out.push_str(&swap_divide_width(line).unwrap_or_else(|| line.to_owned()));
    }
    out
}

/// `line` with its divide width's factor swapped, if it is one.
fn swap_divide_width(line: &str) -> Option<String> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let (prop, value) = body.split_once(": ")?;
    let start = matches!(
        prop,
        "border-block-start-width" | "border-inline-start-width"
    );
    let end = matches!(prop, "border-block-end-width" | "border-inline-end-width");
    if !start && !end {
        return None;
    }
    let axis = if prop.starts_with("border-block") {
        'y'
    } else {
        'x'
    };
    let reverse = format!("var(--en-divide-{axis}-reverse)");
    let inverse = format!("calc(1 - {reverse})");
    let inner = value.trim_end().strip_prefix("calc(")?.strip_suffix(");")?;
    let (width, factor) = inner.split_once(" * ")?;
    let swapped = if factor == reverse {
        &inverse
    } else if factor == inverse {
        &reverse
    } else {
        return None;
    };
    let newline = if line.ends_with('\n') { "\n" } else { "" };
    Some(format!(
        "{indent}{prop}: calc({width} * {swapped});{newline}"
    ))
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
    fn divide_borders_sit_between_children_not_after_the_last() {
        assert_eq!(
            rule("divide-y"),
            ".divide-y > :not([hidden]) ~ :not([hidden]) {\n  \
             border-block-start-width: calc(1px * calc(1 - var(--en-divide-y-reverse)));\n  \
             border-block-end-width: calc(1px * var(--en-divide-y-reverse));\n  \
             --en-divide-y-reverse: 0;\n}"
        );
        assert_eq!(
            rule("divide-x-2"),
            ".divide-x-2 > :not([hidden]) ~ :not([hidden]) {\n  \
             border-inline-start-width: calc(2px * calc(1 - var(--en-divide-x-reverse)));\n  \
             border-inline-end-width: calc(2px * var(--en-divide-x-reverse));\n  \
             --en-divide-x-reverse: 0;\n}"
        );
        // Spacing already gives every child but the last its end margin.
        assert!(
            rule("space-y-4")
                .contains("margin-block-end: calc(1rem * calc(1 - var(--en-space-y-reverse)))")
        );
    }

    #[test]
    fn utilities_the_generator_lacked_make_tailwinds_css() {
        assert_eq!(rule("rounded"), ".rounded {\n  border-radius: 0.25rem;\n}");
        assert_eq!(
            rule("shadow"),
            ".shadow {\n  box-shadow: 0 1px 3px 0 rgb(0 0 0 / 0.1), 0 1px 2px -1px rgb(0 0 0 / 0.1);\n}"
        );
        assert_eq!(
            rule("antialiased"),
            ".antialiased {\n  -webkit-font-smoothing: antialiased;\n}"
        );
        assert_eq!(
            rule("focus:outline-none"),
            ".focus\\:outline-none:focus {\n  outline: 2px solid transparent;\n}"
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
                .contains("margin-block-end: calc(1rem * calc(1 - var(--en-space-y-reverse)))")
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
            encre_css::Config::default(),
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
