//! htmgo's `hx` constants, in hyperox.

use hyperox::html::htmx::{HxRequest, HxResponse, OobSwap, SwapStyle, Trigger};
use hyperox::html::prelude::*;
use hyperox::http;
use std::time::Duration;

/// `hx.BoostAttr`: the `htmx::` function of the attribute's name, or
/// `attr` for one without.
#[test]
fn attributes() {
    let url = "/todos";
    assert_eq!(
        button(htmx::get(url)).render(),
        r#"<button hx-get="/todos"></button>"#
    );
    assert_eq!(
        div((
            htmx::swap(SwapStyle::OuterHtml),
            htmx::swap_oob(OobSwap::same_id()),
            htmx::vals(&serde_json::json!({"a": 1})),
        ))
        .render(),
        r#"<div hx-swap="outerHTML" hx-swap-oob="true" hx-vals="{&quot;a&quot;:1}"></div>"#
    );
    let v = "x";
    assert_eq!(
        div(attr("hx-disinherit", v)).render(),
        r#"<div hx-disinherit="x"></div>"#
    );
}

/// `hx.BoostedHeader`: request headers read, response headers written.
#[test]
fn headers() {
    let mut headers = http::HeaderMap::new();
    headers.insert("hx-request", "true".parse().unwrap());
    headers.insert("hx-target", "list".parse().unwrap());
    let hx = HxRequest::from_headers(&headers);
    assert!(hx.is_htmx());
    let out = HxResponse::new()
        .push_url("/a")
        .replace_url("/b")
        .redirect("/c")
        .refresh()
        .retarget("#list")
        .reselect("#main")
        .trigger("saved");
    assert_eq!(out.header("HX-Retarget"), "#list");
    assert_eq!(out.header("HX-Trigger"), "saved");
}

/// `hx.AbortEvent`: event names are strings.
#[test]
fn events() {
    assert_eq!(
        div(htmx::trigger(Trigger::on("htmx:after-request"))).render(),
        r#"<div hx-trigger="htmx:after-request"></div>"#
    );
    assert!(
        div(js::on_htmx("after-swap", js::remove()))
            .render()
            .contains("after-swap")
    );
    assert_eq!(Trigger::on("click").to_string(), "click");
}

/// `hx.SwapType`: swap styles; `true` is the same id.
#[test]
fn swap_styles() {
    let all = [
        SwapStyle::InnerHtml,
        SwapStyle::OuterHtml,
        SwapStyle::TextContent,
        SwapStyle::BeforeBegin,
        SwapStyle::AfterBegin,
        SwapStyle::BeforeEnd,
        SwapStyle::AfterEnd,
        SwapStyle::Delete,
        SwapStyle::None,
    ];
    let names: Vec<String> = all.iter().map(|s| div(htmx::swap(*s)).render()).collect();
    assert!(
        names[0].contains("innerHTML") && names[8].contains("none"),
        "{names:?}"
    );
    assert_eq!(
        div(htmx::swap_oob(OobSwap::same_id())).render(),
        r#"<div hx-swap-oob="true"></div>"#
    );
}

/// `hx.Trigger`: triggers, with modifiers.
#[test]
fn triggers() {
    let ms = Duration::from_millis(300);
    assert_eq!(Trigger::on("click").once().to_string(), "click once");
    assert_eq!(
        Trigger::on("keyup").changed().delay(ms).to_string(),
        "keyup changed delay:300ms"
    );
    assert_eq!(
        Trigger::on("scroll").throttle(ms).to_string(),
        "scroll throttle:300ms"
    );
    assert_eq!(
        Trigger::on("keyup").filter("key=='Enter'").to_string(),
        "keyup[key=='Enter']"
    );
    let secs = Duration::from_secs(1);
    assert_eq!(Trigger::every(secs).to_string(), "every 1s");
    assert_eq!(Trigger::load().to_string(), "load");
}

/// `hx.Attribute`: names as strings and types.
#[test]
fn names() {
    let (name, value) = ("hx-get", "/a");
    assert_eq!(
        div(attr(name, value)).render(),
        r#"<div hx-get="/a"></div>"#
    );
    assert_eq!(
        http::HeaderName::from_static("hx-request").as_str(),
        "hx-request"
    );
}
