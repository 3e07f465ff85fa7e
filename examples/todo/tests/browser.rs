//! Debian's Chromium, driven by playwright-core, against the todo app on
//! a real socket: `tests/browser/todo.mjs` adds, edits, toggles, filters,
//! deletes, clears and reloads; `tests/browser/ux.mjs` walks it on a slow
//! network, by keyboard, at phone width and without JavaScript, and saves
//! screenshots to `target/screenshots`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in `tests/browser`
//! (`scripts/test.sh` installs both).

use hyperox::{Config, Env};
use std::path::Path;
use std::process::Command;
use todo::db::{Db, Filter};
use tokio::net::TcpListener;

/// Runs `script` (in `tests/browser`) with Node against a fresh todo app
/// on a real socket, its database in `db_path`; what it printed.
async fn run_script(script: &'static str, db_path: &Path) -> String {
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
    let db = Db::open(db_path).unwrap();
    let mut app = todo::app(db).unwrap();
    app.set_config(Config {
        env: Env::Production,
        ..Config::default()
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.serve_on(listener, async {
        let _ = stopped.await;
    }));
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(&url)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/screenshots"
            ))
            .current_dir(dir)
            .output()
            .expect("node runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success(), "{script} failed:\n{stdout}\n{stderr}");
    assert!(stdout.starts_with("ok: "), "{stdout}");
    let _ = stop.send(());
    server.await.unwrap().unwrap();
    stdout
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_todo_app_in_chromium() {
    let data = tempfile::tempdir().unwrap();
    let db_path = data.path().join("todo.db");
    run_script("todo.mjs", &db_path).await;

    // What the browser left is in the database file.
    let db = Db::open(&db_path).unwrap();
    let titles: Vec<String> = db
        .list(Filter::All)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    assert_eq!(titles, ["Persist me"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_todo_app_on_a_slow_network_by_keyboard_at_phone_width_and_without_javascript() {
    let data = tempfile::tempdir().unwrap();
    let db_path = data.path().join("todo.db");
    run_script("ux.mjs", &db_path).await;

    // Exactly what the page showed last is in the database.
    let db = Db::open(&db_path).unwrap();
    let todos = db.list(Filter::All).await.unwrap();
    let titles: Vec<(&str, bool)> = todos.iter().map(|t| (t.title.as_str(), t.done)).collect();
    let word = "x".repeat(200);
    assert_eq!(
        titles,
        [
            ("Buy milk", true),
            ("Water the plants", true),
            (word.as_str(), false)
        ]
    );
}
