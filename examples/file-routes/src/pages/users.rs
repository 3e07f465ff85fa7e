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
pub async fn page(cx: Cx<'_>, Query(q): Query<ListQuery>) -> Page {
    match q.page {
        Some(n) => crate::layout(&cx, "Users", p(textf!("users, page {n}"))),
        None => crate::layout(&cx, "Users", p("users")),
    }
}
