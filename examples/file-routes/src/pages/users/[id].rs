//! `/users/:id`.

use crate::prelude::*;

/// One user.
#[page]
pub async fn page(cx: Cx<'_>, id: u32) -> Page {
    crate::layout(&cx, "User", p(textf!("user {id}")))
}
