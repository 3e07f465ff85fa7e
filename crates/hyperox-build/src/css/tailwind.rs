//! Where encre-css's output differs from Tailwind 4's, brought in line:
//! utilities it lacks (as plugins), and rules it makes differently (as a
//! rewrite of each rule of its output, so that every variant, breakpoint
//! and `!` of a utility is fixed with it).
//!
//! Each difference was found by `tests/css_parity.rs`, which renders the
//! corpus in `tests/css-parity/corpus.txt` in Chromium under this
//! stylesheet and under the one real Tailwind makes, and compares the
//! computed styles.

use encre_css::prelude::build_plugin::*;

/// Tailwind 4's font stacks (`--font-sans`, `--font-serif`,
/// `--font-mono`).
pub(super) const FONT_SANS: &str = "-apple-system, BlinkMacSystemFont, \"Segoe UI\", Roboto, \"Helvetica Neue\", \"Noto Sans\", Arial, sans-serif, \"Apple Color Emoji\", \"Segoe UI Emoji\", \"Segoe UI Symbol\", \"Noto Color Emoji\"";
const FONT_SERIF: &str = "ui-serif, Georgia, Cambria, \"Times New Roman\", Times, serif";
pub(super) const FONT_MONO: &str = "ui-monospace, SFMono-Regular, Menlo, Monaco, Consolas, \"Liberation Mono\", \"Courier New\", monospace";

/// Utilities encre-css has no rule for, with Tailwind 4's values.
pub(super) static MISSING: [StaticPlugin; 17] = [
    list(SingleProp("border-radius"), map! { "rounded" => "0.25rem" }),
    // Rewritten below into encre-css's shadow composition.
    list(
        SingleProp("--en-shadow"),
        map! {
            "shadow" => "0 1px 3px 0 var(--en-shadow-color, rgb(0 0 0 / 0.1)), 0 1px 2px -1px var(--en-shadow-color, rgb(0 0 0 / 0.1))",
            "shadow-inner" => "inset 0 2px 4px 0 var(--en-shadow-color, rgb(0 0 0 / 0.05))",
        },
    ),
    list(
        SingleProp("-webkit-font-smoothing"),
        map! { "antialiased" => "antialiased" },
    ),
    list(
        SingleProp("outline-style"),
        map! { "outline-none" => "none", "outline-hidden" => "none" },
    ),
    // Rewritten below into encre-css's filter composition.
    list(SingleProp("--en-drop-shadow"), map! { "drop-shadow" => "" }),
    list(SingleProp("--en-blur"), map! { "blur" => "" }),
    list(
        SingleProp("--en-backdrop-blur"),
        map! { "backdrop-blur" => "" },
    ),
    Plugin::Spacing(Spacing {
        namespace: "size",
        prop: MultipleProps(&["width", "height"]),
        has_auto: Some(true),
        has_full: Some(true),
        ..Spacing::default()
    }),
    list(SingleProp("overflow"), map! { "overflow-clip" => "clip" }),
    list(SingleProp("visibility"), map! { "collapse" => "collapse" }),
    list(
        SingleProp("overflow-wrap"),
        map! { "wrap-break-word" => "break-word", "wrap-anywhere" => "anywhere", "wrap-normal" => "normal" },
    ),
    list(
        MultipleProps(&["-webkit-hyphens", "hyphens"]),
        map! { "hyphens-auto" => "auto", "hyphens-manual" => "manual", "hyphens-none" => "none" },
    ),
    list(
        SingleProp("appearance"),
        map! { "appearance-auto" => "auto" },
    ),
    list(
        SingleProp("color-scheme"),
        map! { "scheme-dark" => "dark", "scheme-light" => "light", "scheme-light-dark" => "light dark", "scheme-normal" => "normal" },
    ),
    list(SingleProp("fill"), map! { "fill-none" => "none" }),
    list(
        SingleProp("forced-color-adjust"),
        map! { "forced-color-adjust-none" => "none", "forced-color-adjust-auto" => "auto" },
    ),
    list(
        SingleProp("field-sizing"),
        map! { "field-sizing-content" => "content", "field-sizing-fixed" => "fixed" },
    ),
];

/// A plugin of fixed classes, each with its value of `prop`.
const fn list(
    prop: StaticPropertyName,
    values: phf::Map<&'static str, &'static str>,
) -> StaticPlugin {
    Plugin::ListValues(ListValues {
        prop,
        values,
        ..ListValues::default()
    })
}

/// encre-css's output with each rule rewritten as Tailwind 4 makes it.
pub(super) fn align(css: &str) -> String {
    let lines: Vec<&str> = css.split_inclusive('\n').collect();
    let mut out = String::with_capacity(css.len() + css.len() / 8);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let head = line.trim_end();
        if let Some(selector) = head.strip_suffix(" {") {
            // A rule of declarations only (not an at-rule holding rules).
            let end = (i + 1..lines.len()).find(|&j| lines[j].trim() == "}");
            if let Some(end) = end {
                let body = &lines[i + 1..end];
                if !body.is_empty() && body.iter().all(|l| declaration(l).is_some()) {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    let mut decls: Vec<(String, String)> = body
                        .iter()
                        .filter_map(|l| declaration(l))
                        .map(|(p, v)| (p.to_owned(), v.to_owned()))
                        .collect();
                    rewrite(&utility(selector.trim()), &mut decls);
                    out.push_str(line);
                    for (prop, value) in decls {
                        out.push_str(&format!("{indent}  {prop}: {value};\n"));
                    }
                    out.push_str(lines[end]);
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push_str(line);
        i += 1;
    }
    out
}

/// `prop: value;` split, if the line is one declaration.
fn declaration(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let decl = line.strip_suffix(';')?;
    let (prop, value) = decl.split_once(": ")?;
    let prop_ok = !prop.is_empty()
        && prop
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    prop_ok.then_some((prop, value))
}

/// The utility a rule's selector is for, without its variants and `!`:
/// `.hover\:drop-shadow-md:hover` is `drop-shadow-md`, and so is
/// `.group:hover .group-hover\:drop-shadow-md` (the class with
/// variants, not the group's).
fn utility(selector: &str) -> String {
    let classes = class_names(selector);
    let class = classes
        .iter()
        .find(|c| c.contains(':'))
        .or_else(|| classes.first())
        .map_or("", String::as_str);
    let mut depth = 0i32;
    let mut last = 0;
    for (i, c) in class.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ':' if depth == 0 => last = i + 1,
            _ => {}
        }
    }
    class[last..]
        .trim_start_matches('!')
        .trim_end_matches('!')
        .to_owned()
}

/// The class names of a selector, unescaped, in order.
fn class_names(selector: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = selector.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '.' {
            continue;
        }
        let mut class = String::new();
        while let Some(&c) = chars.peek() {
            match c {
                '\\' => {
                    chars.next();
                    class.extend(chars.next());
                }
                ':' | ' ' | '>' | '~' | '+' | ',' | '.' | '[' | ')' => break,
                c => {
                    class.push(c);
                    chars.next();
                }
            }
        }
        if !class.is_empty() {
            out.push(class);
        }
    }
    out
}

const TRANSFORM_TEMPLATE: &str = "translate3d(var(--en-translate-x)";
const SHADOW: &str = "var(--en-inset-shadow, 0 0 #0000), var(--en-inset-ring-shadow, 0 0 #0000), var(--en-ring-offset-shadow, 0 0 #0000), var(--en-ring-shadow, 0 0 #0000), var(--en-shadow)";
const FILTER: &str = "var(--en-blur) var(--en-brightness) var(--en-contrast) var(--en-grayscale) var(--en-hue-rotate) var(--en-invert) var(--en-saturate) var(--en-sepia) var(--en-drop-shadow)";
const BACKDROP: &str = "var(--en-backdrop-blur) var(--en-backdrop-brightness) var(--en-backdrop-contrast) var(--en-backdrop-grayscale) var(--en-backdrop-hue-rotate) var(--en-backdrop-invert) var(--en-backdrop-opacity) var(--en-backdrop-saturate) var(--en-backdrop-sepia)";
/// Tailwind 4's `transition-property` lists.
const TRANSITION_DEFAULT: &str = "color, background-color, border-color, outline-color, text-decoration-color, fill, stroke, --tw-gradient-from, --tw-gradient-via, --tw-gradient-to, opacity, box-shadow, transform, translate, scale, rotate, filter, -webkit-backdrop-filter, backdrop-filter, display, content-visibility, overlay, pointer-events";
const TRANSITION_COLORS: &str = "color, background-color, border-color, outline-color, text-decoration-color, fill, stroke, --tw-gradient-from, --tw-gradient-via, --tw-gradient-to";

fn set(decls: &mut Vec<(String, String)>, prop: &str, value: &str) {
    match decls.iter_mut().find(|(p, _)| p == prop) {
        Some(d) => d.1 = value.to_owned(),
        None => decls.push((prop.to_owned(), value.to_owned())),
    }
}

fn get<'a>(decls: &'a [(String, String)], prop: &str) -> Option<&'a str> {
    decls
        .iter()
        .find(|(p, _)| p == prop)
        .map(|(_, v)| v.as_str())
}

/// One rule's declarations, as Tailwind 4 makes them for `utility`.
fn rewrite(utility: &str, decls: &mut Vec<(String, String)>) {
    // Transforms: Tailwind 4 rotates, scales and translates with the
    // `rotate`, `scale` and `translate` properties (they compose with
    // each other and with `transform`); encre-css folds all into
    // `transform`, and its `rotate-*` turns about two axes.
    if get(decls, "transform").is_some_and(|v| v.starts_with(TRANSFORM_TEMPLATE)) {
        let vars: Vec<&str> = decls
            .iter()
            .map(|(p, _)| p.as_str())
            .filter(|p| p.starts_with("--en-"))
            .collect();
        let all = |prefix: &str| !vars.is_empty() && vars.iter().all(|v| v.starts_with(prefix));
        let rx = get(decls, "--en-rotate-x").map(str::to_owned);
        let ry = get(decls, "--en-rotate-y").map(str::to_owned);
        if let (Some(x), Some(y), 2) = (&rx, &ry, vars.len())
            && x == y
        {
            decls.clear();
            decls.push(("rotate".to_owned(), x.clone()));
        } else if all("--en-translate-") {
            decls.retain(|(p, _)| p != "transform");
            decls.push((
                "translate".to_owned(),
                "var(--en-translate-x) var(--en-translate-y)".to_owned(),
            ));
        } else if all("--en-scale-") {
            decls.retain(|(p, _)| p != "transform");
            decls.push((
                "scale".to_owned(),
                "var(--en-scale-x) var(--en-scale-y)".to_owned(),
            ));
        } else if !utility.starts_with("transform") {
            set(
                decls,
                "transform",
                "rotateX(var(--en-rotate-x)) rotateY(var(--en-rotate-y)) rotateZ(var(--en-rotate-z)) skewX(var(--en-skew-x)) skewY(var(--en-skew-y))",
            );
        }
    }
    match utility {
        "font-sans" => set(decls, "font-family", FONT_SANS),
        "font-serif" => set(decls, "font-family", FONT_SERIF),
        "font-mono" => set(decls, "font-family", FONT_MONO),
        "outline-hidden" => {
            decls.clear();
            decls.push(("outline-style".to_owned(), "none".to_owned()));
        }
        "sr-only" => {
            decls.retain(|(p, _)| p != "clip");
            set(decls, "clip-path", "inset(50%)");
        }
        "shadow" | "shadow-inner" => set(decls, "box-shadow", SHADOW),
        "drop-shadow" => {
            set(
                decls,
                "--en-drop-shadow",
                "drop-shadow(0 1px 2px rgb(0 0 0 / 0.1)) drop-shadow(0 1px 1px rgb(0 0 0 / 0.06))",
            );
            set(decls, "filter", FILTER);
        }
        "blur" => {
            set(decls, "--en-blur", "blur(8px)");
            set(decls, "filter", FILTER);
        }
        "backdrop-blur" => {
            set(decls, "--en-backdrop-blur", "blur(8px)");
            set(decls, "-webkit-backdrop-filter", BACKDROP);
            set(decls, "backdrop-filter", BACKDROP);
        }
        "blur-none" => set(decls, "--en-blur", " "),
        "transition" => set(decls, "transition-property", TRANSITION_DEFAULT),
        "transition-colors" => set(decls, "transition-property", TRANSITION_COLORS),
        "transition-transform" => {
            set(
                decls,
                "transition-property",
                "transform, translate, scale, rotate",
            );
        }
        _ => {}
    }
    if let Some(size) = utility.strip_prefix("drop-shadow-") {
        let value = match size {
            "xs" => Some("drop-shadow(0 1px 1px rgb(0 0 0 / 0.05))"),
            "sm" => Some("drop-shadow(0 1px 2px rgb(0 0 0 / 0.15))"),
            "md" => Some("drop-shadow(0 3px 3px rgb(0 0 0 / 0.12))"),
            "lg" => Some("drop-shadow(0 4px 4px rgb(0 0 0 / 0.15))"),
            "xl" => Some("drop-shadow(0 9px 7px rgb(0 0 0 / 0.1))"),
            "2xl" => Some("drop-shadow(0 25px 25px rgb(0 0 0 / 0.15))"),
            "none" => Some(" "),
            _ => None,
        };
        if let Some(value) = value {
            set(decls, "--en-drop-shadow", value);
        }
    }
    // Spacing and dividers: `space-x-reverse` (earlier in the sheet)
    // must win over the `reverse: 0` of `space-x-4` (later), as in
    // Tailwind 4; the zero becomes a fallback.
    if !utility.ends_with("-reverse") {
        for axis in ["space-x", "space-y", "divide-x", "divide-y"] {
            let var = format!("--en-{axis}-reverse");
            if get(decls, &var) == Some("0") {
                decls.retain(|(p, _)| *p != var);
                for (_, value) in decls.iter_mut() {
                    *value = value.replace(&format!("var({var})"), &format!("var({var}, 0)"));
                }
            }
        }
    }
    // Outlines: Tailwind 4's widths draw a solid line unless a style
    // utility says otherwise, in either order.
    if utility == "outline" || outline_width(utility) {
        set(decls, "outline-style", "var(--en-outline-style, solid)");
    }
    if let Some(style) = utility.strip_prefix("outline-")
        && matches!(
            style,
            "solid" | "dashed" | "dotted" | "double" | "none" | "hidden"
        )
    {
        let style = if style == "hidden" { "none" } else { style };
        decls.insert(0, ("--en-outline-style".to_owned(), style.to_owned()));
    }
}

/// `outline-2`, `outline-[3px]`: a width, not a style, colour or offset.
fn outline_width(utility: &str) -> bool {
    utility.strip_prefix("outline-").is_some_and(|rest| {
        rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty()
            || rest.starts_with("[") && rest.ends_with("px]")
    })
}

/// encre-css's divide selector (every child after the first) made
/// Tailwind 4's (every child but the last).
pub(super) fn divide_selectors(css: &str) -> String {
    css.replace(
        " > :not([hidden]) ~ :not([hidden]) {",
        " > :not(:last-child) {",
    )
}
