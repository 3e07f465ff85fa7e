//! Partials about one user.

use crate::prelude::*;

/// A user's card.
#[partial]
pub async fn card(_cx: Cx<'_>, id: u32) -> Partial {
    Partial::new(div((class("card"), textf!("card {id}"))))
}
