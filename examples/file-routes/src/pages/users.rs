//! `/users?page=N`, a file beside the `users/` folder.

use crate::prelude::*;

/// Which page of the list.
#[derive(Debug, serde::Deserialize)]
pub struct ListQuery {
    /// From 1.
    pub page: Option<u32>,
}

/// The user list.
#[page]
pub async fn page(_cx: Cx<'_>, Query(q): Query<ListQuery>) -> Partial {
    match q.page {
        Some(n) => Partial::new(p(textf!("users, page {n}"))),
        None => Partial::new(p("users")),
    }
}
