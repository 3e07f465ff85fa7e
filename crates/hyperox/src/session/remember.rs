//! Remember-me tokens: a series (which browser) and a token (which use
//! of it), in a cookie of their own, the store keeping only hashes. A
//! token signs its user in once, then is replaced; the one before stays
//! good for a minute (two requests of a page that loads at once), and
//! used after that it is a stolen copy: every session and token of the
//! user is forgotten.

use super::{Change, Sessions, StoreError, hash_of};
use crate::cookie::{SameSite, SetCookie};

/// How long the token before the current one is still taken.
const GRACE: u64 = 60;

/// The cookie's name: `__Host-` first over HTTPS.
pub(crate) fn cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-hyperox_remember"
    } else {
        "hyperox_remember"
    }
}

/// A cookie's series and token, if it has their shape (32 and 64 hex
/// digits, a dot between); anything else is not looked up.
pub(crate) fn parse(value: &str) -> Option<(&str, &str)> {
    let (series, token) = value.split_once('.')?;
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    (hex(series, 32) && hex(token, 64)).then_some((series, token))
}

/// What a request wants done with its remember-me token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// Nothing.
    Keep,
    /// A new series for the user signing in.
    New,
    /// A new token in this series (it was used).
    Rotate(String),
    /// Forget this series (if known) and the cookie.
    Forget(Option<String>),
}

/// What a remember-me cookie turned out to be.
pub(crate) enum Found {
    /// A valid token of this series and user.
    User { series: String, user: String },
    /// The token just replaced, within its grace: the user, no rotation.
    Again { user: String },
    /// Nothing usable (unknown, expired, junk, or stolen and now
    /// revoked).
    Nothing,
}

/// Where a series is kept.
fn key(series: &str) -> String {
    format!("remember:{}", hash_of(series))
}

impl Sessions {
    /// Reads a remember-me cookie.
    pub(crate) async fn recall(&self, value: &str, now: u64) -> Result<Found, StoreError> {
        let Some((series, token)) = parse(value) else {
            return Ok(Found::Nothing);
        };
        let Some(record) = self.store.load(&key(series)).await? else {
            return Ok(Found::Nothing);
        };
        let Some(user) = record.user.clone() else {
            return Ok(Found::Nothing);
        };
        let get = |k: &str| {
            record
                .values
                .get(k)
                .and_then(|v| serde_json::from_str::<String>(v).ok())
        };
        let hash = hash_of(token);
        let same = |stored: Option<String>| {
            stored.is_some_and(|s| crate::csrf::same(s.as_bytes(), hash.as_bytes()))
        };
        if same(get("token")) {
            return Ok(Found::User {
                series: series.to_owned(),
                user,
            });
        }
        let rotated: u64 = get("rotated").and_then(|t| t.parse().ok()).unwrap_or(0);
        if same(get("previous")) && now.saturating_sub(rotated) <= GRACE {
            return Ok(Found::Again { user });
        }
        // A token of this series that is not its last: a copy was used
        // by someone else. Everything of the user goes.
        tracing::warn!(
            "a remember-me token was used again: every session of its user is signed out"
        );
        self.store.delete_user(&user).await?;
        self.store.delete(&key(series)).await?;
        Ok(Found::Nothing)
    }

    /// Carries out `action` for `user`; the cookie to set, if any.
    pub(crate) async fn finish_remember(
        &self,
        action: Action,
        user: Option<String>,
        https: bool,
    ) -> Result<Option<SetCookie>, StoreError> {
        let now = (self.clock)();
        let removal = || {
            SetCookie::remove(cookie_name(https))
                .path("/")
                .secure(https)
        };
        let (series, previous) = match (action, user) {
            (Action::Keep, _) => return Ok(None),
            (Action::Forget(series), _) => {
                if let Some(series) = series {
                    self.store.delete(&key(&series)).await?;
                }
                return Ok(Some(removal()));
            }
            (Action::New, Some(user)) => (crate::csrf::random_id(), (user, None)),
            (Action::Rotate(series), Some(user)) => (series, (user, Some(()))),
            (_, None) => return Ok(None),
        };
        let (user, rotating) = previous;
        let token = crate::csrf::hex(&crate::csrf::random_bytes::<32>());
        let json = |s: &str| serde_json::to_string(s).expect("a string is JSON");
        let mut change = Change {
            user: Some(Some(user)),
            created: now,
            seen: now,
            expires: now + self.remember_for.as_secs(),
            ..Change::default()
        };
        if rotating.is_some()
            && let Some(record) = self.store.load(&key(&series)).await?
            && let Some(current) = record.values.get("token")
        {
            change
                .values
                .insert("previous".into(), Some(current.clone()));
            change
                .values
                .insert("rotated".into(), Some(json(&now.to_string())));
        }
        change
            .values
            .insert("token".into(), Some(json(&hash_of(&token))));
        self.store.save(&key(&series), &change).await?;
        Ok(Some(
            SetCookie::new(cookie_name(https), format!("{series}.{token}"))
                .path("/")
                .http_only(true)
                .secure(https)
                .same_site(SameSite::Lax)
                .max_age(self.remember_for),
        ))
    }
}
