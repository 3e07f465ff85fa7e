//! Sends arbitrary requests through an app with a page that reads the
//! query and cookies and partials that decode a form (one by hand, one
//! with a typed path param and a `Form<T>` argument): nothing panics,
//! nothing answers 500, and a state-changing request reaches its handler
//! only with the signed CSRF token in its cookie and in its header or
//! form field.
#![no_main]

use hyperox::prelude::*;
use hyperox::router::test::poll_ready;
use hyperox::router::Body;
use hyperox::{App, Config, Env, Form};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use tower_service::Service;

const SECRET: &str = "the fuzzer's key, thirty-two characters";

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Fields {
    title: String,
    n: Option<u32>,
    tags: Option<Vec<String>>,
}

async fn page(cx: Cx<'_, ()>) -> hyperox::Result<Page> {
    let q: Result<Fields, _> = cx.query();
    let v = cx.query_value("title").unwrap_or_default();
    let c = cx.cookie("hyperox_csrf").unwrap_or_default().len();
    Ok(Page::new(p(textf!("{} {v} {c}", q.is_ok()))))
}

async fn save(mut cx: Cx<'_, ()>) -> hyperox::Result<Partial> {
    let f: Fields = cx.form().await?;
    let _ = cx.form_value("n").await?;
    Ok(Partial::new(textf!("changed {}", f.title)).status(http::StatusCode::ACCEPTED))
}

#[hyperox::partial(post)]
pub async fn save_one(_cx: Cx<'_, ()>, id: u32, Form(f): Form<Fields>) -> Partial {
    Partial::new(textf!("changed {id} {}", f.title)).status(http::StatusCode::ACCEPTED)
}

static TOKEN: LazyLock<String> = LazyLock::new(|| hyperox::csrf::token(&config()).unwrap());

fn config() -> Config {
    Config {
        env: Env::Production,
        secret: Some(SECRET.into()),
        ..Config::default()
    }
}

static SERVICE: LazyLock<hyperox::Service<()>> = LazyLock::new(|| {
    let mut app = App::new(());
    app.set_config(config());
    app.page("/", page).unwrap();
    app.route(http::Method::POST, "/save", save).unwrap();
    app.route(http::Method::POST, "/save/:id", __hyperox_route_save_one)
        .unwrap();
    app.into_service()
});

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).replace("{T}", &TOKEN);
    let mut parts = text.splitn(4, '\n');
    let (target, cookie, header, body) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let method = if flags & 1 != 0 { "POST" } else { "GET" };
    let path = if flags & 2 != 0 {
        format!("/save{target}")
    } else {
        format!("/{target}")
    };
    let mut b = http::Request::builder().method(method).uri(path);
    if !cookie.is_empty() {
        b = b.header("cookie", cookie);
    }
    if !header.is_empty() {
        b = b.header("x-csrf-token", header);
    }
    if flags & 4 != 0 {
        b = b.header("content-type", "application/x-www-form-urlencoded");
    }
    if flags & 8 != 0 {
        b = b
            .header("origin", "http://127.0.0.1:3000")
            .header("host", "127.0.0.1:3000");
    }
    let Ok(req) = b.body(Body::from(body.to_owned())) else {
        return;
    };
    let mut svc = SERVICE.clone();
    let res = poll_ready(svc.call(req)).expect("infallible");
    assert!(
        res.status().as_u16() < 500,
        "{text:?} gave {}",
        res.status()
    );
    if res.status() == http::StatusCode::ACCEPTED {
        // Names and values may carry surrounding whitespace and quotes,
        // and values percent-encoding.
        let token_cookie = cookie.split(';').any(|pair| {
            pair.split_once('=').is_some_and(|(k, v)| {
                let v = v.trim();
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v);
                k.trim() == "hyperox_csrf"
                    && percent_encoding::percent_decode_str(v).decode_utf8_lossy() == *TOKEN
            })
        });
        let given = header == *TOKEN || body.contains(&*TOKEN);
        assert!(
            token_cookie && given,
            "a change got through without the token: {text:?}"
        );
    }
});
