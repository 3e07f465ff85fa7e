//! Password hashes: argon2id with the OWASP parameters.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// OWASP's Password Storage Cheat Sheet: argon2id, 19 MiB, two passes,
/// one lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash of `password` to store (a PHC string, salt and parameters
/// included).
///
/// # Panics
///
/// When the blocking thread pool is gone (the runtime shutting down).
///
/// # Example
///
/// ```
/// use hyperox::auth::{Verified, hash_password, verify_password};
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let stored = hash_password("correct horse battery staple").await;
/// assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
/// assert_eq!(verify_password("correct horse battery staple", Some(&stored)).await, Verified::Right);
/// assert_eq!(verify_password("Tr0ub4dor&3", Some(&stored)).await, Verified::Wrong);
/// # });
/// ```
pub async fn hash_password(password: &str) -> String {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .expect("hashing does not panic")
}

fn hash_now(password: &str) -> String {
    let salt = SaltString::encode_b64(&crate::csrf::random_bytes::<16>())
        .expect("16 bytes make a valid salt");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashes any password")
        .to_string()
}

/// What [`verify_password`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The password is not the one (or there is no such user).
    Wrong,
    /// The password is right.
    Right,
    /// The password is right, and its hash was made with other parameters:
    /// store this one instead.
    Rehash(String),
}

impl Verified {
    /// Whether the password is right.
    pub fn is_right(&self) -> bool {
        !matches!(self, Self::Wrong)
    }
}

/// Checks `password` against the `stored` hash; `None` (no such user)
/// checks it against a dummy hash, in the same time, and is
/// [`Verified::Wrong`]. A stored value that is not a hash is wrong.
///
/// # Panics
///
/// When the blocking thread pool is gone (the runtime shutting down).
pub async fn verify_password(password: &str, stored: Option<&str>) -> Verified {
    let password = password.to_owned();
    let stored = stored.map(str::to_owned);
    tokio::task::spawn_blocking(move || verify_now(&password, stored.as_deref()))
        .await
        .expect("verifying does not panic")
}

/// A hash of a password nobody has, made once: what an unknown user's
/// password is checked against.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_now(&crate::csrf::random_id()))
}

fn verify_now(password: &str, stored: Option<&str>) -> Verified {
    let known = stored.is_some();
    let text = stored.unwrap_or_else(|| dummy());
    let Ok(hash) = PasswordHash::new(text) else {
        // Not a hash: spend the time of one anyway.
        let _ = verify_now(password, None);
        return Verified::Wrong;
    };
    // Verified with the parameters the hash names (an older hash too).
    let right = Argon2::default()
        .verify_password(password.as_bytes(), &hash)
        .is_ok();
    if !known || !right {
        return Verified::Wrong;
    }
    let current = hash.algorithm.as_str() == "argon2id"
        && Params::try_from(&hash)
            .is_ok_and(|p| p.m_cost() == MEMORY_KIB && p.t_cost() == PASSES && p.p_cost() == LANES);
    if current {
        Verified::Right
    } else {
        Verified::Rehash(hash_now(password))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_hash_verifies_and_is_replaced() {
        // A hash with lighter parameters, as an older release made.
        let old = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8 * 1024, 1, 1, None).unwrap(),
        )
        .hash_password(
            b"hunter2",
            &SaltString::encode_b64(b"0123456789abcdef").unwrap(),
        )
        .unwrap()
        .to_string();
        match verify_now("hunter2", Some(&old)) {
            Verified::Rehash(new) => {
                assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
                assert_eq!(verify_now("hunter2", Some(&new)), Verified::Right);
            }
            other => panic!("expected a rehash, got {other:?}"),
        }
        assert_eq!(verify_now("hunter3", Some(&old)), Verified::Wrong);
    }

    #[test]
    fn unknown_users_and_junk_are_wrong() {
        assert_eq!(verify_now("anything", None), Verified::Wrong);
        assert_eq!(verify_now("anything", Some("plain text")), Verified::Wrong);
        assert_eq!(verify_now("", Some("")), Verified::Wrong);
    }
}
