//! Sessions on a real socket, on every store (memory; SQLite with
//! `session-sqlite`; a real `redis-server` with `session-redis`):
//! fixation, stolen cookies after sign-out, idle and absolute expiry on
//! a controlled clock, 100 concurrent writes of one session, signing out
//! everywhere, flash messages, and a store outage answered 503.

#![cfg(feature = "session")]

use hyperox::Partial;
use hyperox::http;
use hyperox::session::{MemoryStore, SessionStore, Sessions};
use hyperox::{App, Config, Env};
use hyperox_testkit::ServedThread;
use hyperox_testkit::http::Browser;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const IDLE: u64 = 600;
const ABSOLUTE: u64 = 3600;
const COOKIE: &str = "hyperox_session";

#[derive(serde::Deserialize)]
struct Pair {
    key: String,
    #[serde(default)]
    value: String,
}

type Cx<'a> = hyperox::Cx<'a, Sessions>;

/// A page: it gives the browser its CSRF token.
async fn home(cx: Cx<'_>) -> Partial {
    Partial::new(cx.csrf_token().to_owned())
}

async fn me(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let s = cx.session().await?;
    Ok(Partial::new(s.user().unwrap_or("-").to_owned()))
}

async fn read(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let key = cx.param("key").unwrap_or_default().to_owned();
    let s = cx.session().await?;
    Ok(Partial::new(s.get::<String>(&key).unwrap_or_default()))
}

async fn keys(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let s = cx.session().await?;
    let n = (0..100)
        .filter(|i| s.get::<String>(&format!("k{i}")).is_some())
        .count();
    Ok(Partial::new(n.to_string()))
}

async fn write(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let p: Pair = cx.form().await?;
    cx.session().await?.insert(&p.key, &p.value);
    Ok(Partial::empty())
}

async fn login(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let p: Pair = cx.form().await?;
    let s = cx.session().await?;
    s.sign_in(&p.key);
    s.flash(format!("Signed in as {}.", p.key));
    Ok(Partial::empty())
}

/// Signs in, remembered.
async fn login_remembered(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let p: Pair = cx.form().await?;
    let s = cx.session().await?;
    s.sign_in(&p.key);
    s.remember();
    Ok(Partial::empty())
}

/// Signs in and shows the page's token, rendered before the new id.
async fn login_page(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let p: Pair = cx.form().await?;
    let before = cx.csrf_token().to_owned();
    cx.session().await?.sign_in(&p.key);
    Ok(Partial::new(before))
}

async fn logout(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    cx.session().await?.sign_out();
    Ok(Partial::empty())
}

async fn flash(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let list = cx.session().await?.take_flash();
    Ok(Partial::new(list.join("|")))
}

/// "Log out everywhere": every session of the signed-in user.
async fn everywhere(mut cx: Cx<'_>) -> hyperox::Result<Partial> {
    let user = cx.session().await?.user().map(str::to_owned);
    let n = match user {
        Some(u) => cx
            .state()
            .sign_out_everywhere(&u)
            .await
            .map_err(|e| hyperox::Rejection::unavailable(e.to_string(), 1))?,
        None => 0,
    };
    Ok(Partial::new(n.to_string()))
}

/// The app under test, keeping `sessions` (its state too, for signing
/// out everywhere).
fn app(sessions: Sessions) -> App<Sessions> {
    let mut app = App::new(sessions.clone());
    app.set_config(Config {
        env: Env::Development,
        ..Config::default()
    });
    app.sessions(sessions);
    app.page("/", home).unwrap();
    app.page("/me", me).unwrap();
    app.page("/read/:key", read).unwrap();
    app.page("/keys", keys).unwrap();
    app.page("/flash", flash).unwrap();
    app.route(http::Method::POST, "/write", write).unwrap();
    app.route(http::Method::POST, "/login", login).unwrap();
    app.route(http::Method::POST, "/logout", logout).unwrap();
    app.route(http::Method::POST, "/remember", login_remembered)
        .unwrap();
    app.route(http::Method::POST, "/login-page", login_page)
        .unwrap();
    app.route(http::Method::POST, "/everywhere", everywhere)
        .unwrap();
    app
}

/// Which store a test runs on.
#[derive(Clone)]
enum Kind {
    Memory(Arc<MemoryStore>),
    #[cfg(feature = "session-sqlite")]
    Sqlite(std::path::PathBuf),
    #[cfg(feature = "session-redis")]
    Redis(String),
    #[cfg(feature = "session-postgres")]
    Postgres(String),
}

/// Serves the test app with sessions of `kind` on `clock`.
fn serve(kind: Kind, clock: Arc<AtomicU64>) -> ServedThread {
    ServedThread::start(move |listener, stop| async move {
        let store: Arc<dyn SessionStore> = match kind {
            Kind::Memory(store) => store,
            #[cfg(feature = "session-sqlite")]
            Kind::Sqlite(path) => Arc::new(hyperox::session::SqliteStore::open(path).unwrap()),
            #[cfg(feature = "session-postgres")]
            Kind::Postgres(url) => Arc::new(
                hyperox::session::PostgresStore::connect(&url)
                    .await
                    .unwrap(),
            ),
            #[cfg(feature = "session-redis")]
            Kind::Redis(url) => Arc::new(
                hyperox::session::RedisStore::connect(&url, "test")
                    .await
                    .unwrap(),
            ),
        };
        let sessions = Sessions::with_store(store)
            .idle(Duration::from_secs(IDLE))
            .absolute(Duration::from_secs(ABSOLUTE))
            .clock(move || clock.load(Ordering::SeqCst));
        app(sessions).serve_on(listener, stop).await
    })
}

/// The wall clock, seconds.
fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A browser that has loaded a page (and so holds a CSRF token).
fn browser(addr: SocketAddr) -> Browser {
    let b = Browser::new(addr);
    assert_eq!(b.get("/").status, 200);
    b
}

/// The checks every store passes.
fn every_check(kind: &Kind) {
    remember_me(kind);
    csrf_bound_to_the_session(kind);
    fixation_and_stolen_cookies(kind);
    expiry(kind);
    concurrent_writes(kind);
    everywhere_and_flash(kind);
}

fn csrf_bound_to_the_session(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock);
    let victim = browser(server.addr);
    assert_eq!(victim.post("/login", &[("key", "ada")]).status, 200);
    // The token the victim's page shows is the session's.
    let own = victim.get("/").body;
    assert!(own.starts_with("s."), "a session's token: {own}");
    assert_eq!(
        victim
            .post("/write", &[("key", "a"), ("value", "1")])
            .status,
        200
    );
    // An attacker takes a valid token (and its cookie) from the app and
    // plants both in the victim's browser (no Origin, no Sec-Fetch-Site).
    let attacker = browser(server.addr);
    let theirs = attacker.get("/").body;
    let cookie = attacker.cookie("hyperox_csrf").unwrap();
    victim.set_cookie("hyperox_csrf", &cookie);
    let forged = victim.request(
        "POST",
        "/write",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-csrf-token", theirs.as_str()),
        ],
        Some(b"key=a&value=2"),
    );
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert_eq!(victim.get("/read/a").body, "1", "nothing written");
    // The attacker's own session's token does not pass either.
    attacker.post("/login", &[("key", "mallory")]);
    let session_token = attacker.get("/").body;
    let forged = victim.request(
        "POST",
        "/write",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-csrf-token", session_token.as_str()),
        ],
        Some(b"key=a&value=3"),
    );
    assert_eq!(forged.status, 403, "{}", forged.body);
    // A page answered with the sign-in holds the new session's token, in
    // its body as in the header.
    let other = browser(server.addr);
    let page = other.post("/login-page", &[("key", "eve")]);
    let token = page.header("x-csrf-token").unwrap();
    assert!(token.starts_with("s."));
    assert_eq!(
        page.body, token,
        "the token rendered before sign-in is replaced"
    );
    assert_eq!(
        other.post("/write", &[("key", "a"), ("value", "1")]).status,
        200
    );
    // After signing out, the page gets a token of its own again.
    assert_eq!(victim.post("/logout", &[]).status, 200);
    assert_eq!(
        victim
            .post("/write", &[("key", "b"), ("value", "1")])
            .status,
        200
    );
}

const REMEMBER: &str = "hyperox_remember";

fn remember_me(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock.clone());
    // Signed in, remembered; a copy of the cookies taken now.
    let b = browser(server.addr);
    b.post("/remember", &[("key", "ada")]);
    let first = b.cookie(REMEMBER).expect("a remember-me cookie");
    let thief = b.copy();
    // The session ends; the token signs the user in again, once, and is
    // replaced.
    clock.fetch_add(IDLE + 5, Ordering::SeqCst);
    assert_eq!(b.get("/me").body, "ada", "signed in again by the token");
    let second = b.cookie(REMEMBER).unwrap();
    assert_ne!(first, second, "a used token is replaced");
    assert_eq!(b.get("/me").body, "ada");
    // The old token used again after its minute of grace: a stolen copy.
    // Every session and token of the user is forgotten.
    clock.fetch_add(61, Ordering::SeqCst);
    assert_eq!(thief.get("/me").body, "-", "a reused token signs nobody in");
    assert_eq!(b.get("/me").body, "-", "the user is signed out everywhere");
    assert!(b.cookie(REMEMBER).is_none(), "and the token removed");
    // Within its grace, the token just replaced still signs in (two
    // requests of one page load at once).
    let b = browser(server.addr);
    b.post("/remember", &[("key", "bob")]);
    let at_once = b.copy();
    clock.fetch_add(IDLE + 5, Ordering::SeqCst);
    assert_eq!(b.get("/me").body, "bob");
    assert_eq!(
        at_once.get("/me").body,
        "bob",
        "the same page's other request"
    );
    // Signing out forgets the token.
    let b = browser(server.addr);
    b.post("/remember", &[("key", "eve")]);
    let copy = b.copy();
    b.post("/logout", &[]);
    assert!(b.cookie(REMEMBER).is_none());
    clock.fetch_add(IDLE + 5, Ordering::SeqCst);
    assert_eq!(
        copy.get("/me").body,
        "-",
        "a token of a signed-out session is void"
    );
    // A token of the right shape the app never made signs nobody in.
    let b = browser(server.addr);
    b.set_cookie(REMEMBER, &format!("{}.{}", "a".repeat(32), "b".repeat(64)));
    assert_eq!(b.get("/me").body, "-");
    assert!(b.cookie(REMEMBER).is_none(), "and is removed");
}

fn fixation_and_stolen_cookies(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock);
    let b = browser(server.addr);
    // A visitor who only reads has no session.
    assert!(b.cookie(COOKIE).is_none(), "no session without a write");
    // A planted id is not adopted: signing in makes a new one.
    let planted = "ab".repeat(32);
    b.set_cookie(COOKIE, &planted);
    // The page, loaded again, holds the token of the id it was sent.
    b.set_token(&b.get("/").body);
    assert_eq!(
        b.post("/write", &[("key", "theme"), ("value", "dark")])
            .status,
        200
    );
    let before = b.cookie(COOKIE).expect("a session once written");
    assert_ne!(before, planted, "an unknown id is replaced, never stored");
    let thief_before = b.copy();
    assert_eq!(b.post("/login", &[("key", "ada")]).status, 200);
    let after = b.cookie(COOKIE).unwrap();
    assert_ne!(after, before, "a new id on sign-in");
    assert_eq!(b.get("/me").body, "ada");
    assert_eq!(
        b.get("/read/theme").body,
        "dark",
        "values kept across the new id"
    );
    assert_eq!(
        thief_before.get("/me").body,
        "-",
        "the id before sign-in signs nobody in"
    );
    let thief_after = b.copy();
    assert_eq!(thief_after.get("/me").body, "ada");
    assert_eq!(b.post("/logout", &[]).status, 200);
    assert!(
        b.cookie(COOKIE).is_none(),
        "the cookie is removed on sign-out"
    );
    assert_eq!(b.get("/me").body, "-");
    assert_eq!(
        thief_after.get("/me").body,
        "-",
        "a cookie taken before sign-out is refused after it"
    );
}

fn expiry(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock.clone());
    // Idle: a session not used for longer than the idle limit ends.
    let b = browser(server.addr);
    b.post("/login", &[("key", "ada")]);
    clock.fetch_add(IDLE - 5, Ordering::SeqCst);
    assert_eq!(b.get("/me").body, "ada", "used within the idle limit");
    clock.fetch_add(IDLE + 5, Ordering::SeqCst);
    assert_eq!(b.get("/me").body, "-", "idle too long");
    // Absolute: a session used all the time still ends.
    let b = browser(server.addr);
    b.post("/login", &[("key", "bob")]);
    let mut used = 0;
    while used + IDLE / 2 < ABSOLUTE {
        clock.fetch_add(IDLE / 2, Ordering::SeqCst);
        used += IDLE / 2;
        assert_eq!(b.get("/me").body, "bob", "in use after {used} s");
    }
    clock.fetch_add(IDLE / 2 + 1, Ordering::SeqCst);
    assert_eq!(b.get("/me").body, "-", "past the absolute limit");
}

fn concurrent_writes(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock);
    let b = browser(server.addr);
    b.post("/write", &[("key", "start"), ("value", "1")]);
    let id = b.cookie(COOKIE).unwrap();
    // 100 requests of one session at once, each writing its own key.
    std::thread::scope(|s| {
        for i in 0..100 {
            let b = &b;
            s.spawn(move || {
                let key = format!("k{i}");
                let r = b.post("/write", &[("key", key.as_str()), ("value", "x")]);
                assert_eq!(r.status, 200, "{}", r.body);
            });
        }
    });
    assert_eq!(b.get("/keys").body, "100", "no write lost");
    assert_eq!(b.cookie(COOKIE).unwrap(), id, "one session throughout");
    // The same key from 20 requests at once: the last to finish wins,
    // and it is one of the values written.
    std::thread::scope(|s| {
        for i in 0..20 {
            let b = &b;
            s.spawn(move || {
                let value = format!("v{i}");
                b.post("/write", &[("key", "same"), ("value", value.as_str())]);
            });
        }
    });
    let last = b.get("/read/same").body;
    assert!(
        (0..20).any(|i| last == format!("v{i}")),
        "one of the values written: {last:?}"
    );
}

fn everywhere_and_flash(kind: &Kind) {
    let clock = Arc::new(AtomicU64::new(now()));
    let server = serve(kind.clone(), clock);
    let laptop = browser(server.addr);
    let phone = browser(server.addr);
    let other = browser(server.addr);
    for (b, who) in [(&laptop, "ada"), (&phone, "ada"), (&other, "bob")] {
        b.post("/login", &[("key", who)]);
        assert_eq!(b.get("/flash").body, format!("Signed in as {who}."));
        assert_eq!(b.get("/flash").body, "", "a flash is shown once");
    }
    assert_eq!(laptop.post("/everywhere", &[]).body, "2");
    assert_eq!(laptop.get("/me").body, "-");
    assert_eq!(phone.get("/me").body, "-", "signed out on every device");
    assert_eq!(other.get("/me").body, "bob", "other users stay signed in");
}

#[test]
fn sessions_in_memory() {
    let store = Arc::new(MemoryStore::new());
    every_check(&Kind::Memory(store.clone()));
    // A visitor who never writes leaves nothing in the store.
    let fresh = Arc::new(MemoryStore::new());
    let server = serve(Kind::Memory(fresh.clone()), Arc::new(AtomicU64::new(now())));
    let b = browser(server.addr);
    for _ in 0..5 {
        assert_eq!(b.get("/me").body, "-");
    }
    assert!(fresh.is_empty(), "no row for a visitor who never wrote");
}

#[cfg(feature = "session-sqlite")]
#[test]
fn sessions_in_sqlite() {
    let dir = std::env::temp_dir().join(format!("hyperox-session-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    every_check(&Kind::Sqlite(dir.join("sessions.db")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "session-redis")]
#[test]
fn sessions_in_redis_and_an_outage_answers_503() {
    let mut redis = hyperox_testkit::RedisServer::start();
    let kind = Kind::Redis(redis.url());
    every_check(&kind);
    let server = serve(kind, Arc::new(AtomicU64::new(now())));
    let b = browser(server.addr);
    b.post("/login", &[("key", "ada")]);
    assert_eq!(b.get("/me").body, "ada");
    redis.stop();
    let r = b.get("/me");
    assert_eq!(r.status, 503, "a store that is down: {}", r.body);
    assert_ne!(r.body, "-", "never answered as signed out");
    let w = b.post("/write", &[("key", "a"), ("value", "b")]);
    assert_eq!(
        w.status, 503,
        "a write that cannot be kept is shown as failed"
    );
    redis.restart();
    // Served again once Redis is back (this one keeps nothing on disk:
    // the session went with it, so the browser is signed out, and
    // nobody else).
    let mut last = None;
    for _ in 0..50 {
        let r = b.get("/me");
        if r.status == 200 {
            last = Some(r.body);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(
        last.as_deref(),
        Some("-"),
        "served again once Redis is back"
    );
}

#[cfg(feature = "session-postgres")]
#[test]
fn sessions_in_postgres_and_an_outage_answers_503() {
    let mut pg = hyperox_testkit::PostgresServer::start("sessions");
    let kind = Kind::Postgres(pg.url());
    every_check(&kind);
    let server = serve(kind, Arc::new(AtomicU64::new(now())));
    let b = browser(server.addr);
    b.post("/login", &[("key", "ada")]);
    assert_eq!(b.get("/me").body, "ada");
    pg.stop();
    let r = b.get("/me");
    assert_eq!(r.status, 503, "a store that is down: {}", r.body);
    let w = b.post("/write", &[("key", "a"), ("value", "b")]);
    assert_eq!(
        w.status, 503,
        "a write that cannot be kept is shown as failed"
    );
    pg.restart();
    // The data outlives the restart: the same session, signed in.
    let mut last = None;
    for _ in 0..100 {
        let r = b.get("/me");
        if r.status == 200 {
            last = Some(r.body);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(last.as_deref(), Some("ada"), "the session is there again");
}
