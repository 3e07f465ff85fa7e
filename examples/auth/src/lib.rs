//! Sign-in with hyperox: register, log in and out, a profile page only
//! for its user, a password change that signs out every other session,
//! "log out everywhere", login throttling. Users and sessions in SQLite,
//! or in PostgreSQL with `DATABASE_URL`; sessions in Redis with
//! `HYPEROX_REDIS_URL` (feature `redis`).
//! Every form works with htmx and without JavaScript.

hyperox::routes!();

pub mod db;
pub mod views;

use hyperox::auth::{LoadUser, Throttle};
use hyperox::session::{SessionStore, Sessions, SqliteStore};
use std::sync::Arc;

/// What every request shares.
#[derive(Debug)]
pub struct State {
    /// The users.
    pub db: db::Db,
    /// The sessions (to sign a user out everywhere).
    pub sessions: Sessions,
    /// Failed sign-ins per account.
    pub per_account: Throttle,
    /// Failed sign-ins per client address.
    pub per_client: Throttle,
}

/// The signed-in user, as pages read it (`SignedIn<Me>`).
#[derive(Debug, Clone)]
pub struct Me(pub db::User);

impl LoadUser<State> for Me {
    async fn load(state: &State, id: &str) -> Result<Option<Self>, hyperox::Rejection> {
        let Ok(id) = id.parse() else {
            return Ok(None);
        };
        Ok(state.db.by_id(id).await?.map(|(user, _)| Me(user)))
    }
}

/// The shortest password taken (OWASP: at least 8, and longer is better
/// without a second factor).
pub const MIN_PASSWORD: usize = 12;
/// The longest (argon2 takes any length; this keeps a request small).
pub const MAX_PASSWORD: usize = 128;

/// What is wrong with a new password, if anything.
pub fn password_problem(password: &str) -> Option<String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        Some(format!("Use at least {MIN_PASSWORD} characters."))
    } else if n > MAX_PASSWORD {
        Some(format!("Use at most {MAX_PASSWORD} characters."))
    } else {
        None
    }
}

/// An address as stored: trimmed, lower-case; `None` when it is not one.
pub fn normal_email(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    (!local.is_empty()
        && domain.contains('.')
        && email.len() <= 254
        && !email.contains(char::is_whitespace))
    .then_some(email)
}

/// The app: users and sessions in the PostgreSQL database of
/// `DATABASE_URL`, else in `HYPEROX_DATA_DIR/auth.db`; sessions in Redis
/// when `HYPEROX_REDIS_URL` names one.
///
/// # Errors
///
/// A database or Redis that cannot be opened, or a route that does not
/// register.
pub async fn app(
    config: &hyperox::Config,
) -> Result<hyperox::App<State>, Box<dyn std::error::Error>> {
    app_with(config, std::env::var("DATABASE_URL").ok().as_deref()).await
}

/// The app with its users (and sessions) in the PostgreSQL database at
/// `database_url`, if given, else in SQLite; sessions in Redis when the
/// configuration names one.
///
/// # Errors
///
/// As [`app`].
pub async fn app_with(
    config: &hyperox::Config,
    database_url: Option<&str>,
) -> Result<hyperox::App<State>, Box<dyn std::error::Error>> {
    let (db, store): (db::Db, Arc<dyn SessionStore>) = match database_url {
        Some(url) => (
            db::Db::postgres(url)
                .await
                .map_err(|e| format!("DATABASE_URL: {e}"))?,
            Arc::new(hyperox::session::PostgresStore::connect(url).await?),
        ),
        None => {
            std::fs::create_dir_all(&config.data_dir)?;
            let path = config.data_dir.join("auth.db");
            (db::Db::open(&path)?, Arc::new(SqliteStore::open(&path)?))
        }
    };
    #[cfg(feature = "redis")]
    let store: Arc<dyn SessionStore> = match config.redis_url.as_deref() {
        Some(url) => Arc::new(hyperox::session::RedisStore::connect(url, "auth").await?),
        None => store,
    };
    let sessions = Sessions::with_store(store.clone());
    let state = State {
        db,
        sessions: sessions.clone(),
        per_account: Throttle::new(store.clone(), 5),
        per_client: Throttle::new(store, 20),
    };
    let mut app = hyperox::App::new(state);
    app.set_config(config.clone());
    app.sessions(sessions);
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}
