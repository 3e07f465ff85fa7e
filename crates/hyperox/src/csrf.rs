//! Cross-site request protection for state-changing requests.
//!
//! A request that reaches a route with a method that can change state
//! (anything but GET, HEAD, OPTIONS and TRACE) must pass three checks, or
//! gets a 403:
//!
//! 1. `Sec-Fetch-Site`, when the browser sends it, is `same-origin` or
//!    `none`;
//! 2. `Origin`, when present, is one of the app's origins, scheme and
//!    port included (see [`Config`](crate::Config));
//! 3. the client's cookie holds a token signed with the app's key
//!    (HMAC-SHA256), and the same token comes in the `X-CSRF-Token`
//!    header (sent by the bundled client on every htmx request) or the
//!    `_csrf` form field (forms posted without JavaScript). A cookie
//!    planted by someone else fails the signature.
//!
//! The cookie is `HttpOnly` and `SameSite=Strict`, named
//! `__Host-hyperox_csrf` and `Secure` when the app's origins are
//! `https://`. Requests for no route, or a method the route does not
//! take, are not checked: they change nothing and get their 404 or 405,
//! and their bodies are never read.

use crate::cookie::{SameSite, SetCookie};
use hmac::{Hmac, Mac};
use http::Method;
use sha2::Sha256;

/// The cookie holding the client's token (over plain HTTP).
///
/// # Example
///
/// ```
/// assert_eq!(hyperox::csrf::COOKIE, "hyperox_csrf");
/// ```
pub const COOKIE: &str = "hyperox_csrf";
/// The cookie holding the client's token when the app is served over
/// HTTPS.
///
/// # Example
///
/// ```
/// assert!(hyperox::csrf::SECURE_COOKIE.starts_with("__Host-"));
/// ```
pub const SECURE_COOKIE: &str = "__Host-hyperox_csrf";
/// The header htmx requests carry the token in.
///
/// # Example
///
/// ```
/// // A script posting with fetch() sends the page's token in this header.
/// assert_eq!(hyperox::csrf::HEADER, "x-csrf-token");
/// ```
pub const HEADER: &str = "x-csrf-token";
/// The form field forms carry the token in.
///
/// # Example
///
/// ```
/// assert_eq!(hyperox::csrf::FIELD, "_csrf");
/// ```
pub const FIELD: &str = "_csrf";

/// Signs and checks tokens: `NONCE.MAC`, 32 and 64 hex digits, the MAC
/// being HMAC-SHA256 of the nonce under the app's key.
#[derive(Clone)]
pub(crate) struct Signer {
    /// HMAC-SHA256 keyed with the app's key: cloned for each MAC, so the
    /// key's two blocks are hashed once, not per token.
    keyed: Hmac<Sha256>,
    /// The cookie's name and whether it is `Secure`.
    pub(crate) cookie: &'static str,
    secure: bool,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("cookie", &self.cookie)
            .finish_non_exhaustive()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    // By table, not `write!` a byte: the formatter took ~15 ns a byte,
    // half a session lookup's cost (benches/benches/session.rs).
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
    String::from_utf8(out).expect("hex digits are ASCII")
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `n` random bytes from the operating system.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
}

/// A random id, hex.
pub(crate) fn random_id() -> String {
    hex(&random_bytes::<16>())
}

impl Signer {
    /// A signer for `config`: its secret, else a fixed development key or
    /// a random production key.
    pub(crate) fn new(config: &crate::Config, https: bool) -> Self {
        let key = match &config.secret {
            Some(s) => s.as_bytes().to_vec(),
            None if config.is_dev() => b"hyperox development key: not secret".to_vec(),
            // Serving keeps a key in the data directory (`App::serve_on`);
            // this is an app used in process, or one whose directory
            // could not keep it.
            None => random_bytes::<32>().to_vec(),
        };
        Self {
            keyed: Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes keys of any length"),
            cookie: if https { SECURE_COOKIE } else { COOKIE },
            secure: https,
        }
    }

    fn mac(&self, nonce: &str) -> Hmac<Sha256> {
        let mut mac = self.keyed.clone();
        mac.update(nonce.as_bytes());
        mac
    }

    /// A new token.
    pub(crate) fn issue(&self) -> String {
        let nonce = random_id();
        let tag = hex(&self.mac(&nonce).finalize().into_bytes());
        format!("{nonce}.{tag}")
    }

    /// Whether `token` was signed with this key.
    pub(crate) fn verify(&self, token: &str) -> bool {
        let Some((nonce, tag)) = token.split_once('.') else {
            return false;
        };
        if nonce.len() != 32 || tag.len() != 64 {
            return false;
        }
        match unhex(tag) {
            Some(tag) => self.mac(nonce).verify_slice(&tag).is_ok(),
            None => false,
        }
    }

    /// An id derived from `token` for `purpose`: 16 bytes of HMAC, hex.
    pub(crate) fn derive(&self, purpose: &str, token: &str) -> String {
        let mut mac = self.mac(purpose);
        mac.update(b"\0");
        mac.update(token.as_bytes());
        hex(&mac.finalize().into_bytes()[..16])
    }

    /// The cookie carrying `token`.
    pub(crate) fn cookie(&self, token: &str) -> SetCookie {
        SetCookie::new(self.cookie, token)
            .same_site(SameSite::Strict)
            .secure(self.secure)
    }
}

/// A token signed with `config`'s key, for tests and tools that post
/// without loading a page first (send it as the cookie and as the header
/// or field). `None` in production without a secret, where the key is
/// made at start-up.
///
/// # Example
///
/// ```
/// let config = hyperox::Config {
///     secret: Some("a secret of at least thirty-two characters".into()),
///     ..hyperox::Config::default()
/// };
/// let token = hyperox::csrf::token(&config).unwrap();
/// assert_eq!(token.len(), 97);
/// ```
pub fn token(config: &crate::Config) -> Option<String> {
    (config.secret.is_some() || config.is_dev()).then(|| Signer::new(config, false).issue())
}

/// The hidden `_csrf` input carrying `token`, for forms posted without
/// JavaScript ([`Cx::csrf_field`](crate::Cx::csrf_field) gives the
/// client's own).
///
/// # Example
///
/// ```
/// use hyperox::html::prelude::*;
/// assert_eq!(
///     hyperox::csrf::field("t0k".into()).render(),
///     r#"<input type="hidden" name="_csrf" value="t0k">"#
/// );
/// ```
pub fn field(token: String) -> impl hyperox_html::Node {
    use hyperox_html::prelude::{attr, input};
    input((
        attr("type", "hidden"),
        attr("name", FIELD),
        attr("value", token),
    ))
}

pub(crate) fn is_safe(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Compares without stopping at the first difference.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_signed() {
        let config = crate::Config {
            secret: Some("k".repeat(32)),
            ..crate::Config::default()
        };
        let signer = Signer::new(&config, false);
        let token = signer.issue();
        assert!(signer.verify(&token));
        assert_ne!(signer.issue(), token);
        let other = Signer::new(
            &crate::Config {
                secret: Some("j".repeat(32)),
                ..config.clone()
            },
            false,
        );
        assert!(!other.verify(&token));
        let (nonce, _) = token.split_once('.').unwrap();
        assert!(!signer.verify(&format!("{nonce}.{}", "0".repeat(64))));
        for bad in [
            "",
            "x",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "a.b",
        ] {
            assert!(!signer.verify(bad), "{bad}");
        }
        assert_eq!(signer.cookie(&token).name(), COOKIE);
        let https = Signer::new(&config, true);
        assert!(https.cookie(&token).to_string().contains("Secure"));
        assert_eq!(https.cookie(&token).name(), SECURE_COOKIE);
    }
}
