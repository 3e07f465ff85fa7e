//! What every answer gets without the app writing it, with routes
//! registered by hand: head tags, styled error pages, CSRF fields, the
//! extension scripts a page uses, polling tags, and the method a form
//! names with `_method`.

mod head_tags {
    use hyperox::App;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn forgot(_cx: Cx<'_, ()>) -> Page {
        Page::new(html((head(title("No tags")), body(h1("Hi")))))
    }

    async fn no_head(_cx: Cx<'_, ()>) -> Page {
        Page::new(html(body(h1("Hi"))))
    }

    async fn has(cx: Cx<'_, ()>) -> Page {
        Page::new(html((head((title("Tags"), cx.head())), body(h1("Hi")))))
    }

    async fn fragment(_cx: Cx<'_, ()>) -> Partial {
        Partial::new(p("a fragment"))
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/forgot", forgot).unwrap();
        app.page("/no-head", no_head).unwrap();
        app.page("/has", has).unwrap();
        app.page("/fragment", fragment).unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_page_that_forgot_its_head_tags_gets_them() {
        let client = client();
        let page = client.get("/forgot").await;
        let text = page.text();
        assert!(
            text.starts_with(r#"<!DOCTYPE html><html><head><meta name="csrf-token" content=""#),
            "{text}"
        );
        assert!(text.contains("<title>No tags</title>"), "{text}");
        assert!(text.contains("<script src=\"/assets/htmx."), "{text}");
        // Its token is the client's: the cookie that goes with it is set.
        let token = client.csrf_token().expect("a token cookie");
        assert!(text.contains(&token), "{text}");

        let page = client.get("/no-head").await;
        assert!(
            page.text()
                .starts_with(r#"<!DOCTYPE html><html><head><meta name="csrf-token""#),
            "{}",
            page.text()
        );
        assert!(
            page.text().contains("</head><body><h1>Hi</h1>"),
            "{}",
            page.text()
        );
    }

    #[tokio::test]
    async fn a_page_with_its_tags_and_a_fragment_are_left_alone() {
        let client = client();
        let page = client.get("/has").await;
        assert_eq!(
            page.text().matches(r#"name="csrf-token""#).count(),
            1,
            "{}",
            page.text()
        );
        let part = client.get("/fragment").htmx().await;
        assert_eq!(part.text(), "<p>a fragment</p>");
    }
}

mod error_pages {
    use hyperox::prelude::*;
    use hyperox::test::Client;
    use hyperox::{App, Rejection};

    async fn missing(_cx: Cx<'_, ()>) -> Result<Page, Rejection> {
        Err(Rejection::not_found("No such todo: <42>"))
    }

    async fn boom(_cx: Cx<'_, ()>) -> Page {
        panic!("the handler fell over")
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/todos/42", missing).unwrap();
        app.page("/boom", boom).unwrap();
        Client::new(app)
    }

    const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    #[tokio::test]
    async fn a_browser_gets_a_styled_page_with_the_status_and_message() {
        let client = client();
        let res = client.get("/todos/42").header("accept", BROWSER).await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
        let text = res.text();
        assert!(
            text.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{text}"
        );
        assert!(text.contains("<title>404 Not Found</title>"), "{text}");
        assert!(text.contains("<h1>No such todo: &lt;42&gt;</h1>"), "{text}");
        assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
        assert!(res.header("content-security-policy").is_some());

        for (path, status) in [("/nowhere", 404), ("/boom", 500)] {
            let res = client.get(path).header("accept", BROWSER).await;
            assert_eq!(res.status(), status, "{path}");
            assert!(
                res.text().contains(&format!("<title>{status} ")),
                "{path}: {}",
                res.text()
            );
            assert!(res.text().contains("<html lang=\"en\">"), "{path}");
        }
        let res = client.post("/todos/42").header("accept", BROWSER).await;
        assert_eq!(res.status(), 405);
        assert!(
            res.text().contains("<title>405 Method Not Allowed</title>"),
            "{}",
            res.text()
        );
    }

    #[tokio::test]
    async fn the_page_links_the_apps_icon_or_an_empty_one() {
        // No icon: an empty one, so the browser asks for no /favicon.ico.
        let res = client().get("/todos/42").header("accept", BROWSER).await;
        assert!(
            res.text().contains(r#"<link rel="icon" href="data:,">"#),
            "{}",
            res.text()
        );
        static FAVICON: hyperox::assets::Asset = hyperox::assets::Asset {
            name: "favicon.svg",
            url: "/assets/favicon.0123456789ab.svg",
            content_type: "image/svg+xml",
            etag: "\"0123456789ab\"",
            body: b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            gzip: None,
            brotli: None,
            dev_path: None,
        };
        let mut app = App::new(());
        app.assets(&[&FAVICON]);
        let res = Client::new(app).get("/x").header("accept", BROWSER).await;
        assert!(
            res.text()
                .contains(r#"<link rel="icon" href="/assets/favicon.0123456789ab.svg">"#),
            "{}",
            res.text()
        );
    }

    #[tokio::test]
    async fn the_page_is_in_the_apps_language() {
        let mut app = App::new(());
        app.page("/todos/42", missing).unwrap();
        let config =
            hyperox::Config::from_vars(|n| (n == "HYPEROX_LANG").then(|| "pt-BR".into())).unwrap();
        app.set_config(config);
        let res = Client::new(app).get("/x").header("accept", BROWSER).await;
        assert_eq!(res.status(), 404);
        assert!(
            res.text().contains("<html lang=\"pt-BR\">"),
            "{}",
            res.text()
        );
        let bad = hyperox::Config::from_vars(|n| (n == "HYPEROX_LANG").then(|| "en us".into()));
        assert!(bad.unwrap_err().to_string().contains("HYPEROX_LANG"));
    }

    #[tokio::test]
    async fn htmx_and_api_clients_keep_the_plain_message() {
        let client = client();
        let res = client
            .get("/todos/42")
            .htmx()
            .header("accept", BROWSER)
            .await;
        assert_eq!(res.status(), 404);
        assert_eq!(res.text(), "No such todo: <42>");
        let res = client
            .get("/todos/42")
            .header("accept", "application/json")
            .await;
        assert_eq!(res.text(), "No such todo: <42>");
    }
}

mod csrf_fields {
    use hyperox::App;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn forms(_cx: Cx<'_, ()>) -> Page {
        Page::new(html(body((
            form((
                attr("method", "post"),
                attr("action", "/toggle"),
                button("Toggle"),
            )),
            form((attr("method", "POST"), button("Here"))),
            form((
                attr("method", "get"),
                attr("action", "/search"),
                input(name("q")),
            )),
            // A GET form whose title reads like the attributes of a form
            // that posts: a field here would put the token in its URL.
            form((
                attr("title", "a method=post action=/toggle"),
                attr("method", "get"),
            )),
            form((
                attr("method", "post"),
                attr("action", "https://elsewhere.example/x"),
            )),
            form((
                attr("method", "post"),
                attr("action", "//elsewhere.example/x"),
            )),
            form((
                attr("method", "post"),
                attr("action", "/\\elsewhere.example/x"),
            )),
        ))))
    }

    async fn has_field(cx: Cx<'_, ()>) -> Page {
        Page::new(html(body(form((
            attr("method", "post"),
            attr("action", "/toggle"),
            cx.csrf_field(),
        )))))
    }

    async fn toggle(_cx: Cx<'_, ()>) -> Partial {
        Partial::new("toggled")
    }

    /// A `<form>` inside a form, which the HTML parser drops, and a field
    /// after a form's end, which is no field of that form.
    async fn odd_forms(_cx: Cx<'_, ()>) -> Page {
        Page::new(html(body(unsafe_raw(
            r#"<form method="post" action="/toggle"><form method="post" action="/toggle"><button>In</button></form></form>"#.to_owned()
                + r#"<form method="post" action="/toggle"><button>Out</button></form><input type="hidden" name="_csrf" value="x">"#,
        ))))
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/", forms).unwrap();
        app.page("/has", has_field).unwrap();
        app.page("/odd", odd_forms).unwrap();
        app.route(hyperox::http::Method::POST, "/toggle", toggle)
            .unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_form_that_posts_here_gets_its_field_and_others_do_not() {
        let client = client();
        let page = client.get("/").await;
        let text = page.text();
        let token = client.csrf_token().expect("a token");
        let field = format!(r#"<input type="hidden" name="_csrf" value="{token}">"#);
        assert!(
            text.contains(&format!(
                r#"<form method="post" action="/toggle">{field}<button>"#
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(r#"<form method="POST">{field}"#)),
            "{text}"
        );
        assert_eq!(text.matches(r#"name="_csrf""#).count(), 2, "{text}");
        // The field works: the form posts without JavaScript.
        let posted = client
            .post("/toggle")
            .without_csrf()
            .body(
                "application/x-www-form-urlencoded",
                format!("_csrf={token}"),
            )
            .header("origin", "http://localhost")
            .await;
        assert_eq!(posted.status(), 200, "{}", posted.text());
    }

    #[tokio::test]
    async fn a_form_inside_a_form_gets_no_field_and_one_after_a_form_is_not_its() {
        let client = client();
        let page = client.get("/odd").await;
        let text = page.text();
        let token = client.csrf_token().expect("a token");
        let field = format!(r#"<input type="hidden" name="_csrf" value="{token}">"#);
        let want = format!(
            r#"<form method="post" action="/toggle">{field}<form method="post" action="/toggle"><button>In</button></form></form><form method="post" action="/toggle">{field}<button>Out</button></form>"#
        );
        assert!(text.contains(&want), "{text}");
        assert_eq!(text.matches(r#"name="_csrf""#).count(), 3, "{text}");
    }

    #[tokio::test]
    async fn a_form_with_its_field_is_left_alone() {
        let client = client();
        let page = client.get("/has").await;
        assert_eq!(
            page.text().matches(r#"name="_csrf""#).count(),
            1,
            "{}",
            page.text()
        );
    }
}

mod polling_tags {
    use hyperox::App;
    use hyperox::html::htmx;
    use hyperox::prelude::*;
    use hyperox::test::Client;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    type State = Arc<AtomicUsize>;

    async fn poller(cx: Cx<'_, State>) -> Page {
        Page::new(html((
            head((title("Poll"), cx.head())),
            body(div((htmx::get("/news"), htmx::ptag("0")))),
        )))
    }

    async fn plain(cx: Cx<'_, State>) -> Page {
        Page::new(html((
            head((title("Plain"), cx.head())),
            body(p("no polling")),
        )))
    }

    async fn news(cx: Cx<'_, State>) -> Partial {
        Partial::new(p(format!("edition {}", cx.state().load(Ordering::SeqCst))))
    }

    fn client() -> (Client<State>, State) {
        let edition = Arc::new(AtomicUsize::new(1));
        let mut app = App::new(edition.clone());
        app.page("/", poller).unwrap();
        app.page("/plain", plain).unwrap();
        app.page("/news", news).unwrap();
        (Client::new(app), edition)
    }

    #[tokio::test]
    async fn a_page_loads_the_extensions_it_uses_and_no_other() {
        let (client, _) = client();
        let page = client.get("/").await;
        let ptag = hyperox::assets::PTAG.url;
        let text = page.text();
        assert!(
            text.contains(&format!("<script src=\"{ptag}\"></script></head>")),
            "{text}"
        );
        assert!(!client.get("/plain").await.text().contains(ptag));
        assert_eq!(client.get(ptag).await.status(), 200);
    }

    #[tokio::test]
    async fn an_unchanged_poll_is_a_304_and_a_changed_one_the_new_answer() {
        let (client, edition) = client();
        let first = client
            .get("/news")
            .htmx()
            .header("HX-PTag", "0")
            .send()
            .await;
        assert_eq!(first.status(), 200);
        assert_eq!(first.text(), "<p>edition 1</p>");
        let tag = first
            .header("hx-ptag")
            .expect("the answer's tag")
            .to_owned();
        assert!(first.header("vary").unwrap_or("").contains("hx-ptag"));

        let again = client
            .get("/news")
            .htmx()
            .header("HX-PTag", &tag)
            .send()
            .await;
        assert_eq!(again.status(), 304);
        assert_eq!(again.text(), "");
        assert_eq!(again.header("hx-ptag"), Some(tag.as_str()));

        edition.store(2, Ordering::SeqCst);
        let changed = client
            .get("/news")
            .htmx()
            .header("HX-PTag", &tag)
            .send()
            .await;
        assert_eq!(changed.status(), 200);
        assert_eq!(changed.text(), "<p>edition 2</p>");
        assert_ne!(changed.header("hx-ptag"), Some(tag.as_str()));

        // A request without a tag gets no tag.
        assert!(
            client
                .get("/news")
                .htmx()
                .send()
                .await
                .header("hx-ptag")
                .is_none()
        );
    }
}

mod method_override {
    use hyperox::App;
    use hyperox::http::Method;
    use hyperox::prelude::*;
    use hyperox::test::Client;

    async fn remove(cx: Cx<'_, ()>) -> Partial {
        Partial::new(format!(
            "deleted, query {}",
            cx.uri().query().unwrap_or("none")
        ))
    }

    async fn home(cx: Cx<'_, ()>) -> Page {
        Page::new(html((head(cx.head()), body("home"))))
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/", home).unwrap();
        app.route(Method::DELETE, "/todos/7", remove).unwrap();
        Client::new(app)
    }

    #[tokio::test]
    async fn a_form_posting_with_method_delete_reaches_the_delete_route() {
        let client = client();
        client.get("/").send().await; // a token cookie
        let res = client
            .post("/todos/7?_method=DELETE&keep=1")
            .form(&())
            .send()
            .await;
        assert_eq!(res.status(), 200, "{}", res.text());
        assert_eq!(res.text(), "deleted, query keep=1");
        let res = client
            .post("/todos/7?_method=delete")
            .form(&())
            .send()
            .await;
        assert_eq!(res.text(), "deleted, query none");
    }

    #[tokio::test]
    async fn only_a_post_naming_a_known_method_is_rerouted_and_still_csrf_checked() {
        let client = client();
        client.get("/").send().await;
        assert_eq!(client.post("/todos/7").form(&()).send().await.status(), 405);
        assert_eq!(
            client
                .post("/todos/7?_method=GET")
                .form(&())
                .send()
                .await
                .status(),
            405
        );
        assert_eq!(
            client.get("/todos/7?_method=DELETE").send().await.status(),
            405
        );
        let res = client
            .post("/todos/7?_method=DELETE")
            .without_csrf()
            .form(&())
            .send()
            .await;
        assert_eq!(res.status(), 403);
    }
}

/// Forms posted to partials by a browser running no script.
mod without_javascript {
    use hyperox::http::StatusCode;
    use hyperox::prelude::*;
    use hyperox::test::Client;
    use hyperox::{App, Rejection};

    const BROWSER: &str = "text/html,application/xhtml+xml,*/*;q=0.8";

    #[derive(serde::Deserialize)]
    struct Signup {
        email: String,
    }

    fn form_view(cx: &Cx<'_, ()>, email: &str, error: Option<&str>) -> impl Node + use<> {
        form((
            id("signup"),
            attr("method", "post"),
            attr("action", "/_partials/signup/submit"),
            cx.csrf_field(),
            input((name("email"), value(email.to_owned()))),
            error.map(|e| p((class("error"), e.to_owned()))),
            button("Sign up"),
        ))
    }

    async fn page(cx: Cx<'_, ()>) -> Page {
        Page::new(html((
            head(title("Sign up")),
            body(main((h1("Sign up"), form_view(&cx, "", None)))),
        )))
    }

    async fn submit(mut cx: Cx<'_, ()>) -> Result<Partial, Rejection> {
        let s: Signup = cx.form().await?;
        if !s.email.contains('@') {
            return Ok(
                Partial::new(form_view(&cx, &s.email, Some("Enter an email address.")))
                    .status(StatusCode::UNPROCESSABLE_ENTITY),
            );
        }
        Ok(Partial::new(p(format!("Thanks, {}!", s.email))))
    }

    async fn big(_cx: Cx<'_, ()>) -> Partial {
        Partial::new(p("x".repeat(5000)))
    }

    async fn nothing(_cx: Cx<'_, ()>) -> Partial {
        Partial::empty()
    }

    fn client() -> Client<()> {
        let mut app = App::new(());
        app.page("/signup", page).unwrap();
        app.route(
            hyperox::http::Method::POST,
            "/_partials/signup/submit",
            submit,
        )
        .unwrap();
        app.route(hyperox::http::Method::POST, "/_partials/big", big)
            .unwrap();
        app.route(hyperox::http::Method::POST, "/_partials/nothing", nothing)
            .unwrap();
        Client::new(app)
    }

    /// A form posted to `path` from `/signup` by a browser running no
    /// script, with the page's CSRF field and `fields`.
    async fn post_plain(
        client: &Client<()>,
        path: &str,
        fields: &[(&str, &str)],
    ) -> hyperox::test::TestResponse {
        let token = client.csrf_token().unwrap();
        let mut form = vec![("_csrf", token.as_str())];
        form.extend_from_slice(fields);
        client
            .post(path)
            .without_csrf()
            .header("accept", BROWSER)
            .header("referer", "http://localhost/signup")
            .form(&form)
            .await
    }

    #[tokio::test]
    async fn a_refused_form_goes_back_to_its_page_with_its_errors_in_place() {
        let client = client();
        client.get("/signup").header("accept", BROWSER).await;
        let res = post_plain(&client, "/_partials/signup/submit", &[("email", "nope")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.header("location"), Some("/signup"));
        assert!(client.cookie("hyperox_flash").is_some());
        let back = client.get("/signup").header("accept", BROWSER).await;
        assert_eq!(back.status(), StatusCode::OK);
        let text = back.text();
        assert!(text.starts_with("<!DOCTYPE html>"), "{text}");
        assert!(text.contains(r#"value="nope""#), "{text}");
        assert!(text.contains("Enter an email address."), "{text}");
        assert_eq!(text.matches("<form").count(), 1, "in place: {text}");
        assert_eq!(back.header("cache-control"), Some("no-store"));
        // Once: a reload shows the empty form.
        assert!(client.cookie("hyperox_flash").is_none());
        let again = client.get("/signup").header("accept", BROWSER).await;
        assert!(!again.text().contains("Enter an email address."));
    }

    #[tokio::test]
    async fn a_success_shows_on_the_page_and_htmx_still_gets_the_fragment() {
        let client = client();
        client.get("/signup").header("accept", BROWSER).await;
        let res = post_plain(
            &client,
            "/_partials/signup/submit",
            &[("email", "ada@example.com")],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let back = client.get("/signup").header("accept", BROWSER).await;
        assert!(
            back.text()
                .contains(r#"<main><div role="status"><p>Thanks, ada@example.com!</p></div><h1>"#),
            "{}",
            back.text()
        );
        let htmx = client
            .post("/_partials/signup/submit")
            .htmx()
            .header("accept", BROWSER)
            .header("referer", "http://localhost/signup")
            .form(&[("email", "ada@example.com")])
            .await;
        assert_eq!(htmx.status(), StatusCode::OK);
        assert_eq!(htmx.text(), "<p>Thanks, ada@example.com!</p>");
    }

    #[tokio::test]
    async fn a_forged_cookie_shows_nothing_and_a_large_fragment_is_a_whole_page() {
        let client = client();
        client.get("/signup").header("accept", BROWSER).await;
        let forged = client
            .get("/signup")
            .header("accept", BROWSER)
            .header(
                "cookie",
                "hyperox_flash=/signup.<script>alert(1)</script>.00000000000000000000000000000000",
            )
            .await;
        assert!(
            !forged.text().contains("<script>alert"),
            "{}",
            forged.text()
        );
        // An empty answer: back to the page, nothing to show.
        let res = post_plain(&client, "/_partials/nothing", &[]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert!(client.cookie("hyperox_flash").is_none());
        let res = post_plain(&client, "/_partials/big", &[]).await;
        assert_eq!(res.status(), StatusCode::OK);
        let text = res.text();
        assert!(
            text.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{text}"
        );
        assert!(text.contains(r#"<a href="/signup">Back</a>"#), "{text}");
        assert!(
            text.contains("<link rel=\"stylesheet\"") || text.contains("<script"),
            "the app's head: {text}"
        );
    }
}
