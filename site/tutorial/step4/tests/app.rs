//! The app in-process through hyperox's test client.

use hyperox::test::Client;
use std::sync::Mutex;
use tutorial_step4::{State, Todo, urls};

#[tokio::test]
async fn the_page_lists_the_todos() {
    let state = State {
        todos: Mutex::new(vec![Todo {
            id: 1,
            title: "Buy <milk>".into(),
            done: false,
        }]),
    };
    let client = Client::new(tutorial_step4::app_with(state).unwrap());
    let page = client.get("/").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .contains(r#"<li id="todo-1" class="flex items-center gap-2 py-2">"#),
        "{}",
        page.text()
    );
    assert!(page.text().contains("Buy &lt;milk&gt;"));
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let client = Client::new(tutorial_step4::app().unwrap());
    assert!(client.get("/").await.text().contains("Nothing to do yet."));
}

#[tokio::test]
async fn htmx_adds_a_todo_and_gets_the_list_out_of_band() {
    let client = Client::new(tutorial_step4::app().unwrap());
    client.get("/").await;
    let add = urls::partials::todos::index::add();
    let res = client
        .link(&add)
        .htmx()
        .form(&[("title", "Buy <milk>")])
        .await;
    assert_eq!(res.status(), 200);
    let list = res.text();
    assert!(
        list.starts_with(r#"<div id="list" hx-swap-oob="true">"#),
        "{list}"
    );
    assert!(
        list.contains(r#"<li id="todo-1" class="flex items-center gap-2 py-2">"#),
        "{list}"
    );
    assert!(!list.contains("Nothing to do yet."));
    assert!(client.get("/").await.text().contains("Buy &lt;milk&gt;"));
}

#[tokio::test]
async fn without_javascript_the_form_comes_back_to_the_page() {
    let client = Client::new(tutorial_step4::app().unwrap());
    client.get("/").await;
    let res = client
        .link(&urls::partials::todos::index::add())
        .form(&[("title", "Call Ada")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.header("location"), Some("/"));
    assert!(client.get("/").await.text().contains("Call Ada"));
}

#[tokio::test]
async fn an_empty_title_is_refused_with_htmx_and_without() {
    let client = Client::new(tutorial_step4::app().unwrap());
    client.get("/").await;
    let add = urls::partials::todos::index::add();
    let res = client.link(&add).htmx().form(&[("title", "  ")]).await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text().contains("Write what needs doing."),
        "{}",
        res.text()
    );
    assert!(res.text().contains(r#"aria-invalid="true""#));

    let res = client
        .link(&add)
        .form(&[("title", "x".repeat(101).as_str())])
        .await;
    assert_eq!(res.status(), 303);
    let back = res.header("location").unwrap().to_owned();
    let page = client.get(&back).await.text().to_owned();
    assert!(page.contains("That is too long"), "{page}");
    assert!(page.contains(&format!("value=\"{}\"", "x".repeat(101))));
    assert!(page.contains("Nothing to do yet."));
}

#[tokio::test]
async fn a_todo_is_done_then_deleted_at_its_typed_address() {
    let client = Client::new(tutorial_step4::app().unwrap());
    client.get("/").await;
    let add = urls::partials::todos::index::add();
    client
        .link(&add)
        .htmx()
        .form(&[("title", "Water the plants")])
        .await;

    let toggle = urls::partials::todos::by_id::toggle(1);
    assert_eq!(toggle.url(), "/_partials/todos/1/toggle");
    let res = client.link(&toggle).htmx().await;
    assert_eq!(res.status(), 200);
    assert!(
        res.text().contains(r#"aria-pressed="true""#),
        "{}",
        res.text()
    );

    // Without JavaScript, the delete form posts with `_method=DELETE`.
    let delete = urls::partials::todos::by_id::delete(1);
    let page = client.get("/").await.text().to_owned();
    let action = format!(r#"action="{}?_method=DELETE""#, delete.url());
    assert!(page.contains(&action), "{page}");
    let res = client
        .post(format!("{}?_method=DELETE", delete.url()))
        .form(&[("confirm", "yes")])
        .await;
    assert_eq!(res.status(), 303);
    assert!(client.get("/").await.text().contains("Nothing to do yet."));

    assert_eq!(client.link(&toggle).htmx().await.status(), 404);
    assert_eq!(
        client
            .post("/_partials/todos/one/toggle")
            .htmx()
            .await
            .status(),
        404
    );
}
