//! Parsing of route patterns: `/users/:id`, `/files/:*`, `/n/:id:[0-9]+`.

use crate::error::RouteError;

/// One parsed segment of a route pattern.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    /// Matches exactly this text.
    Static(Box<str>),
    /// Matches any one segment (or one the regex accepts) into `name`.
    Param { regex: Option<ParamRegex> },
    /// Matches the rest of the path (one or more segments) into `*`.
    CatchAll,
}

/// A parameter regex, anchored to the whole segment.
#[derive(Debug, Clone)]
pub(crate) struct ParamRegex {
    /// The source as written in the pattern, to share tree edges.
    pub(crate) source: Box<str>,
    pub(crate) regex: Constraint,
}

/// A compiled parameter regex.
#[cfg(feature = "regex")]
#[derive(Debug, Clone)]
pub(crate) struct Constraint(regex::Regex);

#[cfg(feature = "regex")]
impl Constraint {
    /// `src`, anchored to the whole segment; what the regex compiler said
    /// when it does not compile.
    fn new(src: &str) -> Result<Self, String> {
        regex::Regex::new(&format!("^(?:{src})$"))
            .map(Self)
            .map_err(|e| e.to_string())
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }
}

/// Without the `regex` feature a constraint cannot be checked: a
/// pattern that has one is refused, naming the feature.
#[cfg(not(feature = "regex"))]
#[derive(Debug, Clone)]
pub(crate) struct Constraint(std::convert::Infallible);

#[cfg(not(feature = "regex"))]
impl Constraint {
    fn new(_src: &str) -> Result<Self, String> {
        Err("regex constraints need the `regex` feature of hyperox-router".to_owned())
    }

    pub(crate) fn is_match(&self, _text: &str) -> bool {
        match self.0 {}
    }
}

impl Segment {
    /// Whether two segments match the same paths (params compare by
    /// regex, not name).
    fn same_place(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Static(a), Self::Static(b)) => a == b,
            (Self::Param { regex: a }, Self::Param { regex: b }) => {
                a.as_ref().map(|r| &r.source) == b.as_ref().map(|r| &r.source)
            }
            (Self::CatchAll, Self::CatchAll) => true,
            _ => false,
        }
    }
}

/// A parsed pattern: its segments and the names of its params in order.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub(crate) segments: Vec<Segment>,
    pub(crate) param_names: Vec<Box<str>>,
}

impl Pattern {
    /// Whether both patterns end at the same place of the route tree.
    pub(crate) fn same_place(&self, other: &Self) -> bool {
        self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|(a, b)| a.same_place(b))
    }
}

/// The name under which a catch-all stores the rest of the path.
///
/// # Example
///
/// ```
/// use hyperox_router::{CATCH_ALL, Request, Router};
///
/// async fn file(_: &mut (), req: &mut Request) -> String {
///     req.param(CATCH_ALL).unwrap_or("").to_owned() // "docs/intro.md" for /files/docs/intro.md
/// }
/// Router::<()>::new().get("/files/:*", file).unwrap();
/// ```
pub const CATCH_ALL: &str = "*";

impl Pattern {
    /// Parses a full route pattern.
    pub(crate) fn parse(pattern: &str) -> Result<Self, RouteError> {
        let err_pattern = || pattern.to_owned();
        let Some(rest) = pattern.strip_prefix('/') else {
            return Err(RouteError::MissingLeadingSlash {
                pattern: err_pattern(),
            });
        };
        // One trailing slash is ignored, as it is in requests.
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let mut segments = Vec::new();
        let mut param_names: Vec<Box<str>> = Vec::new();
        if rest.is_empty() {
            return Ok(Self {
                segments,
                param_names,
            });
        }
        for raw in rest.split('/') {
            if matches!(segments.last(), Some(Segment::CatchAll)) {
                return Err(RouteError::CatchAllNotLast {
                    pattern: err_pattern(),
                });
            }
            if raw.is_empty() {
                return Err(RouteError::EmptySegment {
                    pattern: err_pattern(),
                });
            }
            let Some(param) = raw.strip_prefix(':') else {
                segments.push(Segment::Static(raw.into()));
                continue;
            };
            if param == CATCH_ALL {
                segments.push(Segment::CatchAll);
                param_names.push(CATCH_ALL.into());
                continue;
            }
            let (name, regex) = match param.split_once(':') {
                Some((name, re)) => (name, Some(re)),
                None => (param, None),
            };
            if name.is_empty() {
                return Err(RouteError::MissingParamName {
                    pattern: err_pattern(),
                });
            }
            if param_names.iter().any(|n| &**n == name) {
                return Err(RouteError::DuplicateParamName {
                    pattern: err_pattern(),
                    name: name.to_owned(),
                });
            }
            let regex = match regex {
                None => None,
                Some(src) => {
                    let compiled =
                        Constraint::new(src).map_err(|reason| RouteError::InvalidRegex {
                            pattern: err_pattern(),
                            name: name.to_owned(),
                            reason,
                        })?;
                    Some(ParamRegex {
                        source: src.into(),
                        regex: compiled,
                    })
                }
            };
            param_names.push(name.into());
            segments.push(Segment::Param { regex });
        }
        Ok(Self {
            segments,
            param_names,
        })
    }
}

/// Checks a subrouter prefix (static segments only) and returns it
/// normalised: `""` for the root, otherwise `/a/b` with no trailing slash.
pub(crate) fn normalize_prefix(prefix: &str) -> Result<String, RouteError> {
    let invalid = || RouteError::InvalidPrefix {
        prefix: prefix.to_owned(),
    };
    if prefix.is_empty() || prefix == "/" {
        return Ok(String::new());
    }
    let Some(rest) = prefix.strip_prefix('/') else {
        return Err(invalid());
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    if rest.split('/').any(|s| s.is_empty() || s.starts_with(':')) {
        return Err(invalid());
    }
    Ok(format!("/{rest}"))
}

/// Joins a normalised prefix and a pattern into the full pattern.
pub(crate) fn join(prefix: &str, pattern: &str) -> String {
    if prefix.is_empty() {
        return pattern.to_owned();
    }
    match pattern {
        "" | "/" => prefix.to_owned(),
        p if p.starts_with('/') => format!("{prefix}{p}"),
        // Let the parser report the missing slash on the pattern itself.
        p => p.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "regex")]
    fn parses_every_segment_kind() {
        let p = Pattern::parse("/a/:id/:n:[0-9]+/:*").unwrap();
        assert_eq!(p.segments.len(), 4);
        assert_eq!(
            p.param_names,
            vec!["id".into(), "n".into(), "*".into()] as Vec<Box<str>>
        );
    }

    #[test]
    #[cfg(not(feature = "regex"))]
    fn a_regex_constraint_names_the_feature_it_needs() {
        let err = Pattern::parse("/n/:id:[0-9]+").unwrap_err().to_string();
        assert!(err.contains("`regex` feature of hyperox-router"), "{err}");
    }

    #[test]
    #[cfg(feature = "regex")]
    fn regex_may_contain_colons() {
        let p = Pattern::parse("/t/:time:\\d+:\\d+").unwrap();
        let Segment::Param {
            regex: Some(re), ..
        } = &p.segments[1]
        else {
            panic!("expected a regex param");
        };
        assert!(re.regex.is_match("12:30"));
        assert!(!re.regex.is_match("x12:30"));
    }

    #[test]
    fn errors_name_the_pattern() {
        for bad in [
            "nolead", "/a//b", "/a/:", "/a/::x", "/:*/x", "/:a/:a", "/:x:(", "/:x:[^",
        ] {
            let err = Pattern::parse(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("`{bad}`")), "{err}");
        }
    }

    #[test]
    fn prefixes() {
        assert_eq!(normalize_prefix("/").unwrap(), "");
        assert_eq!(normalize_prefix("/admin/").unwrap(), "/admin");
        assert!(normalize_prefix("/a/:id").is_err());
        assert!(normalize_prefix("admin").is_err());
        assert_eq!(join("/admin", "/"), "/admin");
        assert_eq!(join("/admin", "/x"), "/admin/x");
    }
}
