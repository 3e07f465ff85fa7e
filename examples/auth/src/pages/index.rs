//! `/`: who is signed in, and where to go.

use crate::prelude::*;
use hyperox::html::Either;
use hyperox::auth::LoadUser;

/// The start page.
#[page]
pub async fn page(mut cx: Cx<'_>) -> Result<Page, Rejection> {
    let session = cx.session().await?;
    let flash = session.take_flash();
    let id = session.user().map(str::to_owned);
    let me = match id {
        Some(id) => crate::Me::load(cx.state(), &id).await?.map(|me| me.0),
        None => None,
    };
    let inner = match &me {
        Some(user) => Either::Left(p((
            "Signed in as ",
            strong(user.name.clone()),
            ". See ",
            a((class("text-indigo-700 underline"), urls::pages::account().href(), "your account")),
            ".",
        ))),
        None => Either::Right(p((
            "Nobody is signed in. ",
            a((class("text-indigo-700 underline"), urls::pages::login().href(), "Log in")),
            " or ",
            a((class("text-indigo-700 underline"), urls::pages::register().href(), "create an account")),
            ".",
        ))),
    };
    Ok(crate::views::layout(&cx, "Welcome", me.as_ref(), &flash, inner))
}
