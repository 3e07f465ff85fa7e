//! Logging to standard error, filtered by `HYPEROX_LOG`: what
//! [`App::serve`](crate::App::serve) sets up unless the app set up its
//! own `tracing` subscriber first.

/// Whether `filter` is a level (`error`, `warn`, `info`, `debug`,
/// `trace`, `off`) or `target=level` pairs, comma-separated.
///
/// # Example
///
/// ```
/// use hyperox::log::valid_filter;
/// assert!(valid_filter("info"));
/// assert!(valid_filter("warn,hyperox=debug,todo::db=trace"));
/// assert!(!valid_filter("loud"));
/// assert!(!valid_filter("hyperox=loud"));
/// ```
pub fn valid_filter(filter: &str) -> bool {
    const LEVELS: [&str; 6] = ["error", "warn", "info", "debug", "trace", "off"];
    let level = |l: &str| LEVELS.contains(&l.trim().to_ascii_lowercase().as_str());
    let target = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '-')
    };
    filter
        .split(',')
        .map(str::trim)
        .all(|d| match d.split_once('=') {
            Some((t, l)) => target(t.trim()) && level(l),
            None => level(d),
        })
}

/// Logs to standard error what `filter` lets through (a
/// [`valid_filter`]), unless a `tracing` subscriber is set already, in
/// which case the app's own stays. Returns whether this one was set.
///
/// Without hyperox's `log` feature (on by default), nothing is set up.
///
/// # Example
///
/// ```
/// hyperox::log::init("warn,hyperox=info");
/// tracing::info!("shown");
/// ```
pub fn init(filter: &str) -> bool {
    #[cfg(feature = "log")]
    {
        use tracing_subscriber::{Layer, layer::SubscriberExt};
        let Ok(targets) = filter.parse::<tracing_subscriber::filter::Targets>() else {
            return false;
        };
        let subscriber = tracing_subscriber::registry().with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                // Colours on a terminal only, not in a file or a journal.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .with_filter(targets),
        );
        tracing::subscriber::set_global_default(subscriber).is_ok()
    }
    #[cfg(not(feature = "log"))]
    {
        let _ = filter;
        false
    }
}
