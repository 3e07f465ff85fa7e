//! `/docs/:*`: every path below `/docs`.

use crate::prelude::*;

/// A document by path.
#[page]
pub async fn page(cx: Cx<'_>, path: String) -> Page {
    crate::layout(&cx, "Document", p(textf!("doc {path}")))
}
