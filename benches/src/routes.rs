//! The route sets: the GitHub API and the namespace shapes.

/// The 130 GET paths of matchit's GitHub benchmark, params as `:name`.
pub const GITHUB_PATHS: &str = include_str!("../data/github-paths.txt");

/// The 203 method + path routes of the GitHub API, params as `:name`.
pub const GITHUB_ROUTES: &str = include_str!("../data/github-routes.txt");

/// The patterns of a route file, comments and blank lines skipped.
pub fn github_paths() -> Vec<&'static str> {
    GITHUB_PATHS
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect()
}

/// A pattern in matchit's syntax: `:name` becomes `{name}`.
pub fn to_matchit(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(name) => format!("{{{name}}}"),
            None => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A concrete path for a pattern: every param filled with a value.
pub fn concrete(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|s| match s.strip_prefix(':') {
            Some(_) => "v42".to_owned(),
            None => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The namespace benchmark shape: namespaces `admin`, `api`, `site`, each with
/// `resources` resources of five routes (`GET/POST /ns/res`,
/// `GET/PUT/DELETE /ns/res/:id`). Returns `(method, pattern)` pairs; 15 x
/// `resources` routes in all.
pub fn namespaced(resources: usize) -> Vec<(http::Method, String)> {
    use http::Method;
    let mut out = Vec::with_capacity(15 * resources);
    for ns in ["admin", "api", "site"] {
        for r in 0..resources {
            let base = format!("/{ns}/res{r}");
            out.push((Method::GET, base.clone()));
            out.push((Method::POST, base.clone()));
            let item = format!("{base}/:id");
            out.push((Method::GET, item.clone()));
            out.push((Method::PUT, item.clone()));
            out.push((Method::DELETE, item));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_have_the_documented_sizes() {
        assert_eq!(github_paths().len(), 130);
        assert_eq!(namespaced(200).len(), 3000);
        assert_eq!(to_matchit("/a/:b/c"), "/a/{b}/c");
        assert_eq!(concrete("/a/:b/c"), "/a/v42/c");
    }
}
