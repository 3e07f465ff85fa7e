//! What the browser tests share.

use std::path::{Path, PathBuf};

/// The folder of the browser scripts, after checking that Chromium and
/// playwright-core are there (`scripts/test.sh` installs both).
pub(crate) fn browser_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "Chromium is missing: `apt-get install chromium` (scripts/test.sh does it)"
    );
    assert!(
        dir.join("node_modules/playwright-core").exists(),
        "playwright-core is missing: `npm ci` in {} (scripts/test.sh does it)",
        dir.display()
    );
    dir
}
