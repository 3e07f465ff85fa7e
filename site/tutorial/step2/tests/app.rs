//! The app in-process through hyperox's test client.

use hyperox::test::Client;
use std::sync::Mutex;
use tutorial_step2::{State, Todo, urls};

#[tokio::test]
async fn the_page_lists_the_todos() {
    let state = State {
        todos: Mutex::new(vec![Todo {
            id: 1,
            title: "Buy <milk>".into(),
            done: false,
        }]),
    };
    let client = Client::new(tutorial_step2::app_with(state).unwrap());
    let page = client.get("/").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .contains(r#"<li id="todo-1" class="py-2">Buy &lt;milk&gt;</li>"#),
        "{}",
        page.text()
    );
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let client = Client::new(tutorial_step2::app().unwrap());
    assert!(client.get("/").await.text().contains("Nothing to do yet."));
}

#[tokio::test]
async fn htmx_adds_a_todo_and_gets_the_list_out_of_band() {
    let client = Client::new(tutorial_step2::app().unwrap());
    client.get("/").await;
    let add = urls::partials::todos::add();
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
        list.contains(r#"<li id="todo-1" class="py-2">Buy &lt;milk&gt;</li>"#),
        "{list}"
    );
    assert!(!list.contains("Nothing to do yet."));
    assert!(client.get("/").await.text().contains("Buy &lt;milk&gt;"));
}

#[tokio::test]
async fn without_javascript_the_form_comes_back_to_the_page() {
    let client = Client::new(tutorial_step2::app().unwrap());
    client.get("/").await;
    let res = client
        .link(&urls::partials::todos::add())
        .form(&[("title", "Call Ada")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.header("location"), Some("/"));
    assert!(client.get("/").await.text().contains("Call Ada"));
}
