//! `/users`, a file beside the `users/` folder.

use crate::prelude::*;

/// The user list.
#[page]
pub async fn page(_cx: Cx<'_>) -> Partial {
    Partial::new(p("users"))
}
