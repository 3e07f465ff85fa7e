//! The settings: each environment variable, its default, its meaning and
//! how its value is read into a [`Config`].

use std::fmt;

use super::{Config, ConfigError, Env};

/// One setting: an environment variable, its default, what it means and
/// the cargo feature of hyperox it needs. [`SETTINGS`] lists them all;
/// [`Config::from_vars`] reads them through it, and the crate's README
/// and [`Config`]'s documentation show it (a test keeps both equal to
/// it).
#[derive(Clone, Copy)]
pub struct Setting {
    /// The variable.
    pub var: &'static str,
    /// Its default, as the tables say it.
    pub default: &'static str,
    /// What it sets.
    pub meaning: &'static str,
    /// The cargo feature of hyperox it needs, if any.
    pub feature: Option<&'static str>,
    pub(super) apply: fn(&mut Config, String) -> Result<(), ConfigError>,
}

impl fmt::Debug for Setting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Setting")
            .field("var", &self.var)
            .field("default", &self.default)
            .field("feature", &self.feature)
            .finish_non_exhaustive()
    }
}

fn bad(var: &'static str, value: String, expected: &'static str) -> ConfigError {
    ConfigError {
        var,
        value,
        expected,
        missing_feature: None,
    }
}

fn count(var: &'static str, v: String) -> Result<Option<usize>, ConfigError> {
    match v.parse().ok().filter(|n| *n > 0) {
        Some(n) => Ok(Some(n)),
        None => Err(bad(var, v, "a whole number, 1 or more")),
    }
}

/// Whether this build of hyperox has `feature`.
pub(super) fn compiled(feature: &str) -> bool {
    const BUILT: [(&str, bool); 4] = [
        ("redis", cfg!(feature = "redis")),
        ("live-redis", cfg!(feature = "live-redis")),
        ("tls", cfg!(feature = "tls")),
        ("acme", cfg!(feature = "acme")),
    ];
    BUILT.iter().any(|&(name, on)| name == feature && on)
}

/// Every setting, in the order the tables list them.
///
/// # Example
///
/// ```
/// let redis = hyperox::SETTINGS.iter().find(|s| s.var == "HYPEROX_REDIS_URL").unwrap();
/// assert_eq!(redis.feature, Some("redis"));
/// ```
pub const SETTINGS: &[Setting] = &[
    Setting {
        var: "HOST",
        default: "`127.0.0.1`",
        meaning: "the address to listen on",
        feature: None,
        apply: |c, v| {
            let ip = v
                .parse()
                .map_err(|_| bad("HOST", v, "an IP address such as 127.0.0.1 or ::1"))?;
            c.addr.set_ip(ip);
            Ok(())
        },
    },
    Setting {
        var: "PORT",
        default: "`3000`",
        meaning: "the port to listen on",
        feature: None,
        apply: |c, v| {
            let port = v
                .parse()
                .map_err(|_| bad("PORT", v, "a port number from 0 to 65535"))?;
            c.addr.set_port(port);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_ENV",
        default: "`development` in debug builds, else `production`",
        meaning: "development (assets from disk, live reload, error details) or production",
        feature: None,
        apply: |c, v| {
            c.env = match v.to_ascii_lowercase().as_str() {
                "development" | "dev" => Env::Development,
                "production" | "prod" => Env::Production,
                _ => return Err(bad("HYPEROX_ENV", v, "development or production")),
            };
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_LOG",
        default: "`info`",
        meaning: "what is logged to standard error: a level, or targets with levels such as `info,hyperox=debug`",
        feature: None,
        apply: |c, v| {
            if !crate::log::valid_filter(&v) {
                return Err(bad(
                    "HYPEROX_LOG",
                    v,
                    "a level (error, warn, info, debug, trace, off) or target=level pairs, comma-separated",
                ));
            }
            c.log = v;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_ORIGIN",
        default: "none",
        meaning: "the public origin(s), comma-separated, such as `https://todo.example.com`; with only `https://` origins the CSRF cookie is `__Host-` and `Secure`",
        feature: None,
        apply: |c, v| {
            c.origins = v
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(|o| {
                    crate::origin::normalize(o).ok_or_else(|| {
                        bad(
                            "HYPEROX_ORIGIN",
                            v.clone(),
                            "origins such as https://example.com or http://127.0.0.1:3000, comma-separated, without paths",
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_SECRET",
        default: "none",
        meaning: "the key that signs CSRF tokens (32 characters or more); without it a production server makes one at its first start and keeps it in `HYPEROX_DATA_DIR/secret` (mode 0600); several instances need one shared key",
        feature: None,
        apply: |c, v| {
            if v.len() < 32 {
                return Err(bad(
                    "HYPEROX_SECRET",
                    "(hidden)".to_owned(),
                    "at least 32 characters",
                ));
            }
            c.secret = Some(v);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_DATA_DIR",
        default: "`.hyperox`",
        meaning: "where the app keeps what must outlive a restart (the CSRF key when `HYPEROX_SECRET` is not set)",
        feature: None,
        apply: |c, v| {
            if !v.is_empty() {
                c.data_dir = std::path::PathBuf::from(v);
            }
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_TRUSTED_PROXIES",
        default: "none",
        meaning: "the addresses or ranges (`127.0.0.1,10.0.0.0/8`) of the proxies in front of the app, whose `Forwarded` or `X-Forwarded-For` say who the client is (`Cx::client_ip`), and whose `Forwarded` `proto=`/`host=` or `X-Forwarded-Proto`/`-Host` say which scheme and host it used (origin checks, known hosts, HSTS); headers from any other peer are ignored",
        feature: None,
        apply: |c, v| {
            let ranges: Result<Vec<_>, _> = v
                .split(',')
                .filter(|p| !p.trim().is_empty())
                .map(crate::IpRange::parse)
                .collect();
            match ranges {
                Ok(ranges) => {
                    c.trusted_proxies = ranges;
                    Ok(())
                }
                Err(_) => Err(bad(
                    "HYPEROX_TRUSTED_PROXIES",
                    v,
                    "addresses or ranges separated by commas, such as 127.0.0.1,10.0.0.0/8",
                )),
            }
        },
    },
    Setting {
        var: "HYPEROX_LANG",
        default: "`en`",
        meaning: "the language of the pages the framework writes (error pages), as `<html lang>`",
        feature: None,
        apply: |c, v| {
            let valid = !v.is_empty()
                && v.len() <= 35
                && v.split('-').all(|part| {
                    !part.is_empty()
                        && part.len() <= 8
                        && part.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            if !valid {
                return Err(bad("HYPEROX_LANG", v, "a language tag such as en or pt-BR"));
            }
            c.lang = v;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_CACHE_MB",
        default: "`64`",
        meaning: "the in-process cache's bound, in MiB",
        feature: None,
        apply: |c, v| {
            let mb: u64 = v.parse().ok().filter(|&mb| mb > 0).ok_or_else(|| {
                bad(
                    "HYPEROX_CACHE_MB",
                    v.clone(),
                    "a whole number of MiB, at least 1",
                )
            })?;
            c.cache_bytes = mb.saturating_mul(1 << 20);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_REDIS_URL",
        default: "none",
        meaning: "a Redis (`redis://host:port/db`) that holds the app's cache, and carries its live updates (`hyperox::live::Hub::from_config`), shared by its instances",
        feature: Some("redis"),
        apply: |c, v| {
            if v.is_empty() {
                return Ok(());
            }
            if !(v.starts_with("redis://") || v.starts_with("unix://")) {
                return Err(bad(
                    "HYPEROX_REDIS_URL",
                    v,
                    "a URL such as redis://127.0.0.1:6379",
                ));
            }
            c.redis_url = Some(v);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_CACHE_NAMESPACE",
        default: "`hyperox`",
        meaning: "the prefix of the app's keys in that Redis",
        feature: None,
        apply: |c, v| {
            if v.is_empty() || v.contains(char::is_whitespace) {
                return Err(bad(
                    "HYPEROX_CACHE_NAMESPACE",
                    v,
                    "a prefix without spaces, such as todo",
                ));
            }
            c.cache_namespace = v;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_CACHE_NEAR_MS",
        default: "`1000`",
        meaning: "with Redis, how long a value is also kept in process (0: not at all)",
        feature: None,
        apply: |c, v| {
            let ms: u64 = v.parse().map_err(|_| {
                bad(
                    "HYPEROX_CACHE_NEAR_MS",
                    v.clone(),
                    "a whole number of milliseconds (0 for none)",
                )
            })?;
            c.cache_near = std::time::Duration::from_millis(ms);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_MAX_CONNECTIONS",
        default: "`10000`, or fewer under a low open-file limit",
        meaning: "the most connections served at once (HTTP/2 streams, event streams and websockets count)",
        feature: None,
        apply: |c, v| {
            c.max_connections = count("HYPEROX_MAX_CONNECTIONS", v)?;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_WORKERS",
        default: "none: the app's runtime",
        meaning: "threads that serve connections, each with a runtime of its own, connections handed to them in turn (a number, or `cores` for one a core): a connection's requests stay on one thread",
        feature: None,
        apply: |c, v| {
            c.workers = if v == "cores" {
                Some(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
            } else {
                Some(
                    v.parse()
                        .ok()
                        .filter(|n| (1..=1024).contains(n))
                        .ok_or_else(|| {
                            bad(
                                "HYPEROX_WORKERS",
                                v,
                                "a whole number from 1 to 1024, or `cores`",
                            )
                        })?,
                )
            };
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_MAX_CONNECTIONS_PER_CLIENT",
        default: "`256`",
        meaning: "the most connections and HTTP/2 streams one client address may hold",
        feature: None,
        apply: |c, v| {
            c.max_connections_per_client = count("HYPEROX_MAX_CONNECTIONS_PER_CLIENT", v)?;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_MAX_EVENT_STREAMS_PER_CLIENT",
        default: "`64`",
        meaning: "the most event streams one client address may hold open; one more gets 429",
        feature: None,
        apply: |c, v| {
            c.max_event_streams_per_client = count("HYPEROX_MAX_EVENT_STREAMS_PER_CLIENT", v)?;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_TLS_CERT",
        default: "none",
        meaning: "a PEM file with the certificate chain to serve HTTPS with (and `HYPEROX_TLS_KEY`); read again when it changes. Cookies are then `Secure` and `__Host-`, answers carry HSTS, and origins are `https://`",
        feature: Some("tls"),
        apply: |c, v| {
            if !v.is_empty() {
                let key = c.tls.take().map(|(_, k)| k).unwrap_or_default();
                c.tls = Some((std::path::PathBuf::from(v), key));
            }
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_TLS_KEY",
        default: "none",
        meaning: "the PEM file with the private key of `HYPEROX_TLS_CERT`",
        feature: Some("tls"),
        apply: |c, v| {
            if !v.is_empty() {
                let cert = c.tls.take().map(|(c, _)| c).unwrap_or_default();
                c.tls = Some((cert, std::path::PathBuf::from(v)));
            }
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_DOMAINS",
        default: "none",
        meaning: "the names (`example.com,www.example.com`) to serve HTTPS for with a certificate the app obtains and renews itself through ACME (TLS-ALPN-01 on the HTTPS port, or HTTP-01 on `HYPEROX_HTTP_PORT` when set), kept in `HYPEROX_DATA_DIR/acme`; their `https://` origins become the app's when `HYPEROX_ORIGIN` is not set",
        feature: Some("acme"),
        apply: |c, v| {
            let mut names = Vec::new();
            for name in v.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let ok = name.len() <= 253
                    && name.contains('.')
                    && name.split('.').all(|label| {
                        !label.is_empty()
                            && label.len() <= 63
                            && !label.starts_with('-')
                            && !label.ends_with('-')
                            && label
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    });
                if !ok {
                    return Err(bad(
                        "HYPEROX_DOMAINS",
                        v.clone(),
                        "domain names separated by commas (`example.com,www.example.com`)",
                    ));
                }
                names.push(name.to_ascii_lowercase());
            }
            c.domains = names;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_ACME_EMAIL",
        default: "none",
        meaning: "the contact address the certificate authority writes to about the certificates of `HYPEROX_DOMAINS` (expiry, incidents)",
        feature: Some("acme"),
        apply: |c, v| {
            if !v.is_empty() && !v.contains('@') {
                return Err(bad("HYPEROX_ACME_EMAIL", v, "an e-mail address"));
            }
            c.acme_email = (!v.is_empty()).then_some(v);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_ACME_DIRECTORY",
        default: "`production`",
        meaning: "where certificates come from: `production` (Let's Encrypt), `staging` (Let's Encrypt's test CA, for trying a setup) or the URL of another ACME directory",
        feature: Some("acme"),
        apply: |c, v| {
            if !matches!(v.as_str(), "production" | "staging") && !v.starts_with("https://") {
                return Err(bad(
                    "HYPEROX_ACME_DIRECTORY",
                    v,
                    "`production`, `staging` or an https:// URL",
                ));
            }
            c.acme_directory = v;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_ACME_CA_ROOT",
        default: "none",
        meaning: "a PEM file with the root certificate of `HYPEROX_ACME_DIRECTORY`'s own HTTPS, for a private or test CA",
        feature: Some("acme"),
        apply: |c, v| {
            c.acme_ca_root = (!v.is_empty()).then(|| std::path::PathBuf::from(v));
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_HTTP_PORT",
        default: "none",
        meaning: "with HTTPS, a plain-HTTP port (on `HOST`) that answers every request with a redirect to HTTPS",
        feature: Some("tls"),
        apply: |c, v| {
            let port = v
                .parse()
                .map_err(|_| bad("HYPEROX_HTTP_PORT", v, "a port number from 1 to 65535"))?;
            c.http_port = Some(port);
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_HSTS",
        default: "`31536000`",
        meaning: "the `max-age` (seconds) of `Strict-Transport-Security` on HTTPS answers to names that are not loopback; 0 sends none",
        feature: None,
        apply: |c, v| {
            c.hsts_seconds = v
                .parse()
                .map_err(|_| bad("HYPEROX_HSTS", v, "a number of seconds, 0 or more"))?;
            Ok(())
        },
    },
    Setting {
        var: "HYPEROX_MAX_WEBSOCKETS_PER_CLIENT",
        default: "`64`",
        meaning: "the most websockets one client address may hold open; one more gets 429",
        feature: None,
        apply: |c, v| {
            c.max_websockets_per_client = count("HYPEROX_MAX_WEBSOCKETS_PER_CLIENT", v)?;
            Ok(())
        },
    },
];

/// [`SETTINGS`] as a Markdown table, as the README and [`Config`]'s
/// documentation show it.
///
/// # Example
///
/// ```
/// assert!(hyperox::config::settings_table().contains("| `PORT` | `3000` |"));
/// ```
pub fn settings_table() -> String {
    let mut out = String::from("| variable | default | meaning |\n|---|---|---|\n");
    for s in SETTINGS {
        let feature = s
            .feature
            .map(|f| format!(" (feature `{f}`)"))
            .unwrap_or_default();
        out.push_str(&format!(
            "| `{}` | {} | {}{feature} |\n",
            s.var, s.default, s.meaning
        ));
    }
    out
}
