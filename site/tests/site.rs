//! The site in-process: every page it links to answers, every guide page
//! is found by a word of its own, the settings page lists the whole
//! settings table, every public item of `hyperox` is mentioned by the
//! guide, every example answers, and every page and example fragment is
//! valid HTML (the W3C Nu checker, as the examples' tests run it).

#[path = "../../examples/todo/tests/common/vnu.rs"]
mod vnu;

use hyperox::test::Client;
use std::collections::{BTreeSet, VecDeque};

fn client() -> Client<site::Site> {
    Client::new(site::app().expect("the site's routes"))
}

/// The paths of the `href`s and `hx-get`s of `html` on this site.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "hx-get=\""] {
        for rest in html.split(attr).skip(1) {
            let url = rest.split('"').next().unwrap_or("").replace("&amp;", "&");
            if url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/assets/") {
                out.push(url);
            }
        }
    }
    out
}

/// Every page and fragment reachable from `/`, with its HTML.
async fn crawl(client: &Client<site::Site>) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([String::from("/")]);
    let mut pages = Vec::new();
    while let Some(url) = queue.pop_front() {
        let url = url.split('#').next().unwrap_or_default().to_owned();
        if !seen.insert(url.clone()) || url.contains("/stream") {
            continue;
        }
        let res = client.get(&url).await;
        assert_eq!(res.status(), 200, "{url} (linked from the site)");
        let html = res.text().to_owned();
        queue.extend(links(&html));
        pages.push((url, html));
    }
    pages
}

#[tokio::test]
async fn every_link_answers_and_every_page_is_valid_html() {
    let client = client();
    let pages = crawl(&client).await;
    let urls: Vec<&str> = pages.iter().map(|(u, _)| u.as_str()).collect();
    for page in site::guide::PAGES {
        let url = format!("/guide/{}", page.slug);
        assert!(urls.contains(&url.as_str()), "{url} is linked from nowhere");
    }
    for example in site::examples::ALL {
        let start = (example.start)().url().to_owned();
        assert!(
            urls.contains(&start.as_str()),
            "the example {} is shown nowhere",
            example.name
        );
    }
    assert!(pages.len() >= site::guide::PAGES.len() + site::examples::ALL.len() + 4);
    // A link to a place on a page (`/reference/api/hyperox#struct.App`)
    // finds that place.
    let mut places = 0;
    for (from, html) in &pages {
        for link in links(html) {
            if let Some((path, place)) = link.split_once('#') {
                let (_, target) = pages
                    .iter()
                    .find(|(u, _)| u == path)
                    .expect("crawled above");
                assert!(
                    target.contains(&format!("id=\"{place}\"")),
                    "{from} links to {link}, which has no such place"
                );
                places += 1;
            }
        }
    }
    assert!(places >= 100, "only {places} links to places");
    let docs: Vec<(String, String)> = pages
        .into_iter()
        .map(|(url, html)| {
            let doc = if html.starts_with("<!DOCTYPE") {
                html
            } else {
                vnu::in_document(&html)
            };
            let name: String = url
                .trim_start_matches('/')
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            (
                if name.is_empty() {
                    "index".to_owned()
                } else {
                    name
                },
                doc,
            )
        })
        .collect();
    vnu::assert_valid("site", &docs);
}

#[tokio::test]
async fn a_page_that_does_not_exist_is_a_404() {
    assert_eq!(client().get("/guide/no-such-page").await.status(), 404);
}

#[tokio::test]
async fn search_finds_every_page_by_its_title() {
    let client = client();
    for page in site::guide::PAGES {
        let hits = site::guide::search(page.title);
        assert_eq!(
            hits.first().map(|h| h.page.slug),
            Some(page.slug),
            "{}",
            page.title
        );
        let q: String = page.title.replace(' ', "+");
        let res = client.get(format!("/_partials/search/results?q={q}")).await;
        assert!(
            res.text().contains(&format!("/guide/{}", page.slug)),
            "{}",
            res.text()
        );
    }
    assert!(site::guide::search("zzzz-nothing-like-this").is_empty());
    let page = client.get("/search?q=ETag").await;
    assert!(
        page.text().contains("/guide/caching"),
        "served whole without JavaScript"
    );
}

#[tokio::test]
async fn the_settings_page_lists_the_whole_table() {
    let page = client().get("/reference/settings").await;
    for setting in hyperox::SETTINGS {
        assert!(page.text().contains(setting.var), "{} missing", setting.var);
    }
}

/// The names `hyperox` exports at its root (`pub use` and `pub mod`).
fn public_items() -> Vec<String> {
    let lib = include_str!("../../crates/hyperox/src/lib.rs");
    let mut names = Vec::new();
    for line in lib.lines().filter(|l| !l.starts_with(' ')) {
        if let Some(rest) = line.strip_prefix("pub mod ") {
            names.push(rest.trim_end_matches([';', ' ', '{']).to_owned());
        } else if let Some(rest) = line.strip_prefix("pub use ") {
            let rest = rest.trim_end_matches(';');
            let list = match rest.split_once('{') {
                Some((_, list)) => list.trim_end_matches('}').to_owned(),
                None => rest.rsplit("::").next().unwrap_or(rest).to_owned(),
            };
            for name in list.split(',') {
                let name = name.trim();
                let name = name.rsplit(" as ").next().unwrap_or(name);
                if !name.is_empty() {
                    names.push(name.to_owned());
                }
            }
        }
    }
    names.retain(|n| !n.starts_with("__"));
    names
}

#[test]
fn every_public_item_of_hyperox_is_in_the_guide() {
    let guide: String = site::guide::PAGES.iter().map(|p| p.markdown).collect();
    let items = public_items();
    assert!(items.len() >= 30, "{items:?}");
    let missing: Vec<&String> = items
        .iter()
        .filter(|name| {
            !(guide.contains(&format!("`{name}`"))
                || guide.contains(&format!("hyperox::{name}"))
                || guide.contains(&format!("`{name}(")))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "public items of hyperox the guide does not mention: {missing:?}"
    );
}

/// The guide's rendered pages, as one text.
fn rendered_guide() -> String {
    site::guide::PAGES.iter().map(|p| p.html()).collect()
}

#[test]
fn every_public_item_of_hyperox_has_its_entry_and_the_guide_links_it() {
    let guide = rendered_guide();
    let mut unlinked = Vec::new();
    for name in public_items() {
        let url = site::api::link(&format!("hyperox::{name}"))
            .unwrap_or_else(|| panic!("hyperox::{name} has no entry in the reference"));
        if !guide.contains(&format!("href=\"{url}\"")) {
            unlinked.push(name);
        }
    }
    assert!(
        unlinked.is_empty(),
        "public items of hyperox the guide does not link to their entry: {unlinked:?}"
    );
    // Every `pub mod` of hyperox has its page.
    for line in include_str!("../../crates/hyperox/src/lib.rs").lines() {
        if let Some(name) = line.strip_prefix("pub mod ") {
            let name = name.trim_end_matches([';', ' ', '{']);
            if name != "__private" {
                assert!(
                    site::api::module(&format!("hyperox::{name}")).is_some(),
                    "{name}"
                );
            }
        }
    }
}

#[test]
fn the_reference_shows_items_as_their_sources_declare_them() {
    let entry = |module: &str, name: &str| {
        site::api::module(module)
            .unwrap_or_else(|| panic!("{module}"))
            .items
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("{module}::{name}"))
    };
    let app = entry("hyperox", "App");
    assert_eq!(app.kind, "struct");
    assert_eq!(app.sig, "pub struct App<S: Send + Sync + 'static>");
    assert!(app.doc.starts_with("A hyperox app"), "{}", app.doc);
    let new = app
        .methods
        .iter()
        .find(|m| m.name == "new")
        .expect("App::new");
    assert_eq!(new.sig, "pub fn new(state: S) -> Self");
    // Made from the element table, as hyperox-html makes it.
    let div = entry("hyperox::html::element", "div");
    assert_eq!(
        div.sig,
        "pub fn div<P: Node>(parts: P) -> Element<tags::Div, P>"
    );
    assert_eq!(div.doc, "The `<div>` element.");
    // Made by `hx_attrs!`.
    let get = entry("hyperox::html::htmx", "get");
    assert_eq!(get.sig, "pub fn get<V: AttrValue>(value: V) -> HxAttr<V>");
    assert!(get.doc.starts_with("`hx-get`:"), "{}", get.doc);
    // An item whose doc says "hidden" is not `#[doc(hidden)]`.
    assert_eq!(entry("hyperox::html::attr", "hidden").kind, "fn");
    assert_eq!(entry("hyperox::html", "html").kind, "macro");
    assert_eq!(entry("hyperox", "page").kind, "attribute macro");
    // Gated items name their feature.
    assert_eq!(
        site::api::module("hyperox::live").and_then(|m| m.feature),
        Some("live")
    );
    // Names link to one entry, or to none when they are ambiguous.
    assert_eq!(
        site::api::link("App::new"),
        Some("/reference/api/hyperox#method.App.new")
    );
    assert_eq!(
        site::api::link("htmx::get(\"/x\")"),
        Some("/reference/api/hyperox/html/htmx#fn.get")
    );
    assert_eq!(
        site::api::link("div"),
        Some("/reference/api/hyperox/html/element#fn.div")
    );
    assert_eq!(site::api::link("new"), None);
    assert_eq!(site::api::link("cargo run"), None);
}

#[tokio::test]
async fn the_examples_work() {
    let client = client();
    client.get("/").await;
    // Click to edit: the form, a refused save, a save.
    let edit = client.get("/_partials/examples/click_to_edit/edit").await;
    assert!(edit.text().contains("name=\"first\""));
    let bad = client
        .put("/_partials/examples/click_to_edit/save")
        .htmx()
        .body("application/x-www-form-urlencoded", "first=&last=X&email=x")
        .await;
    assert!(bad.text().contains("Fill in both names"), "{}", bad.text());
    let ok = client
        .put("/_partials/examples/click_to_edit/save")
        .htmx()
        .body(
            "application/x-www-form-urlencoded",
            "first=Grace&last=Hopper&email=grace%40example.com",
        )
        .await;
    assert!(
        ok.text().contains("Grace") && ok.text().contains("Edit"),
        "{}",
        ok.text()
    );
    assert!(
        client
            .get("/_partials/examples/click_to_edit/view")
            .await
            .text()
            .contains("Hopper")
    );
    // HTML to Rust.
    let rust = client
        .post("/_partials/convert/rust")
        .htmx()
        .body(
            "application/x-www-form-urlencoded",
            "html=%3Cp+class%3D%22x%22%3EHi%3C%2Fp%3E",
        )
        .await;
    assert!(
        rust.text()
            .contains("p((class(&quot;x&quot;), &quot;Hi&quot;))"),
        "{}",
        rust.text()
    );
    // Active search.
    let found = client
        .get("/_partials/examples/active_search/results?q=swap")
        .await;
    assert!(found.text().contains("hx-swap-oob") && !found.text().contains("hx-get"));
    // Validation.
    let said = client
        .post("/_partials/examples/validation/check")
        .htmx()
        .body("application/x-www-form-urlencoded", "email=nope")
        .await;
    assert!(
        said.text().contains("not an e-mail address"),
        "{}",
        said.text()
    );
    // The cached card: rendered once, shown twice.
    let first = client
        .get("/_partials/examples/cached/card")
        .await
        .text()
        .to_owned();
    let second = client
        .get("/_partials/examples/cached/card")
        .await
        .text()
        .to_owned();
    let rendered = |t: &str| {
        t.split("rendered ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .map(str::to_owned)
    };
    assert_eq!(rendered(&first), rendered(&second), "{first}\n{second}");
    assert_ne!(first, second, "the view count moves");
}

/// The coming-from-go page: its text.
fn coming_from_go() -> &'static str {
    site::guide::page("coming-from-go")
        .expect("the page")
        .markdown
}

#[test]
fn every_exported_name_of_htmgo_has_its_row() {
    let page = coming_from_go();
    let names: Vec<&str> = include_str!("../guide/data/htmgo-names.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(names.len() >= 500, "{} names", names.len());
    let missing: Vec<&&str> = names
        .iter()
        .filter(|n| !page.contains(&format!("`{n}`")))
        .collect();
    assert!(missing.is_empty(), "htmgo names without a row: {missing:?}");
}

/// The `pub fn` names of `files` and the `name => "hx-…"` entries of
/// the htmx attribute table.
fn functions_of(files: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in files {
        for line in text.lines().map(str::trim) {
            let name = line
                .strip_prefix("pub fn ")
                .or_else(|| line.split_once(" => \"hx-").map(|(n, _)| n));
            if let Some(name) = name {
                let end = name
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(name.len());
                out.insert(name[..end].to_owned());
            }
        }
    }
    out
}

#[test]
fn the_hyperox_names_the_go_tables_give_exist() {
    let page = coming_from_go();
    let js = functions_of(&[include_str!("../../crates/hyperox-html/src/js.rs")]);
    let htmx = functions_of(&[
        include_str!("../../crates/hyperox-html/src/htmx/mod.rs"),
        include_str!("../../crates/hyperox-html/src/htmx/trigger.rs"),
        include_str!("../../crates/hyperox-html/src/htmx/swap.rs"),
        include_str!("../../crates/hyperox-html/src/htmx/headers.rs"),
    ]);
    let ws = functions_of(&[include_str!("../../crates/hyperox/src/live/ws/mod.rs")]);
    let mut checked = 0;
    for (prefix, known) in [
        ("js::", &js),
        ("htmx::", &htmx),
        ("ws::", &ws),
        ("Trigger::", &htmx),
    ] {
        for rest in page.split(prefix).skip(1) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            // `js::Js`, `js::Target`: types, not functions.
            if name.chars().next().is_some_and(char::is_lowercase) {
                assert!(
                    known.contains(&name),
                    "the page names {prefix}{name}, which does not exist"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 40, "only {checked} names checked");
    for name in [
        "div", "textarea", "iframe", "tbody", "h1", "svg", "template",
    ] {
        assert!(hyperox::html::element::NAMES.contains(&name), "{name}");
    }
}

/// The Go tables' code spans that are Rust code (a call, a path, a
/// macro, a method): each must be in its table's test module, its parts
/// around `…` in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| c.contains(['(', '!']) || c.contains("::") || c.starts_with('.'))
        .collect()
}

/// `text` without white space (so that code spans match rustfmt's
/// lines).
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn every_row_of_the_go_tables_is_compiled_and_tested() {
    let modules: [(&str, &str); 10] = [
        ("### Elements and text", include_str!("from_go/elements.rs")),
        ("### Attributes", include_str!("from_go/attributes.rs")),
        ("### Control", include_str!("from_go/control.rs")),
        (
            "### Pages, partials and requests",
            include_str!("from_go/pages.rs"),
        ),
        ("### htmx attributes", include_str!("from_go/htmx.rs")),
        (
            "### Events and JavaScript commands",
            include_str!("from_go/events.rs"),
        ),
        ("### Caching", include_str!("from_go/caching.rs")),
        ("### Websockets", include_str!("from_go/websockets.rs")),
        ("### hx constants", include_str!("from_go/hx.rs")),
        ("## From grom", include_str!("from_go/grom.rs")),
    ];
    let page = coming_from_go();
    let mut problems = Vec::new();
    let (mut rows, mut spans) = (0, 0);
    for (i, (heading, module)) in modules.iter().enumerate() {
        let start = page.find(heading).unwrap_or_else(|| panic!("{heading}"));
        let end = modules
            .get(i + 1)
            .and_then(|(next, _)| page.find(next))
            .unwrap_or(page.len());
        let docs: String = module
            .lines()
            .filter(|l| l.trim_start().starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n");
        let squeezed = squeeze(module);
        for row in page[start..end].lines().filter(|l| l.starts_with("| `")) {
            rows += 1;
            let (go, ours) = row[2..].split_once(" | ").expect("two cells");
            let first = go.split('`').nth(1).expect("a Go name");
            // A row whose answer is that hyperox has none has no test.
            if !ours.starts_with("none") && !docs.contains(&format!("`{first}`")) {
                problems.push(format!("{heading}: no test's doc names `{first}`"));
            }
            for span in code_spans(ours) {
                spans += 1;
                let mut rest = squeezed.as_str();
                for part in span.split('…').map(squeeze).filter(|p| !p.is_empty()) {
                    match rest.find(&part) {
                        Some(at) => rest = &rest[at + part.len()..],
                        None => {
                            problems.push(format!("{heading}: `{span}` is not in its module"));
                            break;
                        }
                    }
                }
            }
        }
    }
    assert!(
        rows >= 70 && spans >= 150,
        "{rows} rows, {spans} code spans"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
