//! `/users/:id/posts/:post`.

use crate::prelude::*;

/// One post of one user.
#[page]
pub async fn page(_cx: Cx<'_>, id: u32, post: String) -> Partial {
    Partial::new(textf!("post {post} of user {id}"))
}
