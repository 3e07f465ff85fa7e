//! `/`: links to every other page, built from the typed references.

use crate::urls::pages::{USERS, docs, users};
use crate::urls::partials::counter::INCREMENT;
use hyperox::prelude::*;

/// The home page.
pub async fn page(mut cx: Cx<'_, ()>) -> Page {
    let head_tags = cx.head();
    Page::new(html((
        head((title("file routes"), head_tags)),
        body((
            h1("File routes"),
            ul((
                li(a((attr("href", USERS.url()), "Users"))),
                li(a((attr("href", users::BY_ID.to(&[&7])), "User 7"))),
                li(a((attr("href", users::by_id::posts::BY_POST.to(&[&7, &"hello world"])), "A post"))),
                li(a((attr("href", docs::ALL_PATH.to(&[&"guide/routing.md"])), "Docs"))),
            )),
            button((INCREMENT.hx(), attr("hx-vals", r#"{"n":"0"}"#), attr("hx-target", "#n"), "+1")),
            span((id("n"), "0")),
        )),
    )))
}
