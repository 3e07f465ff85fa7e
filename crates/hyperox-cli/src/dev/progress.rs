//! A build's progress as `hyperox dev` shows it, from cargo's own bar:
//! units done of the total and what is compiling. On a terminal it is one
//! line, redrawn in place and cleared before the next line of output;
//! otherwise a plain line at most every few seconds.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether a progress line is drawn on the terminal now.
static DRAWN: AtomicBool = AtomicBool::new(false);

/// How often a plain (not terminal) progress line may be printed.
const PLAIN_EVERY: Duration = Duration::from_secs(5);

/// Clears the progress line, if one is drawn, so that the next line of
/// output starts at the left.
pub(crate) fn clear_line() {
    if DRAWN.swap(false, Ordering::AcqRel) {
        let mut out = std::io::stdout().lock();
        let _ = write!(out, "\r\x1b[2K");
        let _ = out.flush();
    }
}

/// One build's progress.
#[derive(Debug)]
pub(crate) struct Progress {
    terminal: bool,
    last: Option<Instant>,
    shown: String,
}

impl Progress {
    pub(crate) fn new() -> Self {
        Self {
            terminal: std::io::stdout().is_terminal(),
            last: None,
            shown: String::new(),
        }
    }

    /// Cargo's bar, after its `Building [`: `===>   ] 57/212: tokio, syn`.
    pub(crate) fn update(&mut self, bar: &str) {
        let Some(line) = summary(bar) else {
            return;
        };
        if line == self.shown {
            return;
        }
        if self.terminal {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "\r\x1b[2K  {:<8} {line}", "build");
            let _ = out.flush();
            DRAWN.store(true, Ordering::Release);
        } else if self.last.is_none_or(|t| t.elapsed() >= PLAIN_EVERY) {
            super::say("build", &line);
            self.last = Some(Instant::now());
        } else {
            return;
        }
        self.shown = line;
    }

    /// The build is over: no progress line stays.
    pub(crate) fn clear(&mut self) {
        if self.terminal {
            clear_line();
        }
    }
}

/// `57/212 · compiling tokio, syn` from cargo's bar.
fn summary(bar: &str) -> Option<String> {
    let (_, rest) = bar.split_once("] ")?;
    let (count, what) = match rest.split_once(": ") {
        Some((count, what)) => (count.trim(), what.trim()),
        None => (rest.trim(), ""),
    };
    let (done, total) = count.split_once('/')?;
    let (done, total): (u32, u32) = (done.parse().ok()?, total.parse().ok()?);
    Some(if what.is_empty() {
        format!("{done}/{total}")
    } else {
        format!("{done}/{total} · compiling {what}")
    })
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn cargos_bar_becomes_a_count_and_what_compiles() {
        assert_eq!(
            summary("===========>               ] 11/23: quote, serde_json(build.rs)      ")
                .as_deref(),
            Some("11/23 · compiling quote, serde_json(build.rs)")
        );
        assert_eq!(summary(">   ] 1/2").as_deref(), Some("1/2"));
        assert_eq!(summary("no bar here"), None);
    }
}
