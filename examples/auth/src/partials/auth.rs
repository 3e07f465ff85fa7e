//! Register, log in, log out, change the password, log out everywhere.
//! Each answers htmx with its form again (errors in place, 422) or a
//! redirect, and works the same posted without JavaScript.

use crate::prelude::*;
use crate::views::{Errors, login_form, password_form, register_form};
use hyperox::auth::{SignedIn, Verified, hash_password, return_to, verify_password};
use hyperox::http::StatusCode;

/// A store that failed, as the app's 503.
fn unavailable(e: hyperox::session::StoreError) -> Rejection {
    tracing::error!("{e}");
    Rejection::unavailable("sign-in is not available now: try again in a moment", 1)
}

#[derive(serde::Deserialize)]
struct Register {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

/// Makes an account and signs it in.
#[partial(post)]
pub async fn register(mut cx: Cx<'_>, Form(f): Form<Register>) -> Result<Partial, Rejection> {
    let mut errors = Errors::default();
    let email = crate::normal_email(&f.email);
    if email.is_none() {
        errors.email = Some("Enter an email address, such as ada@example.com.".into());
    }
    let user_name = f.name.trim();
    if user_name.is_empty() || user_name.chars().count() > 80 {
        errors.name = Some("Enter a name of 1 to 80 characters.".into());
    }
    errors.password = crate::password_problem(&f.password);
    let user = match email {
        Some(email) if errors.name.is_none() && errors.password.is_none() => {
            let hash = hash_password(&f.password).await;
            let added = cx.state().db.add(&email, user_name, &hash).await?;
            if added.is_none() {
                errors.email = Some("An account with this address exists: log in instead.".into());
            }
            added
        }
        _ => None,
    };
    let Some(user) = user else {
        return Ok(Partial::new(register_form(&f.email, &f.name, &errors))
            .status(StatusCode::UNPROCESSABLE_ENTITY));
    };
    let session = cx.session().await?;
    session.sign_in(&user.id.to_string());
    session.flash(format!("Welcome, {}: your account is ready.", user.name));
    Ok(Partial::redirect(urls::pages::account()))
}

#[derive(serde::Deserialize)]
struct Login {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    /// "Keep me signed in".
    remember: Option<String>,
}

/// Signs in: the same answer, in the same time, for an unknown address
/// and a wrong password; tries per account and per client address
/// throttled.
#[partial(post)]
pub async fn login(mut cx: Cx<'_>, Form(f): Form<Login>) -> Result<Partial, Rejection> {
    let email = f.email.trim().to_lowercase();
    let next = return_to(&f.next).unwrap_or("/account").to_owned();
    let account = format!("account:{email}");
    let client = format!(
        "client:{}",
        cx.client_ip().map(|ip| ip.to_string()).unwrap_or_default()
    );
    let state = cx.state();
    let wait = state
        .per_account
        .wait(&account)
        .await
        .map_err(unavailable)?
        .max(state.per_client.wait(&client).await.map_err(unavailable)?);
    if wait > 0 {
        return Err(Rejection::too_many_requests(
            format!("Too many failed sign-ins: try again in {wait} seconds."),
            wait,
        ));
    }
    let found = state.db.by_email(&email).await?;
    let verified = verify_password(&f.password, found.as_ref().map(|(_, hash)| hash.as_str())).await;
    let user = match (found, &verified) {
        (Some((user, _)), v) if v.is_right() => user,
        _ => {
            state.per_account.failed(&account).await.map_err(unavailable)?;
            state.per_client.failed(&client).await.map_err(unavailable)?;
            let error = "That email and password do not match an account.";
            return Ok(Partial::new(login_form(&f.email, &next, Some(error)))
                .status(StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    if let Verified::Rehash(hash) = verified {
        state.db.set_password(user.id, &hash).await?;
    }
    state.per_account.succeeded(&account).await.map_err(unavailable)?;
    let session = cx.session().await?;
    session.sign_in(&user.id.to_string());
    if f.remember.is_some() {
        session.remember();
    }
    session.flash(format!("Welcome back, {}.", user.name));
    Ok(Partial::redirect(next))
}

/// Signs out this browser.
#[partial(post)]
pub async fn logout(mut cx: Cx<'_>) -> Result<Partial, Rejection> {
    cx.session().await?.sign_out();
    Ok(Partial::redirect(urls::pages::index()))
}

#[derive(serde::Deserialize)]
struct NewPassword {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
}

/// Changes the password, and signs out every other session of the user
/// (this one gets a new id and stays signed in).
#[partial(post)]
pub async fn password(
    mut cx: Cx<'_>,
    me: SignedIn<crate::Me>,
    Form(f): Form<NewPassword>,
) -> Result<Partial, Rejection> {
    let SignedIn(crate::Me(user)) = me;
    let mut errors = Errors::default();
    let stored = cx.state().db.by_id(user.id).await?.map(|(_, hash)| hash);
    if !verify_password(&f.current, stored.as_deref()).await.is_right() {
        errors.form = Some("The current password is not right.".into());
    }
    errors.password = crate::password_problem(&f.password);
    if errors.form.is_some() || errors.password.is_some() {
        return Ok(Partial::new(password_form(&errors)).status(StatusCode::UNPROCESSABLE_ENTITY));
    }
    let hash = hash_password(&f.password).await;
    let state = cx.state();
    state.db.set_password(user.id, &hash).await?;
    let id = user.id.to_string();
    let others = state.sessions.sign_out_everywhere(&id).await.map_err(unavailable)?;
    // This browser's session went with the others: a new one, signed in.
    let session = cx.session().await?;
    session.sign_in(&id);
    session.flash(format!(
        "Password changed; {} other session{} signed out.",
        others.saturating_sub(1),
        if others == 2 { " was" } else { "s were" }
    ));
    Ok(Partial::redirect(urls::pages::account()))
}

/// Signs every session of the user out, this one too.
#[partial(post)]
pub async fn everywhere(mut cx: Cx<'_>, me: SignedIn<crate::Me>) -> Result<Partial, Rejection> {
    let SignedIn(crate::Me(user)) = me;
    cx.state()
        .sessions
        .sign_out_everywhere(&user.id.to_string())
        .await
        .map_err(unavailable)?;
    cx.session().await?.sign_out();
    Ok(Partial::redirect(urls::pages::index()))
}
