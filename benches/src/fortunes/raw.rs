//! The floor: raw hyper and HTML written by hand into one buffer, no
//! router, no framework.

use super::{Db, with_added};
use bytes::Bytes;
use http_body_util::Full;
use std::fmt::Write;

/// The answer to `req`.
pub async fn answer<B>(db: &Db, req: &http::Request<B>) -> http::Response<Full<Bytes>> {
    let mut res = http::Response::new(Full::new(Bytes::new()));
    res.headers_mut().insert(
        http::header::SERVER,
        http::HeaderValue::from_static("hyper"),
    );
    if req.uri().path() != "/fortunes" {
        *res.status_mut() = http::StatusCode::NOT_FOUND;
        return res;
    }
    let rows = match db.fortunes().await {
        Ok(rows) => with_added(rows),
        Err(_) => {
            *res.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            return res;
        }
    };
    let mut out = String::with_capacity(1200);
    out.push_str("<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>");
    for f in &rows {
        let _ = write!(out, "<tr><td>{}</td><td>", f.id);
        escape_into(&mut out, &f.message);
        out.push_str("</td></tr>");
    }
    out.push_str("</table></body></html>");
    res.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    *res.body_mut() = Full::new(Bytes::from(out));
    res
}

fn escape_into(out: &mut String, text: &str) {
    let mut last = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&text[last..]);
}
