//! Partials about one user.

use hyperox::prelude::*;

/// A user's card.
#[partial]
pub async fn card(cx: Cx<'_, ()>) -> Partial {
    Partial::new(div((class("card"), textf!("card {}", cx.param("id").unwrap_or_default()))))
}
