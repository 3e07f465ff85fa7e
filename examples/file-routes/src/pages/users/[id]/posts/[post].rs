//! `/users/:id/posts/:post`.

use crate::prelude::*;

/// One post of one user.
#[page]
pub async fn page(cx: Cx<'_>, id: u32, post: String) -> Page {
    crate::layout(&cx, "Post", p(textf!("post {post} of user {id}")))
}
