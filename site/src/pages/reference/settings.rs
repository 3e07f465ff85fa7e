//! `/reference/settings`: every setting, from the table the app parses
//! its environment with, so that this page cannot fall behind it.

use crate::prelude::*;

/// The settings reference.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    crate::layout(
        &cx,
        "Settings",
        (
            p((
                class("mb-4"),
                "An app reads these environment variables at start; a malformed one stops it with a message naming it. \
                 A setting that needs a cargo feature the binary lacks says which.",
            )),
            div((
                class("overflow-x-auto"),
                table((
                    class("prose w-full text-left text-sm"),
                    thead(tr((th("Variable"), th("Default"), th("Feature"), th("Meaning")))),
                    tbody(each(hyperox::SETTINGS.iter(), |s| {
                        tr((
                            td(code(s.var)),
                            td(s.default),
                            td(s.feature.unwrap_or("")),
                            td(s.meaning),
                        ))
                    })),
                )),
            )),
        ),
    )
}
