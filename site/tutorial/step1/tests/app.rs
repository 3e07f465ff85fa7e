//! The app in-process through hyperox's test client.

use hyperox::test::Client;
use std::sync::Mutex;
use tutorial_step1::{State, Todo};

#[tokio::test]
async fn the_page_lists_the_todos() {
    let state = State {
        todos: Mutex::new(vec![Todo {
            id: 1,
            title: "Buy <milk>".into(),
            done: false,
        }]),
    };
    let client = Client::new(tutorial_step1::app_with(state).unwrap());
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
    let client = Client::new(tutorial_step1::app().unwrap());
    assert!(client.get("/").await.text().contains("Nothing to do yet."));
}
