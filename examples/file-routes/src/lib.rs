//! hyperox's file-path routing conventions, as a small app.

hyperox::routes!();

/// Every page's document: its title, the app's stylesheet and htmx, and
/// `inner` in `main` under a heading, with a way home.
pub fn layout(cx: &Cx<'_>, heading: &str, inner: impl hyperox::html::Node) -> hyperox::Page {
    use hyperox::prelude::*;
    cx.document(
        format!("{heading} · file routes"),
        body((
            class("mx-auto max-w-xl p-6 font-sans text-slate-900"),
            nav(a((
                class("text-indigo-700 underline"),
                urls::pages::index().href(),
                "Home",
            ))),
            h1((class("my-4 text-2xl font-bold"), heading.to_owned())),
            main(inner),
        )),
    )
}

/// The app with every generated route.
///
/// # Errors
///
/// A route that does not register.
pub fn app() -> Result<hyperox::App<()>, hyperox::router::RouteError> {
    let mut app = hyperox::App::new(());
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}
