//! `/docs/:*`: every path below `/docs`.

use crate::prelude::*;

/// A document by path.
#[page]
pub async fn page(_cx: Cx<'_>, path: String) -> Partial {
    Partial::new(textf!("doc {path}"))
}
