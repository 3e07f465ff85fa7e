//! htmgo's htmx attribute helpers, in hyperox.

use htmx::Trigger;
use hyperox::html::prelude::*;

/// `h.HxTarget`: each `hx-*` attribute has its function.
#[test]
fn attributes() {
    assert_eq!(
        button((
            htmx::target("closest li"),
            htmx::confirm("Delete it?"),
            htmx::include("#filters"),
            htmx::indicator("#spinner"),
        ))
        .render(),
        r##"<button hx-target="closest li" hx-confirm="Delete it?" hx-include="#filters" hx-indicator="#spinner"></button>"##
    );
    assert_eq!(
        body(htmx::boost(true)).render(),
        r#"<body hx-boost="true"></body>"#
    );
}

/// `h.HxTrigger`: triggers, typed.
#[test]
fn triggers() {
    assert_eq!(
        button(htmx::trigger(Trigger::on("click").once())).render(),
        r#"<button hx-trigger="click once"></button>"#
    );
    assert_eq!(
        form(htmx::trigger_children()).render(),
        "<form data-trigger-children></form>"
    );
}
