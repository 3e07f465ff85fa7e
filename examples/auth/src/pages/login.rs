//! `/login?next=/account`: sign in, then back where the browser was
//! going (a path of this app only).

use crate::prelude::*;

#[derive(serde::Deserialize)]
struct Next {
    next: Option<String>,
}

/// The form.
#[page]
pub async fn page(mut cx: Cx<'_>, Query(q): Query<Next>) -> Result<Page, Rejection> {
    let flash = cx.session().await?.take_flash();
    let next = q.next.as_deref().and_then(hyperox::auth::return_to).unwrap_or("/account");
    let form = crate::views::login_form("", next, None);
    Ok(crate::views::layout(&cx, "Log in", None, &flash, form))
}
