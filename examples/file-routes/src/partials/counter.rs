//! The counter partials.

use hyperox::prelude::*;

#[derive(serde::Deserialize)]
struct Count {
    n: i64,
}

/// Adds one to `n`.
#[partial(post)]
pub async fn increment(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    let Count { n } = cx.form().await?;
    Ok(Partial::new(textf!("{}", n + 1)))
}
