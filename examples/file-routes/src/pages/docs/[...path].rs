//! `/docs/:*`: every path below `/docs`.

use hyperox::prelude::*;

/// A document by path.
pub async fn page(cx: Cx<'_, ()>) -> Partial {
    Partial::new(textf!("doc {}", cx.param("*").unwrap_or_default()))
}
