//! Static files: GET and HEAD under a prefix, from one folder.

mod body;

use super::conditional::{into_not_modified, not_modified};
use super::range::{ByteRange, parse_range};
use crate::body::Body;
use crate::handler::{BoxFuture, Middleware, Next};
use crate::request::Request;
use crate::response::Response;
use body::FileBody;
use http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Serves files from a folder for GET and HEAD requests under a prefix,
/// and passes every other request on.
///
/// It never lists a folder (one without the index file is passed on),
/// never leaves its root (`..`, `%2e%2e`, encoded slashes and symlinks
/// that point outside are refused), and answers with `Content-Type`,
/// `Last-Modified`, `ETag`, 304 for matching conditional requests, and 206
/// for a single `Range`.
///
/// # Example
///
/// ```
/// use hyperox_router::{Router, middleware::StaticFiles};
///
/// #[derive(Default)]
/// struct App;
///
/// let mut app = Router::<App>::new();
/// app.middleware(StaticFiles::new("public").prefix("/static").index("index.html"));
/// ```
#[derive(Debug, Clone)]
pub struct StaticFiles {
    inner: Arc<Config>,
}

#[derive(Debug, Clone)]
struct Config {
    root: PathBuf,
    prefix: String,
    index: Option<String>,
}

impl StaticFiles {
    /// Serves the files under `root` at the root of the site.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Router, middleware::StaticFiles};
    /// let mut router = Router::<()>::new();
    /// router.middleware(StaticFiles::new("public"));
    /// ```
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            inner: Arc::new(Config {
                root: root.into(),
                prefix: String::new(),
                index: None,
            }),
        }
    }

    /// Serves only paths under `prefix` (`/static`), with the prefix
    /// removed.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Router, middleware::StaticFiles};
    /// // GET /static/app.css serves public/app.css.
    /// Router::<()>::new().middleware(StaticFiles::new("public").prefix("/static"));
    /// ```
    pub fn prefix(mut self, prefix: &str) -> Self {
        let prefix = prefix.trim_end_matches('/');
        Arc::make_mut(&mut self.inner).prefix = prefix.to_owned();
        self
    }

    /// Serves `name` for a request that names a folder.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_router::{Router, middleware::StaticFiles};
    /// // GET /docs/ serves public/docs/index.html.
    /// Router::<()>::new().middleware(StaticFiles::new("public").index("index.html"));
    /// ```
    pub fn index(mut self, name: &str) -> Self {
        Arc::make_mut(&mut self.inner).index = Some(name.to_owned());
        self
    }
}

impl<'a, C: Send + 'a> Middleware<'a, C> for StaticFiles {
    type Output = Response;
    type Future = BoxFuture<'a, Response>;

    fn call(&self, ctx: &'a mut C, req: &'a mut Request, next: Next<'a, C>) -> Self::Future {
        let config = Arc::clone(&self.inner);
        Box::pin(async move {
            if req.method() != Method::GET && req.method() != Method::HEAD {
                return next.run(ctx, req).await;
            }
            let Some(relative) = config.relative_path(req.uri().path()) else {
                return next.run(ctx, req).await;
            };
            match config.open(&relative).await {
                Ok(Some(file)) => file.respond(req.headers()),
                Ok(None) => next.run(ctx, req).await,
                Err(e) if e.raw_os_error().is_some_and(crate::error::is_out_of_files) => {
                    tracing::warn!("static file {} failed: {e}", relative.display());
                    crate::response::error_response(crate::Error::new(e))
                }
                Err(e) => {
                    tracing::warn!("static file {} failed: {e}", relative.display());
                    next.run(ctx, req).await
                }
            }
        })
    }
}

impl Config {
    /// The file path under the root that a request path names, or `None`
    /// when it is outside the prefix or tries to leave the root.
    fn relative_path(&self, path: &str) -> Option<PathBuf> {
        let rest = path.strip_prefix(self.prefix.as_str())?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let mut out = PathBuf::new();
        for raw in rest.split('/').filter(|s| !s.is_empty()) {
            let bytes: Vec<u8> = percent_encoding::percent_decode_str(raw).collect();
            let seg = String::from_utf8(bytes).ok()?;
            if seg == "."
                || seg == ".."
                || seg.contains(['/', '\\', '\0'])
                || (cfg!(windows) && seg.contains(':'))
            {
                return None;
            }
            out.push(seg);
        }
        Some(out)
    }

    async fn open(&self, relative: &Path) -> io::Result<Option<Found>> {
        let mut path = self.root.join(relative);
        let mut meta = match tokio::fs::metadata(&path).await {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => return Ok(None),
            Err(e) => return Err(e),
        };
        if meta.is_dir() {
            let Some(index) = &self.index else {
                return Ok(None);
            };
            path.push(index);
            meta = match tokio::fs::metadata(&path).await {
                Ok(m) if m.is_file() => m,
                Ok(_) => return Ok(None),
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
        }
        if !meta.is_file() {
            return Ok(None);
        }
        // Symlinks may point anywhere: what they resolve to must still be
        // inside the root.
        let root = tokio::fs::canonicalize(&self.root).await?;
        let real = tokio::fs::canonicalize(&path).await?;
        if !real.starts_with(&root) {
            return Ok(None);
        }
        Ok(Some(Found {
            len: meta.len(),
            modified: meta.modified().ok(),
            content_type: content_type(&real),
            path: real,
        }))
    }
}

fn content_type(path: &Path) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::JAVASCRIPT
        || mime.subtype() == mime_guess::mime::JSON;
    let value = if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("application/octet-stream"))
}

struct Found {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
    content_type: HeaderValue,
}

impl Found {
    fn etag(&self) -> String {
        let nanos = self
            .modified
            .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        format!("\"{:x}-{:x}\"", self.len, nanos)
    }

    fn respond(self, headers: &HeaderMap) -> Response {
        let etag = self.etag();
        let last_modified = self.modified.map(httpdate::fmt_http_date);
        let mut res = Response::new(Body::empty());
        let h = res.headers_mut();
        h.insert(
            header::ETAG,
            HeaderValue::from_str(&etag).expect("hex etag"),
        );
        if let Some(lm) = &last_modified {
            h.insert(
                header::LAST_MODIFIED,
                HeaderValue::from_str(lm).expect("http date"),
            );
        }
        if not_modified(headers, &etag, self.modified) {
            into_not_modified(&mut res);
            return res;
        }
        let h = res.headers_mut();
        h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
        h.insert(header::CONTENT_TYPE, self.content_type.clone());
        let range_applies = match headers.get(header::IF_RANGE).and_then(|v| v.to_str().ok()) {
            None => true,
            Some(v) => v == etag || last_modified.as_deref() == Some(v),
        };
        let range = headers
            .get(header::RANGE)
            .and_then(|v| v.to_str().ok())
            .filter(|_| range_applies)
            .map(|v| parse_range(v, self.len));
        let (start, len) = match range {
            Some(ByteRange::Satisfiable { start, end }) => {
                *res.status_mut() = StatusCode::PARTIAL_CONTENT;
                res.headers_mut().insert(
                    header::CONTENT_RANGE,
                    HeaderValue::from_str(&format!("bytes {start}-{end}/{}", self.len))
                        .expect("numbers"),
                );
                (start, end - start + 1)
            }
            Some(ByteRange::Unsatisfiable) => {
                *res.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
                res.headers_mut().insert(
                    header::CONTENT_RANGE,
                    HeaderValue::from_str(&format!("bytes */{}", self.len)).expect("numbers"),
                );
                return res;
            }
            Some(ByteRange::Ignored) | None => (0, self.len),
        };
        res.headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
        *res.body_mut() = Body::new(FileBody::new(self.path, start, len));
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            root: PathBuf::from("/srv"),
            prefix: "/static".into(),
            index: None,
        }
    }

    #[test]
    fn relative_paths_stay_inside() {
        let c = config();
        assert_eq!(
            c.relative_path("/static/a/b.css"),
            Some(PathBuf::from("a/b.css"))
        );
        assert_eq!(c.relative_path("/static"), Some(PathBuf::new()));
        assert_eq!(c.relative_path("/staticx/a"), None);
        assert_eq!(c.relative_path("/other"), None);
        for bad in [
            "/static/../etc/passwd",
            "/static/%2e%2e/etc/passwd",
            "/static/%2E%2E/x",
            "/static/a%2f..%2f..%2fetc",
            "/static/a%5c..%5cb",
            "/static/a%00b",
            "/static/./a",
            "/static/%ff",
        ] {
            assert_eq!(c.relative_path(bad), None, "{bad}");
        }
    }
}
