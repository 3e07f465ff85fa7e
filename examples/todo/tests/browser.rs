//! Debian's Chromium, driven by playwright-core, against the todo app on
//! a real socket: `browser/todo.mjs` adds, edits, toggles, filters,
//! deletes, clears and reloads; `browser/ux.mjs` walks it on a slow
//! network, by keyboard, at phone width and without JavaScript, and saves
//! screenshots to `target/screenshots`.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in the workspace's `browser/`
//! (`scripts/test.sh` installs both).

mod common;

use hyperox::{Config, Env};
#[cfg(feature = "redis")]
use hyperox_testkit::RedisServer;
use std::path::Path;
use todo::db::{Db, Filter};

/// Runs `script` (in the workspace's `browser/`) with Node against a fresh todo app
/// on a real socket, its database in `db_path`; what it printed.
async fn run_script(script: &'static str, db_path: &Path) -> String {
    run_script_with(script, db_path, 1).await
}

/// Runs `script` against `instances` todo apps on one database (with
/// more than one, sharing a Redis broker); their URLs are its arguments
/// (after which comes the screenshot folder).
async fn run_script_with(script: &'static str, db_path: &Path, instances: usize) -> String {
    let mut urls = Vec::new();
    let mut servers = Vec::new();
    #[cfg(feature = "redis")]
    let redis = (instances > 1).then(RedisServer::start);
    for _ in 0..instances {
        let db = Db::open(db_path).unwrap();
        let hub = match instances {
            1 => hyperox_ws::Hub::new(hyperox_ws::HubConfig::default()),
            #[cfg(feature = "redis")]
            _ => {
                let url = redis.as_ref().unwrap().url();
                let broker =
                    hyperox_ws::RedisBroker::connect(hyperox_ws::RedisBrokerConfig::new(url))
                        .await
                        .unwrap();
                hyperox_ws::Hub::with_broker(hyperox_ws::HubConfig::default(), broker)
            }
            #[cfg(not(feature = "redis"))]
            _ => panic!("several instances need the redis feature"),
        };
        let mut app = todo::app_with(db, hub).unwrap();
        app.set_config(Config {
            env: Env::Production,
            // Instances share the key, so a page from one posts to another.
            secret: Some("the todo browser test key, thirty-two or more".into()),
            ..Config::default()
        });
        let served =
            hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
        urls.push(served.url());
        servers.push(served);
    }
    urls.push(
        hyperox_testkit::browser::screenshots()
            .display()
            .to_string(),
    );
    let stdout = hyperox_testkit::browser::run_async(script, urls).await;
    assert!(stdout.starts_with("ok: "), "{stdout}");
    for served in servers {
        served.stop().await;
    }
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_users_see_each_others_changes_without_a_reload() {
    let data = tempfile::tempdir().unwrap();
    let db_path = data.path().join("todo.db");
    let out = run_script_with("two-users.mjs", &db_path, 1).await;
    assert!(out.contains("one instance"), "{out}");
}

#[cfg(feature = "redis")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_users_on_two_instances_see_each_others_changes() {
    let data = tempfile::tempdir().unwrap();
    let db_path = data.path().join("todo.db");
    let out = run_script_with("two-users.mjs", &db_path, 2).await;
    assert!(out.contains("two instances"), "{out}");
}
