//! The counter's page, its error page and every piece of HTML it pushes
//! over the websocket (the count, the repeated text, the clock) through
//! the W3C Nu HTML checker (`examples/todo/tests/common/vnu.rs`): 0
//! errors but htmx's `hx-*` attributes.
//!
//! Needs Java and `npm ci` in `browser/`
//! (`scripts/test.sh` installs both).

#[path = "../../todo/tests/common/vnu.rs"]
mod vnu;

use futures_util::{SinkExt, StreamExt};
use hyperox::{Config, Env};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// A GET as a browser sends it: status, `Set-Cookie`s, body.
async fn get(addr: std::net::SocketAddr, path: &str, cookie: &str) -> (u16, Vec<String>, String) {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Empty<hyper::body::Bytes>>();
    let req = hyper::Request::get(format!("http://{addr}{path}"))
        .header("accept", "text/html")
        .header("cookie", cookie)
        .body(http_body_util::Empty::new())
        .unwrap();
    let res = client.request(req).await.unwrap();
    let cookies = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect();
    let status = res.status().as_u16();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, cookies, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_and_what_it_pushes_are_valid_html() {
    let mut app = counter_ws::default_app().unwrap();
    app.set_config(Config {
        env: Env::Production,
        secret: Some("the counter validity key, thirty-two characters".into()),
        ..Config::default()
    });
    let server =
        hyperox_testkit::Served::start(|listener, stop| app.serve_on(listener, stop)).await;
    let addr = server.addr;
    let mut docs = Vec::new();
    let (status, cookies, page) = get(addr, "/", "").await;
    assert_eq!(status, 200);
    let cookie = cookies.join("; ");
    docs.push(("page".to_owned(), page.clone()));
    let (status, _, missing) = get(addr, "/nope", &cookie).await;
    assert_eq!(status, 404);
    docs.push(("error-404".to_owned(), missing));

    // Each handler of the page, in page order (−, +, repeat, clock).
    let handlers: Vec<String> = page
        .split("hx-handler&quot;:&quot;")
        .skip(1)
        .map(|s| s.split("&quot;").next().unwrap().to_owned())
        .collect();
    assert_eq!(handlers.len(), 4, "{page}");
    let mut req = format!("ws://{addr}/ws").into_client_request().unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    req.headers_mut()
        .insert("origin", format!("http://{addr}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let send = |handler: &str, text: Option<&str>| {
        let mut msg =
            serde_json::json!({ "hx-handler": handler, "headers": { "HX-Request": "true" } });
        if let Some(t) = text {
            msg["text"] = t.into();
        }
        Message::text(msg.to_string())
    };
    ws.send(send(&handlers[1], None)).await.unwrap();
    ws.send(send(&handlers[2], Some("<b>bold</b> & plain")))
        .await
        .unwrap();
    ws.send(send(&handlers[3], None)).await.unwrap();
    let mut pushed = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while pushed.len() < 3 {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .expect("three pushes within 5 s")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = msg {
            pushed.push(t.to_string());
        }
    }
    for (i, html) in pushed.iter().enumerate() {
        docs.push((format!("pushed-{i}"), vnu::in_document(html)));
    }
    assert!(pushed.iter().any(|h| h.contains("<time")), "{pushed:?}");
    vnu::assert_valid("counter-ws", &docs);
    server.stop().await;
}
