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
        "pub fn increment() -> ::hyperox::Link {",
        ".text(\"/_partials/counter/increment\").finish(::hyperox::http::Method::POST)",
        "pub fn show() -> ::hyperox::Link {",
        // Params in route order; a `String` param is linked with `&str`,
        // one the handler reads by hand with any `Display`.
        "pub fn card(id: crate::partials::users::by_id::__hyperox_card_id) -> ::hyperox::Link",
        "pub fn by_post(id: impl ::std::fmt::Display, post: &str) -> ::hyperox::Link {",
        ".text(\"/users/\").segment(&id).text(\"/posts/\").segment(&post).finish(",
        ".text(\"/docs/\").rest(&path).finish(",
        "pub type Cx<'a> = ::hyperox::Cx<'a, crate::State>;",
        "pub type Next<'a> = ::hyperox::Next<'a, crate::State>;",
        "pub use super::{Cx, Next, urls};",
        "pub fn routes(app: &mut ::hyperox::App<crate::State>)",
        "app.page(\"/users/:id/posts/:post\", crate::pages::users::by_id::posts::by_post::__hyperox_route_page)?;",
        // A file beside a folder of the same name: its own module, the
        // link still named after it.
        "app.page(\"/users/:id\", crate::pages::users::by_id_rs::__hyperox_route_page)?;",
        "pub fn by_id(id: crate::pages::users::by_id_rs::__hyperox_page_id) -> ::hyperox::Link",
        "app.page(\"/users\", crate::pages::users_rs::__hyperox_route_page)?;",
        "pub fn users() -> ::hyperox::Link",
        "app.route(::hyperox::http::Method::POST, \"/_partials/counter/increment\", crate::partials::counter::__hyperox_route_increment)?;",
        "app.route(::hyperox::http::Method::GET, \"/_partials/counter/show\", crate::partials::counter::__hyperox_route_show)?;",
        "app.route(::hyperox::http::Method::POST, \"/_partials/counter/show\", crate::partials::counter::__hyperox_route_show)?;",
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
    let msg = build_error("unmarked-page");
    assert!(
        msg.contains("pages/index.rs") && msg.contains("needs `#[page]`"),
        "{msg}"
    );
    assert!(matches!(
        Build::at(fixture("no-page-fn"), tempfile::tempdir().unwrap().path()).run(),
        Err(BuildError::Malformed { .. })
    ));
}

#[test]
fn a_param_the_path_does_not_have_fails_the_build_naming_both() {
    let msg = build_error("bad-param");
    assert!(msg.contains("partials/users/[id].rs"), "{msg}");
    assert!(
        msg.contains("`rename` takes the path param `user`")
            && msg.contains("`/_partials/users/:id/rename` has only `id`"),
        "{msg}"
    );
}
