//! The hyperox site: the guide (Markdown in `guide/`, rendered once and
//! kept in the app's cache), live examples whose source the page shows
//! beside the running partial, search across the guide as you type, and
//! the settings reference made from the settings table itself, and the
//! API reference read from hyperox's sources (`build/api.rs`). Built
//! with hyperox and served as one binary.

pub mod api;
pub mod examples;
pub mod guide;
pub mod timing;

hyperox::routes!();

use hyperox::App;
use std::sync::Mutex;

/// What every request shares.
#[derive(Debug, Default)]
pub struct Site {
    /// The contact the click-to-edit example edits.
    pub contact: Mutex<examples::Contact>,
}

/// The site, with every generated route and asset.
///
/// # Errors
///
/// A route that does not register.
pub fn app() -> Result<App<Site>, hyperox::router::RouteError> {
    let mut app = App::new(Site::default());
    app.middleware(timing::timing);
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}

/// Every page's document: the site's header with its sections, `heading`
/// and `inner`.
pub fn layout(cx: &Cx<'_>, heading: &str, inner: impl hyperox::html::Node) -> hyperox::Page {
    use hyperox::prelude::*;
    cx.document(
        format!("{heading} · hyperox"),
        body((
            class("min-h-screen bg-white text-slate-900 dark:bg-slate-950 dark:text-slate-100"),
            link((rel("stylesheet"), href(assets::GUIDE_CSS.url))),
            // The clock and counter examples open their stream and socket
            // from partials loaded later: the page names the extensions
            // they need (a page with `hx-sse:connect` or `hx-ws:connect`
            // in its own HTML gets them by itself).
            script(src(hyperox::assets::SSE.url)),
            script(src(hyperox::assets::WS.url)),
            header((
                class("border-b border-slate-200 dark:border-slate-800"),
                nav((
                    aria("label", "Sections"),
                    class(
                        "mx-auto flex max-w-4xl flex-wrap items-center gap-x-5 gap-y-2 px-4 py-3",
                    ),
                    a((
                        class("text-lg font-bold text-indigo-700 dark:text-indigo-300"),
                        urls::pages::index().href(),
                        "hyperox",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::guide::by_slug("getting-started").href(),
                        "Guide",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::examples().href(),
                        "Examples",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::reference::api::all_path("hyperox").href(),
                        "API",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::reference::settings().href(),
                        "Settings",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::convert().href(),
                        "HTML to Rust",
                    )),
                    a((
                        class("hover:underline"),
                        urls::pages::search().href(),
                        "Search",
                    )),
                )),
            )),
            main((
                class("mx-auto max-w-4xl px-4 py-8"),
                h1((
                    class("mb-6 text-3xl font-bold tracking-tight"),
                    heading.to_owned(),
                )),
                inner,
            )),
        )),
    )
}
