//! `/`: what hyperox is, the two commands to start, and the way in.

use crate::prelude::*;

/// The home page.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    let guide = crate::guide::PAGES;
    crate::layout(
        &cx,
        "Web apps in plain Rust, made interactive with htmx",
        (
            p((
                class("mb-4 text-lg"),
                "Pages and partials are Rust functions; interactivity is htmx attributes, not JavaScript you write; \
                 live updates, caching, sign-in and HTTPS are in the box; the app is one binary.",
            )),
            pre((
                class("example-source mb-6"),
                code("cargo install --path crates/hyperox-cli\nhyperox new my-app\ncd my-app && hyperox dev"),
            )),
            h2((class("mb-2 text-xl font-semibold"), "The guide")),
            ol((
                class("mb-6 list-decimal pl-6"),
                each(guide.iter(), |g| {
                    li(a((
                        class("text-indigo-700 hover:underline dark:text-indigo-300"),
                        urls::pages::guide::by_slug(g.slug).href(),
                        g.title,
                    )))
                }),
            )),
            p(a((
                class("text-indigo-700 hover:underline dark:text-indigo-300"),
                urls::pages::examples().href(),
                "Every live example on one page",
            ))),
        ),
    )
}
