//! Debian's Chromium, driven by playwright-core, against a small app on a
//! real socket that uses each job of the bundled client and htmx's
//! extensions: `browser/client.mjs` checks one state-changing
//! request per double click, the loading state, the error region, a 404
//! landing in its `hx-status` target, `path-deps`, query-string triggers,
//! `trigger-children`, `mutation-error`, `data-onload` after a swap and
//! polling tags.
//!
//! Needs `/usr/bin/chromium` and `npm ci` in the workspace's `browser/`
//! (`scripts/test.sh` installs both).

mod common;

use hyperox::html::htmx::{self, SwapStyle, Trigger};
use hyperox::http::{Method, StatusCode};
use hyperox::prelude::*;
use hyperox::{App, Config, Env};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What the routes count.
#[derive(Debug, Default)]
struct Counts {
    /// Requests to `POST /slow`.
    slow: AtomicUsize,
    /// Items added by `POST /items/add`.
    items: AtomicUsize,
    /// The version `/poll` shows.
    version: AtomicUsize,
    /// Polls answered (200 or 304).
    polls: AtomicUsize,
}

type Cx<'a> = hyperox::Cx<'a, Arc<Counts>>;

async fn index(cx: Cx<'_>) -> Page {
    Page::new(html((
        head((title("client"), cx.head())),
        body((
            section((
                h2("double submit"),
                form((
                    id("slow"),
                    htmx::post("/slow"),
                    htmx::swap(SwapStyle::None),
                    input((type_("text"), name("title"), value("one"))),
                    button((id("slow-submit"), type_("submit"), "Send")),
                )),
            )),
            section((
                h2("path-deps"),
                button((
                    id("add-item"),
                    htmx::post("/items/add"),
                    htmx::swap(SwapStyle::None),
                    "Add item",
                )),
                span((
                    id("deps"),
                    htmx::get("/items/count"),
                    htmx::path_deps("/items"),
                    "0",
                )),
            )),
            section((
                h2("response targets"),
                button((
                    id("missing"),
                    htmx::get("/nothing-here"),
                    htmx::status("404", "target:#not-found swap:innerHTML"),
                    "Find",
                )),
                div(id("not-found")),
            )),
            section((
                h2("stale action"),
                ul(li((
                    id("row"),
                    "a row",
                    button((
                        id("stale"),
                        htmx::delete("/gone"),
                        htmx::target("closest li"),
                        htmx::swap(SwapStyle::OuterHtml),
                        "Delete",
                    )),
                ))),
            )),
            section((
                h2("query trigger"),
                a((
                    id("tab-b"),
                    href("/?tab=b"),
                    htmx::get("/echo"),
                    htmx::swap(SwapStyle::None),
                    htmx::push_url("/?tab=b"),
                    "Tab b",
                )),
                span((
                    id("qs"),
                    htmx::get("/echo"),
                    htmx::trigger(Trigger::query("tab")),
                    "none",
                )),
            )),
            section((
                h2("trigger children"),
                form((
                    id("parent"),
                    htmx::post("/slow"),
                    htmx::swap(SwapStyle::None),
                    htmx::trigger_children(),
                    input((type_("hidden"), name("title"), value("child"))),
                    button((
                        id("child"),
                        type_("submit"),
                        htmx::attr("hx-on:htmx:before:request", "this.textContent = 'Saving'"),
                        htmx::attr("hx-on:htmx:after:request", "this.textContent = 'Saved'"),
                        "Save",
                    )),
                )),
            )),
            section((
                h2("mutation error"),
                button((
                    id("fail"),
                    htmx::post("/fail"),
                    htmx::swap(SwapStyle::None),
                    "Fail",
                )),
                p((
                    id("told"),
                    htmx::on_mutation_error("this.textContent = 'failed ' + event.detail.status"),
                    "fine",
                )),
            )),
            section((
                h2("onload"),
                button((
                    id("load-fragment"),
                    htmx::get("/fragment"),
                    htmx::target("#fragment"),
                    "Load",
                )),
                div(id("fragment")),
            )),
            section((
                h2("polling tags"),
                div((
                    id("poll"),
                    htmx::get("/poll"),
                    htmx::trigger(Trigger::every(Duration::from_millis(150))),
                    htmx::ptag("0"),
                    "waiting",
                )),
                button((
                    id("bump"),
                    htmx::post("/bump"),
                    htmx::swap(SwapStyle::None),
                    "Bump",
                )),
            )),
        )),
    )))
}

async fn slow(cx: Cx<'_>) -> Partial {
    cx.state().slow.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(600)).await;
    Partial::empty()
}

async fn add_item(cx: Cx<'_>) -> Partial {
    cx.state().items.fetch_add(1, Ordering::SeqCst);
    Partial::empty()
}

async fn item_count(cx: Cx<'_>) -> Partial {
    Partial::new(cx.state().items.load(Ordering::SeqCst).to_string())
}

async fn gone(_cx: Cx<'_>) -> Result<Partial, Rejection> {
    Err(Rejection::not_found("no such todo"))
}

async fn nothing(_cx: Cx<'_>) -> Result<Partial, Rejection> {
    Err(Rejection::not_found("nothing here"))
}

#[derive(serde::Deserialize)]
struct Tab {
    tab: Option<String>,
}

async fn echo(cx: Cx<'_>) -> Result<Partial, Rejection> {
    let q: Tab = cx.query()?;
    Ok(Partial::new(format!(
        "tab={}",
        q.tab.as_deref().unwrap_or("none")
    )))
}

async fn fail(_cx: Cx<'_>) -> Result<Partial, Rejection> {
    Err(Rejection::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the disk is full",
    ))
}

async fn fragment(_cx: Cx<'_>) -> Partial {
    Partial::new(span((
        id("loaded"),
        attr("data-onload", "this.textContent = 'ran'"),
        "not yet",
    )))
}

async fn poll(cx: Cx<'_>) -> Partial {
    cx.state().polls.fetch_add(1, Ordering::SeqCst);
    let v = cx.state().version.load(Ordering::SeqCst);
    Partial::new(span((class("version"), format!("v{v}"))))
}

async fn bump(cx: Cx<'_>) -> Partial {
    cx.state().version.fetch_add(1, Ordering::SeqCst);
    Partial::empty()
}

fn app(counts: Arc<Counts>) -> App<Arc<Counts>> {
    let mut app = App::new(counts);
    app.page("/", index).unwrap();
    app.route(Method::POST, "/slow", slow).unwrap();
    app.route(Method::POST, "/items/add", add_item).unwrap();
    app.page("/items/count", item_count).unwrap();
    app.route(Method::DELETE, "/gone", gone).unwrap();
    app.page("/nothing-here", nothing).unwrap();
    app.page("/echo", echo).unwrap();
    app.route(Method::POST, "/fail", fail).unwrap();
    app.page("/fragment", fragment).unwrap();
    app.page("/poll", poll).unwrap();
    app.route(Method::POST, "/bump", bump).unwrap();
    app.set_config(Config {
        env: Env::Production,
        ..Config::default()
    });
    app
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_defaults_and_extensions_in_chromium() {
    let counts = Arc::new(Counts::default());
    let stdout = common::run_in_chromium(app(counts.clone()), "client.mjs").await;
    assert!(stdout.starts_with("ok: "), "{stdout}");

    // The double click and the double Enter each sent one request; the
    // trigger-children form sent one.
    assert_eq!(counts.slow.load(Ordering::SeqCst), 3, "requests to /slow");
    assert_eq!(counts.items.load(Ordering::SeqCst), 1);
    assert!(
        counts.polls.load(Ordering::SeqCst) >= 5,
        "the element polled"
    );
}
