//! htmgo's events and JavaScript commands, in hyperox.

use htmx::Trigger;
use hyperox::html::prelude::*;
use std::time::Duration;

/// `h.LifeCycle` `h.OnClick`: a handler per event, as `hx-on` attributes.
#[test]
fn events() {
    let cmd = js::add_class("open");
    assert_eq!(
        button(js::on_click(cmd)).render(),
        r#"<button hx-on:click="this.classList.add(&quot;open&quot;)"></button>"#
    );
    assert!(
        form(js::on_submit(js::prevent_default()))
            .render()
            .contains("hx-on:submit=")
    );
    assert!(
        div(js::on_load(js::console_log("hi")))
            .render()
            .contains("data-onload=")
    );
    let cmd = js::remove();
    assert!(
        div(js::on_event("name", cmd))
            .render()
            .contains("hx-on:name=")
    );
    let cmd = js::remove();
    assert!(
        div(js::on_htmx("after-swap", cmd))
            .render()
            .contains("hx-on::after-swap=")
    );
    // htmx's mutation error, as a trigger.
    assert!(
        div(htmx::trigger(Trigger::mutation_error()))
            .render()
            .contains("hx-trigger=")
    );
}

/// `h.Command`: commands chained and aimed.
#[test]
fn commands() {
    let both: js::Js = js::add_class("a").then(js::remove_class("b"));
    let aimed = js::toggle_class("open").on(js::Target::Selector("#menu".into()));
    assert!(both.as_str().contains("add(\"a\")") && both.as_str().contains("remove(\"b\")"));
    assert!(aimed.as_str().contains("#menu"));
}

/// `h.SetText` … `h.ConsoleLog`, `js.SetText` … `js.SubmitFormOnEnter`:
/// the command of the same name in snake case; its arguments are
/// escaped as JavaScript strings.
#[test]
fn the_commands() {
    let all: Vec<js::Js> = vec![
        js::set_text("a\"b").into(),
        js::add_class("x").into(),
        js::remove_class("x").into(),
        js::toggle_class("x").into(),
        js::set_attribute("title", "t").into(),
        js::remove_attribute("title").into(),
        js::toggle_text("a", "b").into(),
        js::increment(1).into(),
        js::set_value("v").into(),
        js::remove().into(),
        js::prevent_default(),
        js::alert("hi"),
        js::set_inner_html("<b>x</b>").into(),
        js::set_outer_html("<b>x</b>").into(),
        js::inject_script("/a.js"),
        js::run_on_interval(Duration::from_secs(1), js::increment(1)),
        js::run_after_timeout(Duration::from_secs(1), js::remove()),
        js::submit_on_enter(),
        js::console_log("hi"),
    ];
    assert!(all[0].as_str().contains(r#""a\"b""#), "{}", all[0].as_str());
    assert!(all.iter().all(|c| !c.as_str().is_empty()));
}

/// `h.SetTextOnChildren` `js.SetTextOnChildren`: the same command aimed.
#[test]
fn aimed() {
    let on_parent = js::toggle_class("open").on(js::Target::Parent);
    let on_children = js::set_text("x").on(js::Target::Children);
    let on_siblings = js::remove_class("x").on(js::Target::Siblings);
    assert!(
        on_parent.as_str().contains("parentElement"),
        "{}",
        on_parent.as_str()
    );
    assert!(
        on_children.as_str().contains("children"),
        "{}",
        on_children.as_str()
    );
    assert!(!on_siblings.as_str().is_empty());
}

/// `h.EvalJs` `js.EvalJs`: JavaScript as written, by a name that says so.
#[test]
fn eval() {
    let code = "console.log(1)";
    assert_eq!(js::unsafe_eval(code).as_str(), code);
}

/// `h.SetDisabled` `js.SetDisabled`: attributes; scripts.
#[test]
fn disabled_and_scripts() {
    let src = "/assets/x.js";
    assert!(
        js::Js::from(js::set_attribute("disabled", ""))
            .as_str()
            .contains("disabled")
    );
    assert!(js::inject_script(src).as_str().contains(src));
    assert_eq!(
        script(hyperox::html::src(src)).render(),
        r#"<script src="/assets/x.js"></script>"#
    );
}

/// `js.GetPartial`: a typed link's `.hx()`.
#[test]
fn requests() {
    let link = site::urls::partials::convert::rust();
    assert_eq!(
        button(link.hx()).render(),
        r#"<button hx-post="/_partials/convert/rust"></button>"#
    );
}

/// `js.ConsoleLog`.
#[test]
fn console_log() {
    assert_eq!(js::console_log("hi").as_str(), r#"console.log("hi")"#);
}
