//! htmgo's control helpers, in hyperox.

use hyperox::html::prelude::*;

/// `h.If`: conditions.
#[test]
fn conditions() {
    let (cond, node) = (true, p("yes"));
    let (a, b) = (p("a"), p("b"));
    assert_eq!(div(if_(cond, node)).render(), "<div><p>yes</p></div>");
    assert_eq!(div(if_else(cond, a, b)).render(), "<div><p>a</p></div>");
    // A branch built only when taken.
    assert_eq!(
        div(if_lazy(false, || p("never built"))).render(),
        "<div></div>"
    );
    assert_eq!(
        div(if_else_lazy(false, || p("a"), || p("b"))).render(),
        "<div><p>b</p></div>"
    );
    assert_eq!(
        div(cond.then(|| p("opt"))).render(),
        "<div><p>opt</p></div>"
    );
}

/// `h.List`: lists; Rust's iterators for the rest.
#[test]
fn lists() {
    let items = [1, 2, 3, 4];
    assert_eq!(
        ul(each(items, |item| li((class("item"), item)))).render(),
        r#"<ul><li class="item">1</li><li class="item">2</li><li class="item">3</li><li class="item">4</li></ul>"#
    );
    let even = items.into_iter().filter(|n| n % 2 == 0);
    assert_eq!(ul(each(even, li)).render(), "<ul><li>2</li><li>4</li></ul>");
    assert_eq!(items.iter().find(|n| **n > 2), Some(&3));
}

/// `h.IfHtmxRequest`.
#[tokio::test]
async fn htmx_requests() {
    async fn page(cx: hyperox::Cx<'_, ()>) -> hyperox::Page {
        hyperox::Page::new(p(if cx.is_htmx() { "htmx" } else { "browser" }))
    }
    let mut app = hyperox::App::new(());
    app.page("/", page).unwrap();
    let client = hyperox::test::Client::new(app);
    assert!(client.get("/").await.text().contains("browser"));
    let res = client.get("/").header("HX-Request", "true").await;
    assert!(res.text().contains("htmx"));
}

/// `h.IfQueryParam`: typed queries, and links with parameters.
#[tokio::test]
async fn queries() {
    #[allow(unreachable_pub)]
    mod files {
        use hyperox::prelude::*;

        #[derive(serde::Deserialize)]
        pub struct Search {
            q: String,
            page: Option<u32>,
        }

        #[page]
        pub async fn page(_cx: hyperox::Cx<'_, ()>, Query(s): Query<Search>) -> Page {
            Page::new(p(textf!("{} on page {}", s.q, s.page.unwrap_or(1))))
        }
    }
    let mut app = hyperox::App::new(());
    app.page("/search", files::__hyperox_route_page).unwrap();
    let link = hyperox::Link::get("/search");
    let link = link.query("q", "a&b").query("page", 2);
    assert_eq!(link.url(), "/search?q=a%26b&page=2");
    let client = hyperox::test::Client::new(app);
    assert!(
        client
            .link(&link)
            .await
            .text()
            .contains("a&amp;b on page 2")
    );
    assert_eq!(client.get("/search").await.status(), 400, "q is required");
}

/// `h.GenId`: ids made from your data.
#[test]
fn ids() {
    struct Todo {
        id: u32,
    }
    let todo = Todo { id: 7 };
    assert_eq!(
        li(id(("todo-", todo.id))).render(),
        r#"<li id="todo-7"></li>"#
    );
}

/// `h.JsonSerializeOrEmpty`: values as JSON, escaped.
#[test]
fn json_values() {
    let value = serde_json::json!({"id": 1});
    assert_eq!(
        button(htmx::vals(&value)).render(),
        r#"<button hx-vals="{&quot;id&quot;:1}"></button>"#
    );
}
