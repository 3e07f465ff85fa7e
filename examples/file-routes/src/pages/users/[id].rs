//! `/users/:id`.

use hyperox::prelude::*;

/// One user.
pub async fn page(cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    let id: u32 = cx.param_as("id")?;
    Ok(Partial::new(textf!("user {id}")))
}
