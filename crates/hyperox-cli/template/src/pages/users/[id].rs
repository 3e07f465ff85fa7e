//! `/users/:id`: a page with a dynamic segment, read as a typed argument.

use crate::prelude::*;

/// One user's page; an id that is not a number is a 404.
#[page]
pub async fn page(cx: Cx<'_>, id: u32) -> Page {
    crate::layout::page(
        &cx,
        "User",
        (
            h1((class("mb-4 text-2xl font-bold"), textf!("User {id}"))),
            p((
                class("text-slate-600"),
                a((class("underline"), urls::pages::users::by_id(id + 1).href(), "Next user")),
            )),
        ),
    )
}
