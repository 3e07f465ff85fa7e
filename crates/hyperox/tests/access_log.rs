//! The access log: a line a request, once, with the status the client
//! gets (a rejection's, not its placeholder's) and the path. Alone in its
//! binary: tracing's per-thread subscriber would miss lines that other
//! tests' threads log, and see theirs.

use hyperox::test::Client;
use hyperox::{App, Cx, Page, Rejection};
use hyperox_testkit::Logs;

async fn fine(_cx: Cx<'_, ()>) -> Page {
    Page::new("fine")
}

async fn gone(_cx: Cx<'_, ()>) -> hyperox::Result<Page> {
    Err(Rejection::not_found("no such page").into())
}

#[test]
fn every_answer_is_logged_once_with_the_status_the_client_gets() {
    let logs = Logs::of(async {
        let mut app = App::new(());
        app.page("/fine", fine).unwrap();
        app.page("/gone", gone).unwrap();
        let client = Client::new(app);
        assert_eq!(client.get("/fine").await.status(), 200);
        assert_eq!(client.get("/gone").await.status(), 404);
        assert_eq!(client.get("/nowhere").await.status(), 404);
    });
    let text = logs.text();
    let access: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("hyperox::access"))
        .collect();
    assert_eq!(access.len(), 3, "{text}");
    for (line, want) in access
        .iter()
        .zip(["] 200 '/fine'", "] 404 '/gone'", "] 404 '/nowhere'"])
    {
        assert!(line.contains(want), "{line} should contain {want}");
        assert!(line.contains(" INFO "), "{line}");
    }
}
