//! `/account`: the signed-in user's page; anyone else is sent to log in.

use crate::prelude::*;
use hyperox::auth::SignedIn;

/// The profile, the password change and "log out everywhere".
#[page]
pub async fn page(mut cx: Cx<'_>, me: SignedIn<crate::Me>) -> Result<Page, Rejection> {
    let SignedIn(crate::Me(user)) = me;
    let flash = cx.session().await?.take_flash();
    let inner = div((
        class("flex flex-col gap-4"),
        dl((
            class("rounded-xl bg-white p-4 shadow"),
            dt((class("font-medium"), "Name")),
            dd((class("mb-2"), user.name.clone())),
            dt((class("font-medium"), "Email")),
            dd(user.email.clone()),
        )),
        crate::views::password_form(&crate::views::Errors::default()),
        crate::views::everywhere_form(),
    ));
    Ok(crate::views::layout(&cx, "Your account", Some(&user), &flash, inner))
}
