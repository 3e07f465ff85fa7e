//! `hyperox dev`: one long-lived supervisor in front of the app.
//!
//! The supervisor owns the address the browser uses. It proxies every
//! request to the app process it last started, and answers itself the
//! live-reload stream (`/_hyperox/livereload`, which outlives app
//! restarts) and, in development, the stylesheet. A page with an event
//! stream of its own (`hx-sse:connect`) opens no live-reload stream: the
//! supervisor puts its events into the app's stream as it passes it on,
//! so each tab holds one stream. So that:
//!
//! - a request made while the app restarts waits for the new process
//!   instead of being refused;
//! - a CSS-only change is swapped into open pages at once, without rustc;
//! - a compile error keeps the last good process serving, and shows in the
//!   terminal and as an overlay in every open page until a build succeeds;
//! - an edit made during a build cancels it and starts the next one.

mod cargo;
mod progress;
pub(crate) use cargo::{package_name, pick_binary};
mod proxy;
mod watch;

use crate::Failure;
use bytes::Bytes;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::process::Child;
use tokio::sync::{broadcast, mpsc, watch as tokio_watch};

/// Arguments of `hyperox dev`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The app's folder.
    #[arg(long, default_value = ".")]
    path: PathBuf,
    /// The address to serve on.
    #[arg(long, env = "HOST", default_value = "127.0.0.1")]
    host: IpAddr,
    /// The port to serve on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    port: u16,
}

/// What the supervisor tells the pages (the build error's text without
/// terminal colours).
pub(crate) type Event = hyperox_html::dev::DevEvent<Arc<str>>;

/// What the proxy and the supervisor loop share.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The app process serving now, once one does.
    pub(crate) upstream: tokio_watch::Sender<Option<SocketAddr>>,
    /// Events for every open page.
    pub(crate) events: broadcast::Sender<Event>,
    /// Restarts so far: a page rendered by an older process reloads when
    /// its stream connects.
    pub(crate) generation: std::sync::atomic::AtomicU64,
    /// The error of the last build, while it stands.
    pub(crate) error: Mutex<Option<Arc<str>>>,
    /// The stylesheet generated from the sources, and its version.
    pub(crate) css: Mutex<(Option<Bytes>, u64)>,
}

/// The supervisor's state rules, in one place: a failure is stored (new
/// pages show it first) and told to the open pages; a success clears a
/// standing failure and tells the pages so.
impl Shared {
    /// The build failed, or the app did not start: `text` stands.
    pub(crate) fn fail(&self, text: Arc<str>) {
        *self.error.lock().expect("error lock") = Some(text.clone());
        let _ = self.events.send(Event::BuildError(text));
    }

    /// A new process serves: a standing failure is over.
    pub(crate) fn recover(&self) {
        let had_error = self.error.lock().expect("error lock").take().is_some();
        if had_error {
            let _ = self.events.send(Event::BuildOk);
        }
    }

    /// Tells the open pages `event`.
    pub(crate) fn tell(&self, event: Event) {
        let _ = self.events.send(event);
    }
}

pub(crate) fn run(args: Args) -> Result<(), Failure> {
    let root = args
        .path
        .canonicalize()
        .map_err(|e| Failure(format!("{}: {e}", args.path.display())))?;
    if !root.join("Cargo.toml").exists() {
        return Err(Failure(format!(
            "{} has no Cargo.toml: run `hyperox dev` in an app's folder, or start one with `hyperox new NAME`",
            root.display()
        )));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(supervise(root, SocketAddr::new(args.host, args.port)))
}

/// A line of progress: `  step     detail`.
pub(crate) fn say(step: &str, detail: impl std::fmt::Display) {
    progress::clear_line();
    println!("  {step:<8} {detail}");
}

fn ms(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

async fn supervise(root: PathBuf, addr: SocketAddr) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        Failure(format!(
            "cannot listen on {addr}: {e} (another server there? try --port)"
        ))
    })?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared {
        upstream: tokio_watch::channel(None).0,
        events: broadcast::channel(64).0,
        generation: std::sync::atomic::AtomicU64::new(0),
        error: Mutex::new(None),
        css: Mutex::new((None, 0)),
    });
    tokio::spawn(proxy::serve(listener, shared.clone()));
    println!(
        "hyperox dev: http://{addr}  (watching {}; Ctrl-C stops)",
        root.display()
    );

    let (tx, mut changes) = mpsc::unbounded_channel();
    let _watcher = watch::start(&root, tx)?;
    refresh_css(&root, &shared, false);

    let mut app: Option<Child> = None;
    let mut build = Some(start_build(&root, &shared));
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    loop {
        tokio::select! {
            change = watch::next_batch(&mut changes) => {
                let Some(change) = change else { break };
                if change.css {
                    refresh_css(&root, &shared, true);
                }
                if change.reload_only && !change.rust {
                    say("reload", change.first.display());
                    shared.tell(Event::Reload);
                }
                if change.rust {
                    say("change", change.first.display());
                    if build.take().is_some() {
                        say("cancel", "the build in progress is stale");
                    }
                    build = Some(start_build(&root, &shared));
                }
            }
            done = async { build.as_mut().expect("checked").await }, if build.is_some() => {
                build = None;
                match done {
                    Ok(Ok(exe)) => restart(&root, &shared, exe, &mut app).await,
                    Ok(Err(text)) => {
                        eprintln!("{text}");
                        say("error", "the build failed; the last good build keeps serving");
                        shared.fail(cargo::strip_ansi(&text).into());
                    }
                    Err(e) if e.is_cancelled() => {}
                    Err(e) => say("error", format!("the build task failed: {e}")),
                }
            }
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
        }
    }
    // The build in progress (its process group) and the app stop with
    // the supervisor.
    drop(build);
    if let Some(mut child) = app {
        let _ = child.kill().await;
    }
    Ok(())
}

/// A running `cargo build`, cancelled (cargo killed) when dropped.
struct Build(tokio::task::JoinHandle<Result<PathBuf, Arc<str>>>);

impl Drop for Build {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl std::future::Future for Build {
    type Output = Result<Result<PathBuf, Arc<str>>, tokio::task::JoinError>;
    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        std::pin::Pin::new(&mut self.0).poll(cx)
    }
}

fn start_build(root: &Path, shared: &Shared) -> Build {
    shared.tell(Event::Building);
    let root = root.to_owned();
    Build(tokio::spawn(async move {
        let started = Instant::now();
        say("build", "cargo build");
        let result = cargo::build(&root).await;
        result.map(|built| {
            say("built", ms(started.elapsed()));
            let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
            for line in folded_warnings(&built.warnings) {
                if colour {
                    println!("{line}");
                } else {
                    println!("{}", cargo::strip_ansi(&line));
                }
            }
            built.exe
        })
    }))
}

/// How many warnings a build shows in full; past it, a count.
const WARNINGS_SHOWN: usize = 3;

/// A build's warnings as printed after its result line: the first few in
/// full, then how many more.
fn folded_warnings(warnings: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if warnings.is_empty() {
        return out;
    }
    out.push(format!(
        "  {:<8} {} warning{}",
        "warning",
        warnings.len(),
        if warnings.len() == 1 { "" } else { "s" }
    ));
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        out.push(w.trim_end().to_owned());
    }
    if warnings.len() > WARNINGS_SHOWN {
        out.push(format!(
            "  … and {} more (cargo build shows them all)",
            warnings.len() - WARNINGS_SHOWN
        ));
    }
    out
}

/// Starts the new build on a fresh port, switches the proxy to it once it
/// answers, then stops the old process. A process that does not start
/// leaves the old one serving.
async fn restart(root: &Path, shared: &Shared, exe: PathBuf, app: &mut Option<Child>) {
    let started = Instant::now();
    let port = match std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => return say("error", format!("no free port for the app: {e}")),
    };
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut child = match tokio::process::Command::new(&exe)
        .current_dir(root)
        .env("HOST", "127.0.0.1")
        .env("PORT", port.to_string())
        .env("HYPEROX_ENV", "development")
        .kill_on_drop(true)
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return say("error", format!("cannot start {}: {e}", exe.display())),
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            break;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let text: Arc<str> =
                format!("the app exited ({status}) before it listened on {addr}").into();
            say("error", &text);
            shared.fail(text);
            return;
        }
        if Instant::now() > deadline {
            say(
                "error",
                format!("the app did not listen on {addr} within 20 s; the old one keeps serving"),
            );
            let _ = child.start_kill();
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    shared
        .generation
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    shared.upstream.send_replace(Some(addr));
    shared.recover();
    shared.tell(Event::Reload);
    say(
        "serving",
        format!(
            "pid {} in {}",
            child.id().unwrap_or_default(),
            ms(started.elapsed())
        ),
    );
    if let Some(mut old) = app.replace(child) {
        // Requests the old process is answering get a moment to finish.
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let _ = old.kill().await;
        });
    }
}

/// Regenerates the stylesheet from the sources; when it changed (and
/// `announce`), tells open pages to fetch it again.
fn refresh_css(root: &Path, shared: &Shared, announce: bool) {
    let started = Instant::now();
    let sheet = hyperox_build::css::load_config(&root.join("hyperox.toml"))
        .and_then(|config| hyperox_build::css::generate(&root.join("src"), &config));
    let sheet = match sheet {
        Ok(s) => Bytes::from(s),
        Err(e) => return say("error", format!("css: {e}")),
    };
    let version = {
        let mut css = shared.css.lock().expect("css lock");
        if css.0.as_ref() == Some(&sheet) {
            return;
        }
        css.0 = Some(sheet);
        css.1 += 1;
        css.1
    };
    if announce {
        say(
            "css",
            format!("stylesheet swapped in {}", ms(started.elapsed())),
        );
        shared.tell(Event::Css(version));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_shown_once_and_folded_past_three() {
        assert!(folded_warnings(&[]).is_empty());
        let one = folded_warnings(&["warning: unused variable: `x`\n".to_owned()]);
        assert_eq!(
            one,
            ["  warning  1 warning", "warning: unused variable: `x`"]
        );
        let many: Vec<String> = (1..=5).map(|i| format!("warning: number {i}")).collect();
        let shown = folded_warnings(&many);
        assert_eq!(shown.len(), 5, "{shown:?}");
        assert_eq!(shown[0], "  warning  5 warnings");
        assert_eq!(shown[3], "warning: number 3");
        assert!(shown[4].contains("2 more"), "{shown:?}");
    }
}
