//! `/users/:id`.

use crate::prelude::*;

/// One user.
#[page]
pub async fn page(_cx: Cx<'_>, id: u32) -> Partial {
    Partial::new(textf!("user {id}"))
}
