//! The access log: a line a request, once, with the status the client
//! gets (a rejection's, not its placeholder's) and the path. Alone in its
//! binary: tracing's per-thread subscriber would miss lines that other
//! tests' threads log, and see theirs.

#![cfg(feature = "log")]

use hyperox::test::Client;
use hyperox::{App, Cx, Page, Rejection};
use std::sync::{Arc, Mutex};

/// Log lines, collected.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn fine(_cx: Cx<'_, ()>) -> Page {
    Page::new("fine")
}

async fn gone(_cx: Cx<'_, ()>) -> hyperox::Result<Page> {
    Err(Rejection::not_found("no such page").into())
}

#[test]
fn every_answer_is_logged_once_with_the_status_the_client_gets() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut app = App::new(());
        app.page("/fine", fine).unwrap();
        app.page("/gone", gone).unwrap();
        let client = Client::new(app);
        assert_eq!(client.get("/fine").await.status(), 200);
        assert_eq!(client.get("/gone").await.status(), 404);
        assert_eq!(client.get("/nowhere").await.status(), 404);
    });
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
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
