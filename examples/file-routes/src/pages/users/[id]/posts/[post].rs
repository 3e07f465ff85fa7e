//! `/users/:id/posts/:post`.

use hyperox::prelude::*;

/// One post of one user.
pub async fn page(cx: Cx<'_, ()>) -> Partial {
    Partial::new(textf!(
        "post {} of user {}",
        cx.param("post").unwrap_or_default(),
        cx.param("id").unwrap_or_default()
    ))
}
