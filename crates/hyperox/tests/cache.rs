//! Cached components in an app: computed once across requests, keyed by
//! their arguments, and a strong ETag that turns a repeat GET into 304.

use hyperox::cache::{Cache, MemoryStore};
use hyperox::prelude::*;
use hyperox::test::Client;
use hyperox::{App, Rejection};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

struct State {
    renders: AtomicU32,
}

async fn user(cx: Cx<'_, Arc<State>>) -> Result<Page, Rejection> {
    let id: u32 = cx.param_as("id")?;
    let state = cx.state().clone();
    let card = cx
        .cached_by(Duration::from_secs(60), id, move |id| async move {
            state.renders.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            article(("User ", id))
        })
        .await?;
    Ok(Page::new(html((head(cx.head()), body(card)))))
}

async fn failing(cx: Cx<'_, Arc<State>>) -> Result<Partial, Rejection> {
    let part = cx
        .try_cached_by(Duration::from_secs(60), (), |()| async {
            Err::<&str, _>("the database is down")
        })
        .await?;
    Ok(Partial::new(part))
}

fn app() -> (Client<Arc<State>>, Arc<State>) {
    let state = Arc::new(State {
        renders: AtomicU32::new(0),
    });
    let mut app = App::new(state.clone());
    app.cache(Cache::new(MemoryStore::new(1 << 20)));
    app.page("/users/:id", user).unwrap();
    app.page("/failing", failing).unwrap();
    (Client::new(app), state)
}

#[tokio::test]
async fn a_component_renders_once_per_key_across_requests() {
    let (client, state) = app();
    for _ in 0..3 {
        let page = client.get("/users/7").send().await;
        assert_eq!(page.status(), 200);
        assert!(
            page.text().contains("<article>User 7</article>"),
            "{}",
            page.text()
        );
    }
    let other = client.get("/users/8").send().await;
    assert!(other.text().contains("<article>User 8</article>"));
    assert_eq!(state.renders.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_for_one_missing_component_render_it_once() {
    let (client, state) = app();
    let client = Arc::new(client);
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get("/users/1").send().await.status() })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(state.renders.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_page_with_a_cached_component_answers_a_repeat_with_304() {
    let (client, _) = app();
    let first = client.get("/users/7").send().await;
    let etag = first.header("etag").expect("a strong ETag").to_owned();
    assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
    assert_eq!(first.header("cache-control"), Some("private, no-cache"));
    let again = client
        .get("/users/7")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.text(), "");
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    // Another user's page is other bytes, another tag.
    let other = client
        .get("/users/8")
        .header("if-none-match", &etag)
        .send()
        .await;
    assert_eq!(other.status(), 200);
    assert_ne!(other.header("etag"), Some(etag.as_str()));
}

#[tokio::test]
async fn a_failing_component_is_a_500_and_is_not_kept() {
    let (client, _) = app();
    for _ in 0..2 {
        let res = client.get("/failing").send().await;
        assert_eq!(res.status(), 500);
        assert!(!res.text().contains("database"), "{}", res.text());
        assert!(res.header("etag").is_none());
    }
}
