//! The todo app's partials through its service, with the test client:
//! out-of-band count, validation, filters, method restrictions and CSRF.

use hyperox::http::{StatusCode, header};
use hyperox::test::Client;
use hyperox::{Config, Env};
use todo::AppState;
use todo::db::{Db, Filter};
use todo::urls::partials::todos::{by_id, index};

/// A client of a fresh app on an in-memory database, after loading the
/// page (which gives it its CSRF token).
async fn client() -> (Client<AppState>, Db) {
    let db = Db::in_memory().unwrap();
    let mut app = todo::app(db.clone()).unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the test key, thirty-two characters or more".into()),
        ..Config::default()
    });
    let client = Client::new(app);
    assert_eq!(client.get("/").await.status(), StatusCode::OK);
    assert!(client.csrf_token().is_some(), "the page gives a token");
    (client, db)
}

#[derive(serde::Serialize)]
struct Title<'a> {
    title: &'a str,
}

#[tokio::test]
async fn adding_keeps_the_form_and_sends_list_footer_and_count_out_of_band() {
    let (client, db) = client().await;
    let res = client
        .link(&index::add())
        .htmx()
        .header("hx-current-url", "http://localhost/")
        .form(&Title {
            title: " Buy <milk> ",
        })
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text();
    assert!(!body.contains("<!DOCTYPE"));
    assert!(
        !body.contains(r#"<form id="add-form""#),
        "the form stays: {body}"
    );
    assert!(
        body.starts_with(r#"<ul id="todo-list" hx-swap-oob="true""#),
        "{body}"
    );
    assert!(
        body.contains(r#"<div id="todo-footer" hx-swap-oob="true""#),
        "{body}"
    );
    assert!(
        body.contains(r#"<span id="todo-count" class="whitespace-nowrap text-sm text-slate-600">1 item left</span>"#),
        "{body}"
    );
    assert!(
        body.ends_with(r#"<p id="todo-status" class="sr-only" role="status" aria-live="polite" hx-swap-oob="innerHTML">1 item left</p>"#),
        "the count is announced: {body}"
    );
    assert!(
        body.contains("Buy &lt;milk&gt;"),
        "escaped and trimmed: {body}"
    );
    assert_eq!(db.list(Filter::All).await.unwrap()[0].title, "Buy <milk>");
    assert_eq!(
        res.header("vary"),
        Some("hx-request"),
        "answers differ for htmx"
    );
}

#[tokio::test]
async fn invalid_titles_come_back_with_422_and_the_error_inline() {
    let (client, db) = client().await;
    let long = "x".repeat(201);
    for (title, msg) in [
        ("   ", "Write something first."),
        ("", "Write something first."),
        (long.as_str(), "Keep it under 200 characters."),
    ] {
        let res = client
            .link(&index::add())
            .htmx()
            .form(&Title { title })
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.text().contains(msg), "{}", res.text());
        assert!(!res.text().contains("hx-swap-oob"), "{}", res.text());
    }
    assert!(db.list(Filter::All).await.unwrap().is_empty());
}

#[tokio::test]
async fn forms_work_without_javascript() {
    let (client, db) = client().await;
    let token = client.csrf_token().unwrap();
    let res = client
        .link(&index::add())
        .without_csrf()
        .form(&[("_csrf", token.as_str()), ("title", "No JS")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/"));
    let todo = &db.list(Filter::All).await.unwrap()[0];
    assert_eq!(todo.title, "No JS");

    // The toggle form of each item carries the token too.
    let page = client.get("/").await;
    let field = format!(r#"<input type="hidden" name="_csrf" value="{token}">"#);
    let toggle_form = page
        .text()
        .split(&format!(r#"action="{}""#, by_id::toggle(todo.id).url()))
        .nth(1)
        .unwrap();
    assert!(
        toggle_form
            .split("</form>")
            .next()
            .unwrap()
            .contains(&field),
        "{}",
        page.text()
    );
    let res = client
        .link(&by_id::toggle(todo.id))
        .without_csrf()
        .form(&[("_csrf", token.as_str())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(db.get(todo.id).await.unwrap().unwrap().done);

    // A refused title goes back to the page (an address that answers a
    // reload), with what was typed and why.
    let res = client
        .link(&index::add())
        .without_csrf()
        .form(&[("_csrf", token.as_str()), ("title", "  ")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.header("location").unwrap().to_owned();
    assert_eq!(back, "/?title=++&error=empty");
    let page = client.get(&back).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().contains("Write something first."));

    // Adding under a filter stays under it.
    let active = todo::under(index::add(), Filter::Active);
    let res = client
        .link(&active)
        .without_csrf()
        .form(&[("_csrf", token.as_str()), ("title", "Second")])
        .await;
    assert_eq!(res.header("location"), Some("/?filter=active"));

    // Filter links are plain links too, the current one marked.
    let link = todo::urls::pages::index().query("filter", "active");
    let res = client.link(&link).await;
    assert!(
        !res.text().contains("No JS"),
        "the active filter hides done todos"
    );
    assert!(
        res.text()
            .contains(r#"aria-current="page" href="/?filter=active""#),
        "{}",
        res.text()
    );

    // Edit is a link to the page with the editor open; saving redirects.
    let second = db.list(Filter::Active).await.unwrap()[0].clone();
    let page = client.get(format!("/?edit={}", second.id)).await;
    assert!(page.text().contains(r#"<li id="todo-"#));
    assert!(
        page.text().contains(r#"class="todo editing"#),
        "{}",
        page.text()
    );
    assert!(page.text().contains(r#"value="Second""#));
    let res = client
        .link(&by_id::update(second.id))
        .without_csrf()
        .form(&[("_csrf", token.as_str()), ("title", "")])
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("/?edit={}&title=&error=empty", second.id).as_str())
    );
    let res = client
        .link(&by_id::update(second.id))
        .without_csrf()
        .form(&[("_csrf", token.as_str()), ("title", "Renamed")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(db.get(second.id).await.unwrap().unwrap().title, "Renamed");

    // Delete is a form posting with `_method=DELETE`.
    let delete = by_id::delete(second.id);
    let action = format!(r#"action="{}?_method=DELETE""#, delete.url());
    assert!(client.get("/").await.text().contains(&action));
    let res = client
        .post(format!("{}?_method=DELETE", delete.url()))
        .without_csrf()
        .form(&[("_csrf", token.as_str())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(db.get(second.id).await.unwrap().is_none());
}

#[tokio::test]
async fn toggling_under_a_filter_that_hides_the_item_deletes_it() {
    let (client, db) = client().await;
    let t = db.add("a".into()).await.unwrap();
    let res = client
        .link(&by_id::toggle(t.id))
        .htmx()
        .header("hx-current-url", "http://localhost/?filter=active")
        .await;
    assert_eq!(res.header("hx-reswap"), Some("delete"));
    assert!(
        res.text()
            .starts_with(r#"<div id="todo-footer" hx-swap-oob="true""#),
        "{}",
        res.text()
    );
    assert!(res.text().contains("0 items left"));

    let res = client
        .link(&by_id::toggle(t.id))
        .htmx()
        .header("hx-current-url", "http://localhost/?filter=all")
        .await;
    assert!(res.header("hx-reswap").is_none());
    assert!(
        res.text()
            .starts_with(&format!(r#"<li id="todo-{}""#, t.id)),
        "{}",
        res.text()
    );
    assert!(res.text().contains("1 item left"));
}

#[tokio::test]
async fn unknown_todos_methods_and_csrf_are_refused() {
    let (client, db) = client().await;
    let res = client.link(&by_id::toggle(99)).htmx().await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.header("hx-trigger"),
        Some(todo::STALE),
        "a page that acted on a removed todo is stale: its list catches up"
    );
    for link in [by_id::delete(99), by_id::edit(99), by_id::update(99)] {
        let res = client.link(&link).htmx().form(&[("title", "x")]).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        assert_eq!(res.header("hx-trigger"), Some(todo::STALE));
    }
    let res = client.post("/_partials/todos/x/toggle").htmx().await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "an id that does not parse"
    );
    let res = client.get(by_id::toggle(1).url()).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.header("allow"), Some("POST"));
    let res = client.post(by_id::delete(1).url()).without_csrf().await;
    assert_eq!(
        res.status(),
        StatusCode::METHOD_NOT_ALLOWED,
        "a method the route does not take is not CSRF-checked and changes nothing"
    );
    let t = db.add("keep".into()).await.unwrap();
    let res = client.link(&by_id::toggle(t.id)).without_csrf().await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "no token");
    assert!(!db.get(t.id).await.unwrap().unwrap().done);
    let res = client.link(&by_id::edit(t.id + 1)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = client
        .link(&index::add())
        .header("sec-fetch-site", "cross-site")
        .form(&Title { title: "evil" })
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(db.list(Filter::All).await.unwrap().len(), 1);
}

#[tokio::test]
async fn clearing_without_javascript_redirects_to_the_page() {
    let (client, _db) = client().await;
    let res = client
        .link(&index::clear())
        .form(&[("_csrf", client.csrf_token().unwrap())])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/"));
    assert!(res.header("hx-redirect").is_none());
    let res = client.link(&index::clear()).htmx().await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.header("location").is_none());
    assert!(
        res.headers().get("hx-redirect").is_none(),
        "htmx gets the list"
    );
    assert!(res.text().contains(r#"id="todo-list""#));
}

#[tokio::test]
async fn the_stylesheet_is_generated_from_the_sources() {
    let css = todo::assets::STYLES_CSS.body;
    let css = std::str::from_utf8(css).unwrap();
    for class in [
        ".bg-indigo-600",
        r".hover\:bg-indigo-700:hover",
        ".line-through",
        ".divide-y",
    ] {
        assert!(
            css.contains(class),
            "{class} missing from the generated CSS"
        );
    }
    assert!(!css.contains(".bg-pink-500"), "only used classes");
    let (client, _db) = client().await;
    let res = client.get(todo::assets::STYLES_CSS.url).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "max-age=31536000, immutable"
    );
}

/// The list and footer are a cached component keyed by the todos'
/// revision: a repeat load renders nothing again and gets 304, a change
/// shows at once.
#[tokio::test]
async fn the_listing_is_cached_until_a_change_and_a_repeat_load_is_304() {
    let db = Db::in_memory().unwrap();
    let cache = hyperox::cache::Cache::new(hyperox::cache::MemoryStore::new(1 << 20));
    let mut app = todo::app(db.clone()).unwrap();
    app.cache(cache.clone());
    let client = Client::new(app);
    db.add("first".into()).await.unwrap();
    let page = client.get("/").await;
    assert!(page.text().contains("first"));
    let etag = page.header("etag").expect("an ETag").to_owned();
    for _ in 0..3 {
        let again = client.get("/").header("if-none-match", &etag).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    assert_eq!(cache.store().stats().computations, 1, "rendered once");
    // A change moves the revision on: the next load renders it.
    db.add("second".into()).await.unwrap();
    let page = client.get("/").header("if-none-match", &etag).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.text().contains("second"), "{}", page.text());
    assert_ne!(page.header("etag"), Some(etag.as_str()));
    // Each filter is its own entry.
    let active = client.get("/?filter=active").await;
    assert!(active.text().contains("first"));
    let done = client.get("/?filter=completed").await;
    assert!(!done.text().contains("first"));
    assert_eq!(cache.store().stats().computations, 4);
}

#[tokio::test]
async fn cookie_less_requests_share_one_cached_listing() {
    use hyperox::cache::{Cache, MemoryStore, Store};
    let db = Db::in_memory().unwrap();
    for title in ["one", "two", "three"] {
        db.add(title.into()).await.unwrap();
    }
    let store: std::sync::Arc<dyn Store> = std::sync::Arc::new(MemoryStore::new(64 << 20));
    let mut app = todo::app(db).unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the test key, thirty-two characters or more".into()),
        ..Config::default()
    });
    app.cache(Cache::from_arc(store.clone()));
    let service = app.into_service();
    let mut tokens = std::collections::HashSet::new();
    // A crawler: every request without a cookie, so each gets a new
    // CSRF token.
    for i in 0..10_000 {
        let client = Client::from_service(service.clone());
        let res = client.get("/").await;
        assert_eq!(res.status(), StatusCode::OK);
        if i < 3 {
            let token = client.csrf_token().unwrap();
            assert!(
                res.text().contains(&format!("value=\"{token}\"")),
                "the forms carry it"
            );
            tokens.insert(token);
        }
    }
    assert_eq!(
        tokens.len(),
        3,
        "each cookie-less request gets its own token"
    );
    let stats = store.stats();
    assert!(stats.entries <= 2, "{stats:?}");
    assert!(stats.bytes < 64 * 1024, "{stats:?}");
    assert!(stats.hits >= 9_990, "{stats:?}");
}

#[tokio::test]
async fn the_page_has_one_autofocus_and_a_title_naming_its_filter() {
    let (client, db) = client().await;
    let t = db.add("write the report".into()).await.unwrap();
    let count = |text: &str| text.matches(" autofocus").count();
    let page = client.get("/").await;
    assert_eq!(count(page.text()), 1, "the add field");
    assert!(page.text().contains("<title>Todos · hyperox</title>"));
    // Without JavaScript, following Edit opens the editor in the page:
    // the editor has the focus, not the add field.
    let editing = client.get(format!("/?edit={}", t.id)).await;
    assert_eq!(editing.status(), StatusCode::OK);
    let text = editing.text();
    assert_eq!(count(text), 1, "{text}");
    let editor = text
        .find("class=\"todo editing")
        .expect("the editor is open");
    assert!(text[editor..].contains(" autofocus"), "the editor's field");
    for (filter, title) in [
        ("active", "Active todos · hyperox"),
        ("completed", "Completed todos · hyperox"),
    ] {
        let page = client.get(format!("/?filter={filter}")).await;
        assert!(
            page.text().contains(&format!("<title>{title}</title>")),
            "{filter}"
        );
        // The list partial carries it too: htmx sets the document's title.
        let list = client
            .link(&index::list().query("filter", filter))
            .htmx()
            .await;
        assert!(
            list.text().starts_with(&format!("<title>{title}</title>")),
            "{filter}"
        );
    }
}

#[tokio::test]
async fn closing_an_edit_tells_the_list_to_catch_up_with_what_it_missed() {
    let (client, db) = client().await;
    let a = db.add("Mine".into()).await.unwrap();
    let rev_of = |editor: &str| {
        editor
            .split(r#"name="rev" value=""#)
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("the editor carries its revision")
            .to_owned()
    };
    // Nothing changed while the editor was open: no catch-up.
    let editor = client.link(&by_id::edit(a.id)).htmx().await;
    let rev = rev_of(editor.text());
    let saved = client
        .link(&by_id::update(a.id))
        .htmx()
        .form(&[("title", "Mine, renamed"), ("rev", rev.as_str())])
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.header("hx-trigger"), None);
    // Another page added one and completed one meanwhile: the save, and
    // a cancel, tell the list to catch up.
    let editor = client.link(&by_id::edit(a.id)).htmx().await;
    let rev = rev_of(editor.text());
    let other = db.add("Theirs".into()).await.unwrap();
    db.toggle(other.id).await.unwrap();
    let saved = client
        .link(&by_id::update(a.id))
        .htmx()
        .form(&[("title", "Mine again"), ("rev", rev.as_str())])
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.header("hx-trigger"), Some(todo::STALE));
    let cancel_link = editor
        .text()
        .split("hx-get=\"")
        .find(|s| s.starts_with(by_id::view(a.id).url()))
        .and_then(|s| s.split('"').next())
        .expect("the cancel link")
        .replace("&amp;", "&");
    assert!(
        cancel_link.ends_with(&format!("rev={rev}")),
        "{cancel_link}"
    );
    let cancelled = client.get(cancel_link).htmx().await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(cancelled.header("hx-trigger"), Some(todo::STALE));
    // The list listens for it.
    let page = client.get("/").await;
    assert!(
        page.text().contains("todos-stale from:body"),
        "{}",
        page.text()
    );
}
