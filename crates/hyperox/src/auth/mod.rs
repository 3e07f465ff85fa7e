//! Sign-in (feature `auth`), on [sessions](crate::session): password
//! hashes, login throttling, the signed-in user as a typed argument, and
//! return addresses that stay inside the app.
//!
//! - [`hash_password`] and [`verify_password`]: argon2id with the OWASP
//!   parameters (19 MiB, 2 passes, 1 lane), off the async threads; a hash
//!   made with other parameters verifies and asks to be replaced
//!   ([`Verified::Rehash`]). An unknown user is checked against a dummy
//!   hash, so that "no such user" and "wrong password" take the same
//!   time and answer alike.
//! - [`Throttle`]: failed sign-ins counted per account and per client
//!   address in the session store, each failure its own entry (concurrent
//!   tries are all counted), with a doubling wait past the limit and a 429
//!   with `Retry-After`.
//! - [`SignedIn<U>`](SignedIn): a page or partial argument that is the
//!   signed-in user, loaded by the app's [`LoadUser`]; anyone else is
//!   sent to the sign-in page with a return address ([`return_to`] keeps
//!   only paths of this app).
//!
//! Signing in and out is [`Session::sign_in`](crate::session::Session::sign_in)
//! and [`sign_out`](crate::session::Session::sign_out) (a new id each
//! time); signing a user out everywhere (after a password change) is
//! [`Sessions::sign_out_everywhere`](crate::session::Sessions::sign_out_everywhere).

mod password;
mod redirect;
mod throttle;
mod user;

pub use password::{Verified, hash_password, verify_password};
pub use redirect::return_to;
pub use throttle::Throttle;
pub use user::{LoadUser, SignedIn};
