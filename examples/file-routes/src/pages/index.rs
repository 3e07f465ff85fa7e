//! `/`: links to every other page, built from the typed links.

use crate::prelude::*;
use crate::urls::pages::{docs, users};
use crate::urls::partials::counter;

/// The home page.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    crate::layout(
        &cx,
        "File routes",
        (
            ul((
                li(a((urls::pages::users().href(), "Users"))),
                li(a((users::by_id(7).href(), "User 7"))),
                li(a((users::by_id::posts::by_post(7, "hello world").href(), "A post"))),
                li(a((docs::all_path("guide/routing.md").href(), "Docs"))),
            )),
            p((
                button((counter::increment().hx(), attr("hx-vals", r#"{"n":"0"}"#), attr("hx-target", "#n"), "+1")),
                " ",
                output((id("n"), "0")),
            )),
        ),
    )
}
