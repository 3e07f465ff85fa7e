//! The conventions on fixture apps: nested folders, dynamic segments, a
//! catch-all, partials, and the errors that fail a build.

use hyperox_build::routes::scan;
use hyperox_build::{Build, BuildError};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn rel(file: &Path, root: &str) -> String {
    file.strip_prefix(fixture(root))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn pages_follow_their_paths() {
    let t = scan(&fixture("app/src")).unwrap();
    let pages: Vec<(String, &str)> = t
        .pages
        .iter()
        .map(|p| (rel(&p.file, "app/src/pages"), p.pattern.as_str()))
        .collect();
    assert_eq!(
        pages,
        [
            ("about.rs".to_owned(), "/about"),
            ("docs/[...path].rs".to_owned(), "/docs/:*"),
            ("index.rs".to_owned(), "/"),
            (
                "users/[id]/posts/[post].rs".to_owned(),
                "/users/:id/posts/:post"
            ),
            ("users/[id].rs".to_owned(), "/users/:id"),
            ("users.rs".to_owned(), "/users"),
        ]
    );
}

#[test]
fn partials_get_stable_urls_and_their_methods() {
    let t = scan(&fixture("app/src")).unwrap();
    let partials: Vec<(String, &str, &str, String)> = t
        .partials
        .iter()
        .map(|p| {
            (
                rel(&p.file, "app/src/partials"),
                p.function.as_str(),
                p.pattern.as_str(),
                p.methods.join(","),
            )
        })
        .collect();
    assert_eq!(
        partials,
        [
            (
                "counter.rs".to_owned(),
                "increment",
                "/_partials/counter/increment",
                "POST".to_owned()
            ),
            (
                "counter.rs".to_owned(),
                "show",
                "/_partials/counter/show",
                "GET,POST".to_owned()
            ),
            (
                "users/[id].rs".to_owned(),
                "card",
                "/_partials/users/:id/card",
                "GET".to_owned()
            ),
        ]
    );
}

#[test]
fn the_generated_code_declares_modules_urls_routes_and_assets() {
    let out = tempfile::tempdir().unwrap();
    Build::at(fixture("app"), out.path())
        .state("crate::State")
        .css(false)
        .run()
        .unwrap();
    let code = std::fs::read_to_string(out.path().join("hyperox_routes.rs")).unwrap();
    for want in [
        "pub mod users {",
        "pub mod by_id;",
        "pub mod all_path;",
        // `users.rs` beside the `users/` folder gets a module of its own.
        "pub mod users_rs;",
        "pub const INCREMENT: ::hyperox::RouteRef = ::hyperox::RouteRef::new(\"POST\", \"/_partials/counter/increment\");",
        "pub const SHOW: ::hyperox::RouteRef = ::hyperox::RouteRef::new(\"GET,POST\", \"/_partials/counter/show\");",
        "pub const BY_POST: ::hyperox::RouteRef = ::hyperox::RouteRef::new(\"GET\", \"/users/:id/posts/:post\");",
        "pub fn routes(app: &mut ::hyperox::App<crate::State>)",
        "app.page(self::urls::pages::users::by_id::posts::BY_POST, self::pages::users::by_id::posts::by_post::page)?;",
        // A file beside a folder of the same name: its own module, the
        // constant still named after it.
        "app.page(self::urls::pages::users::BY_ID, self::pages::users::by_id_rs::page)?;",
        "app.page(self::urls::pages::USERS, self::pages::users_rs::page)?;",
        "app.partial(self::urls::partials::counter::INCREMENT, self::partials::counter::increment)?;",
        "pub static APP_CSS: ::hyperox::assets::Asset",
        "pub static IMG_LOGO_PNG: ::hyperox::assets::Asset",
        "url: \"/assets/img/logo.",
    ] {
        assert!(code.contains(want), "missing {want:?} in\n{code}");
    }
    assert!(!code.contains("not_a_partial"));

    // Running again with nothing changed leaves the file alone.
    let before = std::fs::metadata(out.path().join("hyperox_routes.rs"))
        .unwrap()
        .modified()
        .unwrap();
    Build::at(fixture("app"), out.path())
        .state("crate::State")
        .css(false)
        .run()
        .unwrap();
    let after = std::fs::metadata(out.path().join("hyperox_routes.rs"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

fn build_error(name: &str) -> String {
    let out = tempfile::tempdir().unwrap();
    let err = Build::at(fixture(name), out.path())
        .css(false)
        .run()
        .unwrap_err();
    assert!(
        !out.path().join("hyperox_routes.rs").exists(),
        "nothing is written on error"
    );
    err.to_string()
}

#[test]
fn conflicts_fail_the_build_naming_both_files() {
    let msg = build_error("conflict");
    assert!(msg.starts_with("route conflict:"), "{msg}");
    assert!(
        msg.contains("pages/about.rs`") && msg.contains("pages/about/index.rs`"),
        "{msg}"
    );
    assert!(msg.contains("`/about`"), "{msg}");

    let msg = build_error("conflict-params");
    assert!(
        msg.contains("users/[id].rs") && msg.contains("users/[name].rs"),
        "{msg}"
    );
}

#[test]
fn malformed_files_fail_the_build_naming_the_file() {
    let msg = build_error("bad-catch-all");
    assert!(
        msg.contains("docs/[...path]/edit.rs") && msg.contains("catch-all"),
        "{msg}"
    );
    let msg = build_error("no-page-fn");
    assert!(
        msg.contains("pages/index.rs") && msg.contains("pub async fn page"),
        "{msg}"
    );
    assert!(matches!(
        Build::at(fixture("no-page-fn"), tempfile::tempdir().unwrap().path()).run(),
        Err(BuildError::Malformed { .. })
    ));
}
