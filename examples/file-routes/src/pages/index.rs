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
                class("list-disc pl-6 text-indigo-700 underline"),
                li(a((urls::pages::users().href(), "Users"))),
                li(a((users::by_id(7).href(), "User 7"))),
                li(a((users::by_id::posts::by_post(7, "hello world").href(), "A post"))),
                li(a((docs::all_path("guide/routing.md").href(), "Docs"))),
            )),
            // A form, so that +1 works without JavaScript too (the
            // answer then shows at the top of the page).
            form((
                counter::increment().form_attrs(),
                counter::increment().hx(),
                attr("hx-target", "#n"),
                class("mt-4 flex items-center gap-3"),
                input((type_("hidden"), name("n"), value("0"))),
                button((class("rounded bg-indigo-600 px-3 py-1 text-white"), "+1")),
                output((id("n"), "0")),
            )),
        ),
    )
}
