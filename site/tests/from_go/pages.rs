//! htmgo's pages, partials and requests, in hyperox.

use hyperox::html::htmx::HxResponse;
use hyperox::http::Method;
use hyperox::prelude::*;
use hyperox::test::Client;
use hyperox::{App, Link};

/// Pages and partials as files under `src/pages` and `src/partials`
/// would hold them (with `hyperox-build`, the routes come from the
/// paths; here they are added by hand).
#[allow(unreachable_pub)] // `#[page]` and `#[partial]` need `pub`.
mod files {
    use hyperox::Form;
    use hyperox::prelude::*;

    type Cx<'a> = hyperox::Cx<'a, ()>;

    #[page]
    pub async fn page(cx: Cx<'_>) -> Page {
        cx.document("Todos", body(h1("Todos")))
    }

    #[derive(serde::Deserialize)]
    pub struct New {
        pub text: String,
    }

    #[partial(post)]
    pub async fn add(_cx: Cx<'_>, Form(new): Form<New>) -> Partial {
        if new.text.is_empty() {
            return Partial::empty();
        }
        Partial::new(li(new.text))
    }
}

fn app() -> App<()> {
    let mut app = App::new(());
    app.page("/", files::__hyperox_route_page).unwrap();
    app.route(
        Method::POST,
        "/_partials/todos/add",
        files::__hyperox_route_add,
    )
    .unwrap();
    app
}

/// `h.Page`: a page answers GET and HEAD, other methods get 405.
#[tokio::test]
async fn pages() {
    let client = Client::new(app());
    let page = client.get("/").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().starts_with("<!DOCTYPE html>"));
    assert!(page.text().contains("<title>Todos</title>"));
    assert_eq!(client.request(Method::HEAD, "/").await.status(), 200);
    assert_eq!(client.delete("/").await.status(), 405);
    assert!(Page::new(p("x")).html().starts_with("<!DOCTYPE html>"));
}

/// `h.Partial`: a partial answers only its method.
#[tokio::test]
async fn partials() {
    let client = Client::new(app());
    client.get("/").await;
    let added = client
        .post("/_partials/todos/add")
        .form(&[("text", "milk")])
        .await;
    assert_eq!(added.text(), "<li>milk</li>");
    let empty = client
        .post("/_partials/todos/add")
        .form(&[("text", "")])
        .await;
    assert_eq!(empty.text(), "");
    assert_eq!(client.get("/_partials/todos/add").await.status(), 405);
    let node = p("x");
    let with_headers = Partial::new(node).hx(HxResponse::new().trigger("added"));
    assert_eq!(with_headers.html(), "<p>x</p>");
}

/// `h.SwapPartial`: out-of-band swaps, several in one answer.
#[test]
fn out_of_band() {
    use htmx::{OobSwap, SwapStyle};
    let answer = (
        li((id("todo-1"), htmx::swap_oob(OobSwap::same_id()), "milk")),
        span((
            id("count"),
            htmx::swap_oob(OobSwap::style(SwapStyle::InnerHtml)),
            3,
        )),
        div(htmx::swap_oob(OobSwap::style_at(
            SwapStyle::BeforeEnd,
            "#list",
        ))),
    );
    assert_eq!(
        answer.render(),
        r##"<li id="todo-1" hx-swap-oob="true">milk</li><span id="count" hx-swap-oob="innerHTML">3</span><div hx-swap-oob="beforeend:#list"></div>"##
    );
    assert_eq!(
        button(htmx::swap(SwapStyle::None)).render(),
        r#"<button hx-swap="none"></button>"#
    );
}

/// `h.RedirectPartial`: `HX-Redirect` for htmx, `303 See Other` without
/// JavaScript.
#[tokio::test]
async fn redirects() {
    async fn home(cx: hyperox::Cx<'_, ()>) -> Page {
        cx.document("Home", body("home"))
    }
    async fn save(_cx: hyperox::Cx<'_, ()>) -> Partial {
        let link = Link::get("/done");
        Partial::redirect(link.into_url())
    }
    let mut app = App::new(());
    app.page("/", home).unwrap();
    app.route(Method::POST, "/save", save).unwrap();
    let client = Client::new(app);
    client.get("/").await;
    let plain = client.post("/save").await;
    assert_eq!(plain.status(), 303);
    assert_eq!(plain.header("location"), Some("/done"));
    let htmx = client.post("/save").header("HX-Request", "true").await;
    assert_eq!(htmx.header("hx-redirect"), Some("/done"));
}

/// `h.GetPartialPath`: typed links (this site's generated `urls`).
#[test]
fn typed_links() {
    use site::urls;
    assert_eq!(
        button(urls::partials::convert::rust().hx()).render(),
        r#"<button hx-post="/_partials/convert/rust"></button>"#
    );
    let link = urls::partials::convert::rust();
    assert_eq!(
        form(link.form_attrs()).render(),
        r#"<form method="post" action="/_partials/convert/rust"></form>"#
    );
    let search = urls::pages::search().query("q", "cache");
    assert_eq!(search.url(), "/search?q=cache");
}

/// `h.RequestContext`: `Cx`, typed state.
#[tokio::test]
async fn the_request() {
    struct State {
        name: &'static str,
    }
    async fn page(cx: hyperox::Cx<'_, State>) -> Page {
        let who = cx.state().name;
        let id = cx.param("id").unwrap_or("").to_owned();
        let agent = cx.header("user-agent").unwrap_or("none").to_owned();
        let path = cx.uri().path().to_owned();
        Page::new(p(textf!("{who} {id} {agent} {path} {}", cx.is_htmx())))
    }
    let mut app = App::new(State { name: "site" });
    app.page("/users/:id", page).unwrap();
    let res = Client::new(app)
        .get("/users/7")
        .header("user-agent", "test")
        .await;
    assert!(
        res.text().contains("site 7 test /users/7 false"),
        "{}",
        res.text()
    );
}

/// `h.Headers`: htmx's response headers.
#[test]
fn response_headers() {
    use htmx::Swap;
    let hx = HxResponse::new()
        .push_url("/todos?page=2")
        .replace_url("/todos")
        .trigger("saved")
        .retarget("#list")
        .reswap(Swap::outer_html());
    let partial = Partial::new(p("x")).hx(hx.clone());
    assert_eq!(hx.header("HX-Push-Url"), "/todos?page=2");
    assert_eq!(hx.header("HX-Retarget"), "#list");
    assert_eq!(partial.html(), "<p>x</p>");
}

/// `h.App`: the app, its routes, its server.
#[tokio::test]
async fn the_app() {
    let state = site::Site::default();
    let mut app = App::new(state);
    site::routes(&mut app).unwrap();
    app.assets(site::assets::ALL);
    // `app.serve()` would serve it on its port (as `an_apps_main` does);
    // here, in-process:
    assert_eq!(Client::new(app).get("/").await.status(), 200);
}

/// An app's `main`: `hyperox::run` reads the settings (a malformed one
/// stops it with a message naming it), `app.serve()` serves until a
/// signal. Compiled here, not run: it would hold a port.
#[allow(dead_code)]
async fn an_apps_main() -> std::process::ExitCode {
    hyperox::run(|config| async move {
        let mut app = App::new(site::Site::default());
        app.set_config(config);
        site::routes(&mut app)?;
        app.serve().await?;
        Ok(())
    })
    .await
}

/// `h.IsDevelopment`: the settings.
#[tokio::test]
async fn settings() {
    async fn page(cx: hyperox::Cx<'_, ()>) -> Page {
        Page::new(p(if cx.config().is_dev() { "dev" } else { "prod" }))
    }
    let mut app = App::new(());
    app.page("/", page).unwrap();
    let text = Client::new(app).get("/").await.text().to_owned();
    assert!(text.contains("dev") || text.contains("prod"));
    assert!(hyperox::SETTINGS.iter().any(|s| s.var == "HYPEROX_ENV"));
    assert!(hyperox::SETTINGS.iter().any(|s| s.var == "HYPEROX_LOG"));
}

/// `h.BaseExtensions`: an extension by name.
#[test]
fn extensions() {
    assert_eq!(
        div(htmx::ext("sse")).render(),
        r#"<div hx-ext="sse"></div>"#
    );
}
