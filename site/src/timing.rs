//! A middleware: every answer says how long the app took to make it, in
//! a `Server-Timing` header (shown by the browser's network panel).

use crate::prelude::*;

/// Times the rest of the chain.
pub async fn timing(mut cx: Cx<'_>, next: Next<'_>) -> Response {
    let started = std::time::Instant::now();
    let mut res = next.run(&mut cx).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = format!("app;dur={ms:.2}").parse() {
        res.headers_mut().insert("server-timing", value);
    }
    res
}
