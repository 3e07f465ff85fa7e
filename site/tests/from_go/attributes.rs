//! htmgo's attributes, in hyperox.

use hyperox::html::prelude::*;

/// `h.Action` … `h.Wrap`: each attribute has its function.
#[test]
fn attributes() {
    assert_eq!(
        input((id("x"), maxlength(40), tabindex(0), type_("text"))).render(),
        r#"<input id="x" maxlength="40" tabindex="0" type="text">"#
    );
    assert_eq!(
        a(href("/a?b=1&c=2")).render(),
        r#"<a href="/a?b=1&amp;c=2"></a>"#
    );
    assert_eq!(
        label(for_("email")).render(),
        r#"<label for="email"></label>"#
    );
    assert_eq!(
        button((disabled(true), hidden(false))).render(),
        "<button disabled></button>"
    );
}

/// `h.Class`: several `class` on one element are joined.
#[test]
fn classes() {
    let cond = true;
    assert_eq!(
        li((class("a b"), class("c"), class_if(cond, "done"))).render(),
        r#"<li class="a b c done"></li>"#
    );
}

/// `h.AriaLabel`.
#[test]
fn aria_attributes() {
    assert_eq!(
        button((aria("label", "Close"), aria("hidden", "true"))).render(),
        r#"<button aria-label="Close" aria-hidden="true"></button>"#
    );
}

/// `h.Attribute`: any attribute, conditional ones, data ones; a tuple of
/// attributes is attributes, in order.
#[test]
fn any_attribute() {
    let (name, value, cond) = ("x-on", "go", false);
    assert_eq!(
        div((
            attr(name, value),
            attr_if(cond, "hidden", ""),
            data_attr("id", 7)
        ))
        .render(),
        r#"<div x-on="go" data-id="7"></div>"#
    );
}
