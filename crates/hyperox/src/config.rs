//! Settings from environment variables, with defaults that need none.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

mod settings;

use settings::compiled;
pub use settings::{SETTINGS, Setting, settings_table};

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

/// Server settings, read from the environment by [`Config::from_env`]
/// (the table is [`SETTINGS`]):
///
#[doc = include_str!("settings.md")]
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
    /// Threads that serve connections, each with a runtime of its own
    /// (`HYPEROX_WORKERS`: a number, or `cores` for one a core); `None`,
    /// the default, serves them on the app's runtime.
    pub workers: Option<usize>,
    /// The language of the pages the framework writes itself (error
    /// pages), as a BCP 47 tag for `<html lang>` (`HYPEROX_LANG`, default
    /// `en`).
    pub lang: String,
    /// Where the app keeps what must outlive a restart
    /// (`HYPEROX_DATA_DIR`, default `.hyperox` in the working directory).
    pub data_dir: std::path::PathBuf,
    /// The proxies whose `Forwarded` and `X-Forwarded-For` name the
    /// client (`HYPEROX_TRUSTED_PROXIES`; none by default).
    pub trusted_proxies: Vec<crate::IpRange>,
    /// The certificate chain and key (PEM files) to serve HTTPS with
    /// (`HYPEROX_TLS_CERT`, `HYPEROX_TLS_KEY`; feature `tls`).
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
    /// The names to obtain a certificate for through ACME
    /// (`HYPEROX_DOMAINS`; feature `acme`): HTTPS with a certificate the
    /// app gets and renews itself. See [`acme`](crate::acme).
    pub domains: Vec<String>,
    /// The contact address given to the certificate authority
    /// (`HYPEROX_ACME_EMAIL`).
    pub acme_email: Option<String>,
    /// The ACME directory: `production` (Let's Encrypt, the default),
    /// `staging`, or a URL (`HYPEROX_ACME_DIRECTORY`).
    pub acme_directory: String,
    /// A PEM file with the root the ACME directory's own HTTPS is signed
    /// by, for a private or test CA (`HYPEROX_ACME_CA_ROOT`).
    pub acme_ca_root: Option<std::path::PathBuf>,
    /// A plain-HTTP port that sends every request to HTTPS
    /// (`HYPEROX_HTTP_PORT`; with TLS).
    pub http_port: Option<u16>,
    /// The `max-age` of `Strict-Transport-Security` on HTTPS answers, in
    /// seconds (`HYPEROX_HSTS`, a year; 0: none).
    pub hsts_seconds: u64,
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
    /// The cargo feature of hyperox the variable needs, when the app was
    /// built without it.
    pub missing_feature: Option<&'static str>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.missing_feature {
            Some(feature) => write!(
                f,
                "{} is set, but this app was built without hyperox's `{feature}` feature, which it needs: add the feature to the hyperox dependency in Cargo.toml (`hyperox = {{ version = \"...\", features = [\"{feature}\"] }}`), or unset {}",
                self.var, self.var
            ),
            None => write!(
                f,
                "{}={:?} is not valid: expected {}",
                self.var, self.value, self.expected
            ),
        }
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
            workers: None,
            data_dir: std::path::PathBuf::from(".hyperox"),
            lang: "en".to_owned(),
            trusted_proxies: Vec::new(),
            tls: None,
            domains: Vec::new(),
            acme_email: None,
            acme_directory: String::from("production"),
            acme_ca_root: None,
            http_port: None,
            hsts_seconds: 365 * 24 * 3600,
        }
    }
}

impl Config {
    /// The defaults, overridden by the environment variables of
    /// [`SETTINGS`] that are set.
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
        for setting in SETTINGS {
            let Some(value) = get(setting.var) else {
                continue;
            };
            if let Some(feature) = setting.feature
                && !compiled(feature)
                && !value.is_empty()
            {
                return Err(ConfigError {
                    var: setting.var,
                    value,
                    expected: "no value in this build",
                    missing_feature: Some(feature),
                });
            }
            (setting.apply)(&mut config, value)?;
        }
        Ok(config)
    }

    /// Whether the app serves HTTPS itself: a certificate from files
    /// (`HYPEROX_TLS_CERT`, feature `tls`) or through ACME
    /// (`HYPEROX_DOMAINS`, feature `acme`).
    pub fn serves_https(&self) -> bool {
        (self.tls.is_some() && cfg!(feature = "tls"))
            || (!self.domains.is_empty() && cfg!(feature = "acme"))
    }

    /// The public origins: `HYPEROX_ORIGIN`'s, or with none set (and
    /// feature `acme`), the `https://` origins of `HYPEROX_DOMAINS` on
    /// this port (`https://a.example:3000`).
    ///
    /// # Example
    ///
    /// ```
    /// let config = hyperox::Config {
    ///     origins: vec!["https://a.example".into()],
    ///     ..hyperox::Config::default()
    /// };
    /// assert_eq!(config.public_origins(), ["https://a.example"]);
    /// ```
    pub fn public_origins(&self) -> Vec<String> {
        if !self.origins.is_empty() || !cfg!(feature = "acme") {
            return self.origins.clone();
        }
        let port = match self.addr.port() {
            443 => String::new(),
            p => format!(":{p}"),
        };
        self.domains
            .iter()
            .map(|d| format!("https://{d}{port}"))
            .collect()
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
    fn the_public_origins_come_from_the_domains_with_acme_only() {
        let config = Config {
            domains: vec!["a.example".into()],
            ..Config::default()
        };
        let want: &[&str] = if cfg!(feature = "acme") {
            &["https://a.example:3000"]
        } else {
            &[]
        };
        assert_eq!(config.public_origins(), want);
    }

    #[test]
    fn workers_are_a_count_or_one_a_core() {
        let workers =
            |v: &str| Config::from_vars(vars(&[("HYPEROX_WORKERS", v)])).map(|c| c.workers);
        assert_eq!(workers("2").unwrap(), Some(2));
        assert!(workers("cores").unwrap().is_some_and(|n| n >= 1));
        assert_eq!(Config::from_vars(vars(&[])).unwrap().workers, None);
        for bad in ["0", "-1", "two", "5000"] {
            let err = workers(bad).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("HYPEROX_WORKERS=\"{bad}\"")),
                "{err}"
            );
        }
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

    #[test]
    fn a_variable_that_needs_a_feature_names_it() {
        let got = Config::from_vars(vars(&[("HYPEROX_REDIS_URL", "redis://127.0.0.1:6379")]));
        if cfg!(feature = "redis") {
            assert_eq!(
                got.unwrap().redis_url.as_deref(),
                Some("redis://127.0.0.1:6379")
            );
        } else {
            let err = got.unwrap_err();
            assert_eq!(err.missing_feature, Some("redis"));
            let text = err.to_string();
            assert!(
                text.contains("`redis` feature") && text.contains("features = [\"redis\"]"),
                "{text}"
            );
        }
        // An empty value is no value.
        assert_eq!(
            Config::from_vars(vars(&[("HYPEROX_REDIS_URL", "")]))
                .unwrap()
                .redis_url,
            None
        );
    }

    #[test]
    fn the_documented_tables_are_the_table() {
        let table = settings_table();
        let doc = include_str!("settings.md");
        assert!(
            doc.contains(&table),
            "src/settings.md differs from settings_table():\n{table}"
        );
        let readme = include_str!("../README.md");
        assert!(
            readme.contains(&table),
            "the README's table differs from settings_table():\n{table}"
        );
        let names: Vec<&str> = SETTINGS.iter().map(|s| s.var).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "a variable listed twice");
    }

    #[test]
    fn a_bad_log_filter_is_named() {
        assert_eq!(
            Config::from_vars(vars(&[("HYPEROX_LOG", "hyperox=debug,warn")]))
                .unwrap()
                .log,
            "hyperox=debug,warn"
        );
        let err = Config::from_vars(vars(&[("HYPEROX_LOG", "loud")])).unwrap_err();
        assert_eq!(err.var, "HYPEROX_LOG");
    }
}
