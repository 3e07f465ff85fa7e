//! A raw websocket for clients that are not htmx (a JSON API, a game, a
//! command-line tool): `/echo` sends every text and binary message back
//! as it came, and closes with 4000 when asked to with the text `bye`.
//! The socket has the handshake checks (a page of another site is
//! refused), the per-client limits, the timeouts and the close handshake
//! of every hyperox socket; `/` says how to use it.

use hyperox::App;
use hyperox::prelude::*;
use hyperox_ws::raw::Msg;
use hyperox_ws::{Hub, HubConfig};

/// The state of every request: the realtime hub.
pub type Cx<'a> = hyperox::Cx<'a, Hub>;

/// Sends each message back; `bye` closes the socket with 4000.
async fn echo(mut cx: Cx<'_>) -> Result<Response, Rejection> {
    let hub = cx.state().clone();
    hub.websocket(&mut cx).raw(|mut socket| async move {
        while let Some(msg) = socket.recv().await {
            if msg == Msg::from("bye") {
                socket.close(4000, "bye").await;
                return;
            }
            if socket.send(msg).await.is_err() {
                return;
            }
        }
    })
}

/// What the socket does and how to reach it.
async fn home(cx: Cx<'_>) -> Page {
    Page::new(html((
        lang("en"),
        head((
            meta(charset("utf-8")),
            meta((
                name("viewport"),
                content("width=device-width, initial-scale=1"),
            )),
            title("Echo · hyperox-ws"),
            cx.head(),
        )),
        body(main((
            h1("Echo"),
            p((
                "A websocket at ",
                code("/echo"),
                " sends every text and binary message back; the text ",
                code("bye"),
                " closes it with code 4000.",
            )),
            pre(code("websocat ws://127.0.0.1:3000/echo")),
        ))),
    )))
}

/// The app on `hub`.
///
/// # Errors
///
/// A route that does not parse (none here).
pub fn app(hub: Hub) -> Result<App<Hub>, hyperox::router::RouteError> {
    let mut app = App::new(hub);
    app.page("/", home)?;
    app.page("/echo", echo)?;
    Ok(app)
}

/// The app on a hub with the default settings.
///
/// # Errors
///
/// As [`app`].
pub fn default_app() -> Result<App<Hub>, hyperox::router::RouteError> {
    app(Hub::new(HubConfig::default()))
}
