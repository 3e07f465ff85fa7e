//! The counter partials.

use crate::prelude::*;

#[derive(serde::Deserialize)]
struct Count {
    n: i64,
}

/// Adds one to `n`.
#[partial(post)]
pub async fn increment(_cx: Cx<'_>, Form(Count { n }): Form<Count>) -> Partial {
    Partial::new(textf!("{}", n + 1))
}
