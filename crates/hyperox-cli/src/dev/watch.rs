//! File events, coalesced: what changed in a burst of saves, and what it
//! takes (a build, a new stylesheet, a reload).

use crate::Failure;
use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::sync::mpsc;

/// How long the files must stay quiet before a burst of events is acted
/// on (an editor's save is often several events).
const QUIET: Duration = Duration::from_millis(30);

/// What a burst of file events asks for.
#[derive(Debug, Default)]
pub(crate) struct Change {
    /// The first file that changed, for the progress line.
    pub(crate) first: PathBuf,
    /// Rust sources, the manifest, the build script, or the set of public
    /// files changed: rebuild.
    pub(crate) rust: bool,
    /// Classes may have changed: regenerate the stylesheet.
    pub(crate) css: bool,
    /// A public file changed in place: the app reads it from disk, a
    /// reload shows it.
    pub(crate) reload_only: bool,
}

/// One file event: the path and whether the file was created or removed
/// (rather than changed in place).
#[derive(Debug)]
pub(crate) struct FileEvent {
    path: PathBuf,
    added_or_removed: bool,
}

/// Watches `root` recursively; events go to `tx` until the watcher is
/// dropped.
pub(crate) fn start(
    root: &Path,
    tx: mpsc::UnboundedSender<(PathBuf, FileEvent)>,
) -> Result<notify::RecommendedWatcher, Failure> {
    let root_owned = root.to_owned();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        let added_or_removed = matches!(event.kind, EventKind::Create(_) | EventKind::Remove(_));
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let _ = tx.send((
                root_owned.clone(),
                FileEvent {
                    path,
                    added_or_removed,
                },
            ));
        }
    })
    .map_err(|e| Failure(format!("cannot watch files: {e}")))?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| Failure(format!("cannot watch {}: {e}", root.display())))?;
    Ok(watcher)
}

/// The next burst of relevant events, classified; `None` when the watcher
/// is gone.
pub(crate) async fn next_batch(
    rx: &mut mpsc::UnboundedReceiver<(PathBuf, FileEvent)>,
) -> Option<Change> {
    loop {
        let mut change = Change::default();
        let mut any = false;
        let (root, event) = rx.recv().await?;
        any |= classify(&root, &event, &mut change);
        loop {
            match tokio::time::timeout(QUIET, rx.recv()).await {
                Ok(Some((root, event))) => any |= classify(&root, &event, &mut change),
                Ok(None) => return None,
                Err(_) => break,
            }
        }
        if any {
            return Some(change);
        }
    }
}

/// Adds one event to `change`; false when it is irrelevant (build output,
/// version control, an editor's temporary file).
fn classify(root: &Path, event: &FileEvent, change: &mut Change) -> bool {
    let Ok(rel) = event.path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(top) = parts.next() else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#');
    if temporary || matches!(top.as_ref(), "target" | ".git" | "node_modules") {
        return false;
    }
    let relevant = match top.as_ref() {
        "src" if name.ends_with(".rs") => {
            change.rust = true;
            change.css = true;
            true
        }
        // A folder of pages renamed or removed changes the routes.
        "src" if event.added_or_removed => {
            change.rust = true;
            true
        }
        "public" if event.added_or_removed => {
            change.rust = true;
            true
        }
        "public" => {
            change.reload_only = true;
            true
        }
        "hyperox.toml" => {
            change.css = true;
            true
        }
        // Not `Cargo.lock`: cargo writes it as it builds (and a build
        // must not cancel itself); an edit of the manifest is the change.
        "Cargo.toml" | "build.rs" => {
            change.rust = true;
            true
        }
        _ => false,
    };
    // The change is named after the file the user edited: a source file
    // over an editor's or `sed -i`'s temporary one renamed over it.
    let is_rs = |p: &Path| p.extension().is_some_and(|e| e == "rs");
    if relevant && (change.first.as_os_str().is_empty() || (is_rs(rel) && !is_rs(&change.first))) {
        change.first = rel.to_owned();
    }
    relevant
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(paths: &[(&str, bool)]) -> Change {
        let root = Path::new("/app");
        let mut c = Change::default();
        for (p, added) in paths {
            classify(
                root,
                &FileEvent {
                    path: root.join(p),
                    added_or_removed: *added,
                },
                &mut c,
            );
        }
        c
    }

    #[test]
    fn each_kind_of_file_asks_for_its_own_work() {
        let c = change(&[("src/pages/index.rs", false)]);
        assert!(c.rust && c.css && !c.reload_only);
        let c = change(&[("hyperox.toml", false)]);
        assert!(!c.rust && c.css);
        let c = change(&[("public/logo.svg", false)]);
        assert!(!c.rust && c.reload_only);
        let c = change(&[("public/new.svg", true)]);
        assert!(c.rust, "a new public file is embedded by a build");
        let c = change(&[
            ("target/debug/app", false),
            ("src/.index.rs.swp", false),
            ("src/x.rs~", false),
        ]);
        assert!(!c.rust && !c.css && !c.reload_only);
        assert_eq!(
            change(&[("README.md", false), ("src/lib.rs", false)]).first,
            Path::new("src/lib.rs")
        );
    }

    #[test]
    fn cargo_writing_its_lock_file_is_no_change() {
        let c = change(&[("Cargo.lock", false), ("target/debug/.fingerprint/x", true)]);
        assert!(!c.rust && !c.css && !c.reload_only);
        let c = change(&[("Cargo.toml", false), ("Cargo.lock", false)]);
        assert!(c.rust);
        assert_eq!(c.first, Path::new("Cargo.toml"));
    }

    #[test]
    fn a_temporary_file_renamed_over_a_source_is_named_as_the_source() {
        // `sed -i` writes `sedXXXXXX` beside the file, then renames it.
        let c = change(&[
            ("src/pages/sedcwhGKE", true),
            ("src/pages/sedcwhGKE", true),
            ("src/pages/index.rs", true),
        ]);
        assert!(c.rust);
        assert_eq!(c.first, Path::new("src/pages/index.rs"));
        // An editor's swap file dance: only the source counts.
        let c = change(&[
            ("src/.foo.rs.swp", true),
            ("src/foo.rs", true),
            ("src/.foo.rs.swp", true),
        ]);
        assert!(c.rust);
        assert_eq!(c.first, Path::new("src/foo.rs"));
    }
}
