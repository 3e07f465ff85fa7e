//! Settings from environment variables, with defaults that need none.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Development or production.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::{Config, Env};
/// let config = Config::from_vars(|n| (n == "HYPEROX_ENV").then(|| "production".into())).unwrap();
/// assert_eq!(config.env, Env::Production);
/// ```
pub enum Env {
    /// Assets read from disk, live reload, error details in responses.
    Development,
    /// Embedded assets only, no details in error responses.
    Production,
}

/// Server settings.
///
/// | variable      | default                                   |
/// |---------------|-------------------------------------------|
/// | `HOST`        | `127.0.0.1`                               |
/// | `PORT`        | `3000`                                    |
/// | `HYPEROX_ENV` | `development` in debug builds, else `production` |
/// | `HYPEROX_LOG` | `info` (a `tracing` filter)               |
/// | `HYPEROX_ORIGIN` | none: the public origin(s), comma-separated, such as `https://todo.example.com` |
/// | `HYPEROX_SECRET` | none: the key that signs CSRF tokens (at least 32 characters) |
/// | `HYPEROX_CACHE_MB` | `64`: the in-process cache's bound, in MiB |
/// | `HYPEROX_REDIS_URL` | none: a Redis (`redis://host:port/db`) that holds the app's cache, shared by its instances (the `redis` feature) |
/// | `HYPEROX_CACHE_NAMESPACE` | `hyperox`: the prefix of the app's keys in that Redis |
/// | `HYPEROX_CACHE_NEAR_MS` | `1000`: with Redis, how long a value is also kept in process (0: not at all) |
/// | `HYPEROX_LANG` | `en`: the language of the pages the framework writes (error pages), as `<html lang>` |
/// | `HYPEROX_DATA_DIR` | `.hyperox`: where the app keeps what must outlive a restart (the CSRF key when `HYPEROX_SECRET` is not set) |
/// | `HYPEROX_MAX_CONNECTIONS` | `10000`, or fewer under a low open-file limit: the most connections at once (HTTP/2 streams, event streams and websockets count) |
/// | `HYPEROX_MAX_CONNECTIONS_PER_CLIENT` | `256`: the most one client address may hold |
/// | `HYPEROX_MAX_EVENT_STREAMS_PER_CLIENT` | `64`: the most event streams one client address may hold open |
/// | `HYPEROX_MAX_WEBSOCKETS_PER_CLIENT` | `64`: the most websockets one client address may hold open |
///
/// Requests are served only for the hosts of the configured origins
/// and, when the server listens on a loopback address, for loopback
/// names (`localhost`, `127.0.0.1`, `[::1]`); with no origin configured
/// and a non-loopback address, any host is served (a warning says so at
/// start-up). A state-changing request's `Origin` must be one of the
/// configured origins, or, with none configured, `http://` and the host
/// it was sent to. With only `https://` origins the CSRF cookie is
/// `__Host-hyperox_csrf` and `Secure`.
///
/// Without `HYPEROX_SECRET`, development signs tokens with a fixed key (so
/// they outlive restarts) and a production server with a random key made
/// at its first start and kept in `HYPEROX_DATA_DIR/secret` (mode 0600;
/// its path is logged), so pages open across a restart keep working.
/// Several instances behind one address need one shared
/// `HYPEROX_SECRET`.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::Config;
/// let vars = [("PORT", "8080"), ("HYPEROX_ORIGIN", "https://todo.example.com")];
/// let config = Config::from_vars(|n| vars.iter().find(|v| v.0 == n).map(|v| v.1.to_owned())).unwrap();
/// assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
/// assert_eq!(config.origins, ["https://todo.example.com"]);
/// ```
pub struct Config {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// Development or production.
    pub env: Env,
    /// The log filter.
    pub log: String,
    /// The public origins (`scheme://host[:port]`, lowercase, without the
    /// scheme's default port).
    pub origins: Vec<String>,
    /// The key that signs CSRF tokens.
    pub secret: Option<String>,
    /// The largest urlencoded form body read (the CSRF check and
    /// [`Cx::form`](crate::Cx::form)); 64 KiB.
    pub max_form_bytes: u64,
    /// The in-process cache's bound, in bytes.
    pub cache_bytes: u64,
    /// The Redis that holds the app's cache, if one does.
    pub redis_url: Option<String>,
    /// The prefix of the app's cache keys in Redis.
    pub cache_namespace: String,
    /// With Redis, how long a value is also kept in process, in front of
    /// it (zero: not at all).
    pub cache_near: std::time::Duration,
    /// The most connections served at once (`HYPEROX_MAX_CONNECTIONS`);
    /// `None` is the server's default, 10,000 or fewer under a low
    /// open-file limit. HTTP/2 streams past a connection's first, event
    /// streams and websockets count.
    pub max_connections: Option<usize>,
    /// The most connections (and HTTP/2 streams) one client address may
    /// hold (`HYPEROX_MAX_CONNECTIONS_PER_CLIENT`); `None` is the server's
    /// default, 256.
    pub max_connections_per_client: Option<usize>,
    /// The most event streams one client address may hold open
    /// (`HYPEROX_MAX_EVENT_STREAMS_PER_CLIENT`); `None` is the server's
    /// default, 64.
    pub max_event_streams_per_client: Option<usize>,
    /// The most websockets one client address may hold open
    /// (`HYPEROX_MAX_WEBSOCKETS_PER_CLIENT`); `None` is the server's
    /// default, 64.
    pub max_websockets_per_client: Option<usize>,
    /// The language of the pages the framework writes itself (error
    /// pages), as a BCP 47 tag for `<html lang>` (`HYPEROX_LANG`, default
    /// `en`).
    pub lang: String,
    /// Where the app keeps what must outlive a restart
    /// (`HYPEROX_DATA_DIR`, default `.hyperox` in the working directory).
    pub data_dir: std::path::PathBuf,
}

/// An environment variable with a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::Config;
/// let err = Config::from_vars(|n| (n == "PORT").then(|| "eighty".into())).unwrap_err();
/// assert!(err.to_string().contains("PORT"), "{err}");
/// ```
pub struct ConfigError {
    /// The variable.
    pub var: &'static str,
    /// Its value.
    pub value: String,
    /// What it should be.
    pub expected: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}={:?} is not valid: expected {}",
            self.var, self.value, self.expected
        )
    }
}

impl std::error::Error for ConfigError {}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 3000),
            env: if cfg!(debug_assertions) {
                Env::Development
            } else {
                Env::Production
            },
            log: "info".to_owned(),
            origins: Vec::new(),
            secret: None,
            max_form_bytes: 64 * 1024,
            cache_bytes: 64 << 20,
            redis_url: None,
            cache_namespace: "hyperox".to_owned(),
            cache_near: std::time::Duration::from_secs(1),
            max_connections: None,
            max_connections_per_client: None,
            max_event_streams_per_client: None,
            max_websockets_per_client: None,
            data_dir: std::path::PathBuf::from(".hyperox"),
            lang: "en".to_owned(),
        }
    }
}

impl Config {
    /// The defaults, overridden by `HOST`, `PORT`, `HYPEROX_ENV` and
    /// `HYPEROX_LOG`.
    ///
    /// # Example
    ///
    /// ```
    /// let config = hyperox::Config::from_env().expect("well-formed settings");
    /// println!("{}", config.addr);
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|k| std::env::var(k).ok())
    }

    /// The defaults, overridden by the variables `get` returns.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Config;
    /// let config = Config::from_vars(|_| None).unwrap();
    /// assert_eq!(config.addr.port(), 3000);
    /// ```
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config = Self::default();
        if let Some(v) = get("HOST") {
            let ip = v.parse().map_err(|_| ConfigError {
                var: "HOST",
                value: v.clone(),
                expected: "an IP address such as 127.0.0.1 or ::1",
            })?;
            config.addr.set_ip(ip);
        }
        if let Some(v) = get("PORT") {
            let port = v.parse().map_err(|_| ConfigError {
                var: "PORT",
                value: v.clone(),
                expected: "a port number from 0 to 65535",
            })?;
            config.addr.set_port(port);
        }
        if let Some(v) = get("HYPEROX_ENV") {
            config.env = match v.to_ascii_lowercase().as_str() {
                "development" | "dev" => Env::Development,
                "production" | "prod" => Env::Production,
                _ => {
                    return Err(ConfigError {
                        var: "HYPEROX_ENV",
                        value: v,
                        expected: "development or production",
                    });
                }
            };
        }
        if let Some(v) = get("HYPEROX_LOG") {
            config.log = v;
        }
        if let Some(v) = get("HYPEROX_ORIGIN") {
            config.origins = v
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| {
                    crate::origin::normalize(o).ok_or_else(|| ConfigError {
                        var: "HYPEROX_ORIGIN",
                        value: v.clone(),
                        expected: "origins such as https://example.com or http://127.0.0.1:3000, comma-separated, without paths",
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        if let Some(v) = get("HYPEROX_SECRET") {
            if v.len() < 32 {
                return Err(ConfigError {
                    var: "HYPEROX_SECRET",
                    value: "(hidden)".to_owned(),
                    expected: "at least 32 characters",
                });
            }
            config.secret = Some(v);
        }
        if let Some(v) = get("HYPEROX_CACHE_MB") {
            let mb: u64 = v
                .parse()
                .ok()
                .filter(|&mb| mb > 0)
                .ok_or_else(|| ConfigError {
                    var: "HYPEROX_CACHE_MB",
                    value: v.clone(),
                    expected: "a whole number of MiB, at least 1",
                })?;
            config.cache_bytes = mb.saturating_mul(1 << 20);
        }
        if let Some(v) = get("HYPEROX_REDIS_URL").filter(|v| !v.is_empty()) {
            if !cfg!(feature = "redis") {
                return Err(ConfigError {
                    var: "HYPEROX_REDIS_URL",
                    value: v,
                    expected: "no value: this app was built without hyperox's `redis` feature",
                });
            }
            if !(v.starts_with("redis://") || v.starts_with("unix://")) {
                return Err(ConfigError {
                    var: "HYPEROX_REDIS_URL",
                    value: v,
                    expected: "a URL such as redis://127.0.0.1:6379",
                });
            }
            config.redis_url = Some(v);
        }
        if let Some(v) = get("HYPEROX_CACHE_NAMESPACE") {
            if v.is_empty() || v.contains(char::is_whitespace) {
                return Err(ConfigError {
                    var: "HYPEROX_CACHE_NAMESPACE",
                    value: v,
                    expected: "a prefix without spaces, such as todo",
                });
            }
            config.cache_namespace = v;
        }
        if let Some(v) = get("HYPEROX_CACHE_NEAR_MS") {
            let ms: u64 = v.parse().map_err(|_| ConfigError {
                var: "HYPEROX_CACHE_NEAR_MS",
                value: v.clone(),
                expected: "a whole number of milliseconds (0 for none)",
            })?;
            config.cache_near = std::time::Duration::from_millis(ms);
        }
        let count = |var: &'static str| -> Result<Option<usize>, ConfigError> {
            get(var)
                .map(|v| {
                    v.parse()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| ConfigError {
                            var,
                            value: v.clone(),
                            expected: "a whole number, 1 or more",
                        })
                })
                .transpose()
        };
        if let Some(v) = get("HYPEROX_LANG") {
            let valid = !v.is_empty()
                && v.len() <= 35
                && v.split('-').all(|part| {
                    !part.is_empty()
                        && part.len() <= 8
                        && part.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            if !valid {
                return Err(ConfigError {
                    var: "HYPEROX_LANG",
                    value: v,
                    expected: "a language tag such as en or pt-BR",
                });
            }
            config.lang = v;
        }
        if let Some(v) = get("HYPEROX_DATA_DIR").filter(|v| !v.is_empty()) {
            config.data_dir = std::path::PathBuf::from(v);
        }
        config.max_connections = count("HYPEROX_MAX_CONNECTIONS")?;
        config.max_connections_per_client = count("HYPEROX_MAX_CONNECTIONS_PER_CLIENT")?;
        config.max_event_streams_per_client = count("HYPEROX_MAX_EVENT_STREAMS_PER_CLIENT")?;
        config.max_websockets_per_client = count("HYPEROX_MAX_WEBSOCKETS_PER_CLIENT")?;
        Ok(config)
    }

    /// Whether this is development.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox::Config;
    /// let prod = Config::from_vars(|n| (n == "HYPEROX_ENV").then(|| "production".into())).unwrap();
    /// assert!(!prod.is_dev());
    /// ```
    pub fn is_dev(&self) -> bool {
        self.env == Env::Development
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn reads_variables_and_names_bad_ones() {
        let c =
            Config::from_vars(vars(&[("PORT", "8080"), ("HYPEROX_ENV", "production")])).unwrap();
        assert_eq!(c.addr.port(), 8080);
        assert_eq!(c.env, Env::Production);
        assert_eq!(Config::from_vars(vars(&[])).unwrap().addr.port(), 3000);
        let err = Config::from_vars(vars(&[("PORT", "http")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "PORT=\"http\" is not valid: expected a port number from 0 to 65535"
        );
        assert!(Config::from_vars(vars(&[("HYPEROX_ENV", "staging")])).is_err());
        assert!(Config::from_vars(vars(&[("HOST", "localhost")])).is_err());
        let c = Config::from_vars(vars(&[(
            "HYPEROX_ORIGIN",
            "https://Todo.Example.com:443, http://127.0.0.1:3000",
        )]))
        .unwrap();
        assert_eq!(
            c.origins,
            ["https://todo.example.com", "http://127.0.0.1:3000"]
        );
        for bad in [
            "todo.example.com",
            "https://x/path",
            "ftp://x",
            "https://u@x",
        ] {
            let err = Config::from_vars(vars(&[("HYPEROX_ORIGIN", bad)])).unwrap_err();
            assert_eq!(err.var, "HYPEROX_ORIGIN", "{bad}");
        }
        assert!(Config::from_vars(vars(&[("HYPEROX_SECRET", "short")])).is_err());
        let c = Config::from_vars(vars(&[("HYPEROX_CACHE_MB", "8")])).unwrap();
        assert_eq!(c.cache_bytes, 8 << 20);
        for bad in ["0", "-1", "lots"] {
            let err = Config::from_vars(vars(&[("HYPEROX_CACHE_MB", bad)])).unwrap_err();
            assert_eq!(err.var, "HYPEROX_CACHE_MB", "{bad}");
        }
        let err = Config::from_vars(vars(&[("HYPEROX_REDIS_URL", "localhost:6379")])).unwrap_err();
        assert_eq!(err.var, "HYPEROX_REDIS_URL");
    }
}
