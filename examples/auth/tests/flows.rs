//! The example's flows over a real socket, as a browser without
//! JavaScript and as htmx: register, errors kept with what was typed
//! (never a password), log in (a new session id), the same answer for an
//! unknown address and a wrong password, throttling, return addresses
//! that stay in the app, the account page for its user only, a password
//! change that signs out the other sessions, log out everywhere.

use hyperox_testkit::ServedThread;
use hyperox_testkit::http::{Browser, Reply};
use std::net::SocketAddr;

const SESSION: &str = "hyperox_session";
const PASSWORD: &str = "correct horse battery";

/// The app on 127.0.0.1, its data in a folder of its own (removed after
/// the server has stopped).
struct Served {
    server: ServedThread,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for Served {
    type Target = ServedThread;
    fn deref(&self) -> &ServedThread {
        &self.server
    }
}

/// The app on SQLite.
fn serve() -> Served {
    serve_on(None)
}

/// The app on the PostgreSQL database at `database`, else on SQLite.
fn serve_on(database: Option<String>) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let config = hyperox::Config {
        env: hyperox::Env::Development,
        data_dir: dir.path().to_owned(),
        ..hyperox::Config::default()
    };
    let server = ServedThread::start(move |listener, stop| async move {
        let app = auth::app_with(&config, database.as_deref()).await.unwrap();
        app.serve_on(listener, stop).await
    });
    Served { server, _dir: dir }
}

/// A browser that has the page `path` open.
fn on(addr: SocketAddr, path: &str) -> Browser {
    let b = Browser::new(addr);
    assert_eq!(b.get(path).status, 200);
    b
}

/// A form posted by htmx from `page`.
fn hx_post(b: &Browser, page: &str, to: &str, fields: &[(&str, &str)]) -> Reply {
    let body = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{k}={}",
                v.replace(' ', "+").replace('@', "%40").replace('/', "%2F")
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    b.request(
        "POST",
        to,
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("hx-request", "true"),
            ("hx-current-url", &format!("http://127.0.0.1{page}")),
        ],
        Some(body.as_bytes()),
    )
}

fn register(b: &Browser, email: &str, name: &str) -> Reply {
    hx_post(
        b,
        "/register",
        "/_partials/auth/register",
        &[("email", email), ("name", name), ("password", PASSWORD)],
    )
}

fn login(b: &Browser, email: &str, password: &str, next: &str) -> Reply {
    hx_post(
        b,
        "/login",
        "/_partials/auth/login",
        &[("email", email), ("password", password), ("next", next)],
    )
}

#[test]
fn register_log_in_and_out_with_htmx() {
    register_log_in_and_out_with_htmx_on(serve());
}

fn register_log_in_and_out_with_htmx_on(server: Served) {
    let b = on(server.addr, "/register");
    // Errors come back in place, with what was typed but the password.
    let bad = hx_post(
        &b,
        "/register",
        "/_partials/auth/register",
        &[("email", "ada"), ("name", "Ada"), ("password", "short pw")],
    );
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Enter an email address"), "{}", bad.body);
    assert!(bad.body.contains("at least 12 characters"), "{}", bad.body);
    assert!(
        bad.body.contains(r#"value="ada""#),
        "the address typed is kept"
    );
    assert!(
        !bad.body.contains("short pw"),
        "a password is never sent back"
    );
    assert!(
        b.cookie(SESSION).is_none(),
        "no session for a visitor who did nothing"
    );
    // Registered: signed in, sent to the account page.
    let ok = register(&b, "Ada@Example.com ", "Ada");
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("hx-redirect"), Some("/account"));
    let first = b.cookie(SESSION).expect("a session once signed in");
    let account = b.get("/account");
    assert_eq!(account.status, 200);
    assert!(
        account
            .body
            .contains("Welcome, Ada: your account is ready.")
    );
    assert!(account.body.contains("ada@example.com"));
    // The same address again is refused.
    let other = on(server.addr, "/register");
    let again = register(&other, "ada@example.com", "Ada 2");
    assert_eq!(again.status, 422);
    // Out, and in again with a new session id.
    let out = hx_post(&b, "/account", "/_partials/auth/logout", &[]);
    assert_eq!(out.header("hx-redirect"), Some("/"));
    assert!(b.cookie(SESSION).is_none());
    assert_eq!(b.get("/account").status, 303, "signed out");
    b.get("/login");
    let back = login(&b, "ADA@example.com", PASSWORD, "/account");
    assert_eq!(
        back.header("hx-redirect"),
        Some("/account"),
        "{}",
        back.body
    );
    let second = b.cookie(SESSION).unwrap();
    assert_ne!(first, second, "a new id on every sign-in");
    assert!(
        b.cookie("hyperox_remember").is_none(),
        "not remembered unless asked"
    );
    let c = on(server.addr, "/login");
    let kept = hx_post(
        &c,
        "/login",
        "/_partials/auth/login",
        &[
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("remember", "on"),
        ],
    );
    assert_eq!(kept.header("hx-redirect"), Some("/account"));
    assert!(
        c.cookie("hyperox_remember").is_some(),
        "remembered when asked"
    );
    assert!(b.get("/account").body.contains("Welcome back, Ada."));
}

#[test]
fn the_same_answer_for_an_unknown_address_and_a_wrong_password() {
    the_same_answer_for_an_unknown_address_and_a_wrong_password_on(serve());
}

fn the_same_answer_for_an_unknown_address_and_a_wrong_password_on(server: Served) {
    let b = on(server.addr, "/register");
    register(&b, "ada@example.com", "Ada");
    let c = on(server.addr, "/login");
    let wrong = login(&c, "ada@example.com", "not the password", "/account");
    let unknown = login(&c, "bob@example.com", "not the password", "/account");
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, wrong.status);
    assert_eq!(
        unknown.body.replace("bob@example.com", "EMAIL"),
        wrong.body.replace("ada@example.com", "EMAIL"),
        "nothing tells the two apart"
    );
}

#[test]
fn failed_sign_ins_are_throttled() {
    failed_sign_ins_are_throttled_on(serve());
}

fn failed_sign_ins_are_throttled_on(server: Served) {
    let b = on(server.addr, "/register");
    register(&b, "ada@example.com", "Ada");
    let c = on(server.addr, "/login");
    for _ in 0..5 {
        assert_eq!(login(&c, "ada@example.com", "guess", "/").status, 422);
    }
    let stopped = login(&c, "ada@example.com", PASSWORD, "/");
    assert_eq!(stopped.status, 429, "even the right password waits");
    let wait: u64 = stopped.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=5).contains(&wait), "{wait}");
    assert!(
        stopped.body.contains("Too many failed sign-ins"),
        "{}",
        stopped.body
    );
    // Another account from this address is not held up yet.
    register(&on(server.addr, "/register"), "bob@example.com", "Bob");
    let d = on(server.addr, "/login");
    assert_eq!(
        login(&d, "bob@example.com", PASSWORD, "/").header("hx-redirect"),
        Some("/")
    );
}

#[test]
fn only_paths_of_the_app_are_returned_to() {
    only_paths_of_the_app_are_returned_to_on(serve());
}

fn only_paths_of_the_app_are_returned_to_on(server: Served) {
    register(&on(server.addr, "/register"), "ada@example.com", "Ada");
    for next in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let b = on(server.addr, "/login");
        let r = login(&b, "ada@example.com", PASSWORD, next);
        assert_eq!(r.header("hx-redirect"), Some("/account"), "{next}");
    }
    let b = on(server.addr, "/login");
    let r = login(&b, "ada@example.com", PASSWORD, "/account?tab=2");
    assert_eq!(r.header("hx-redirect"), Some("/account?tab=2"));
    // The account page sends others to log in, and back after.
    let anon = Browser::new(server.addr);
    let away = anon.get("/account");
    assert_eq!(away.status, 303);
    assert_eq!(away.header("location"), Some("/login?next=%2Faccount"));
    let page = anon.get("/login?next=%2F%2Fevil.example");
    assert!(
        page.body.contains(r#"name="next" value="/account""#),
        "{}",
        page.body
    );
}

#[test]
fn a_password_change_signs_out_the_other_sessions() {
    a_password_change_signs_out_the_other_sessions_on(serve());
}

fn a_password_change_signs_out_the_other_sessions_on(server: Served) {
    let laptop = on(server.addr, "/register");
    register(&laptop, "ada@example.com", "Ada");
    let phone = on(server.addr, "/login");
    login(&phone, "ada@example.com", PASSWORD, "/");
    assert_eq!(phone.get("/account").status, 200);
    let wrong = hx_post(
        &laptop,
        "/account",
        "/_partials/auth/password",
        &[
            ("current", "not it at all"),
            ("password", "a new long password"),
        ],
    );
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("current password is not right"));
    let changed = hx_post(
        &laptop,
        "/account",
        "/_partials/auth/password",
        &[("current", PASSWORD), ("password", "a new long password")],
    );
    assert_eq!(
        changed.header("hx-redirect"),
        Some("/account"),
        "{}",
        changed.body
    );
    let page = laptop.get("/account");
    assert_eq!(page.status, 200, "this browser stays signed in");
    assert!(
        page.body.contains("1 other session was signed out"),
        "{}",
        page.body
    );
    assert_eq!(phone.get("/account").status, 303, "the other is signed out");
    let c = on(server.addr, "/login");
    assert_eq!(login(&c, "ada@example.com", PASSWORD, "/").status, 422);
    assert_eq!(
        login(&c, "ada@example.com", "a new long password", "/").header("hx-redirect"),
        Some("/")
    );
    // Everywhere: every browser, this one too.
    hx_post(&c, "/account", "/_partials/auth/everywhere", &[]);
    assert_eq!(c.get("/account").status, 303);
    assert_eq!(laptop.get("/account").status, 303);
}

#[test]
fn every_form_works_without_javascript() {
    every_form_works_without_javascript_on(serve());
}

fn every_form_works_without_javascript_on(server: Served) {
    let b = on(server.addr, "/register");
    let referer = format!("http://{}/register", server.addr);
    // A refused form comes back to its page, with its errors in place.
    let bad = b.request(
        "POST",
        "/_partials/auth/register",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("referer", &referer),
        ],
        Some(b"email=ada%40example.com&name=&password=x"),
    );
    assert_eq!(bad.status, 303, "{}", bad.body);
    assert_eq!(bad.header("location"), Some("/register"));
    let page = b.get("/register");
    assert!(page.body.contains("Enter a name"), "{}", page.body);
    assert!(page.body.contains(r#"value="ada@example.com""#));
    // Registered: to the account page.
    let ok = b.post(
        "/_partials/auth/register",
        &[
            ("email", "ada@example.com"),
            ("name", "Ada"),
            ("password", PASSWORD),
        ],
    );
    assert_eq!(ok.status, 303);
    assert_eq!(ok.header("location"), Some("/account"));
    assert!(b.get("/account").body.contains("Ada"));
    let out = b.post("/_partials/auth/logout", &[]);
    assert_eq!(out.header("location"), Some("/"));
    assert_eq!(b.get("/account").status, 303);
}

/// Every flow again with users and sessions in a real PostgreSQL (one
/// cluster a flow, so that each starts empty).
#[test]
fn every_flow_on_postgres() {
    let flows: [fn(Served); 6] = [
        register_log_in_and_out_with_htmx_on,
        the_same_answer_for_an_unknown_address_and_a_wrong_password_on,
        failed_sign_ins_are_throttled_on,
        only_paths_of_the_app_are_returned_to_on,
        a_password_change_signs_out_the_other_sessions_on,
        every_form_works_without_javascript_on,
    ];
    std::thread::scope(|s| {
        for (i, flow) in flows.into_iter().enumerate() {
            s.spawn(move || {
                let pg = hyperox_testkit::PostgresServer::start(&format!("auth{i}"));
                flow(serve_on(Some(pg.url())));
            });
        }
    });
}
