//! `/users`, a file beside the `users/` folder.

use hyperox::prelude::*;

/// The user list.
pub async fn page(_cx: Cx<'_, ()>) -> Partial {
    Partial::new(p("users"))
}
