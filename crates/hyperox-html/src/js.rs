//! Small JavaScript commands bound to events:
//! `on_click(set_text("…"))`.
//!
//! Every argument is written as a JSON string literal (with `< > & '`,
//! U+2028 and U+2029 escaped too), so no text can break out of the
//! script; the attribute holding the script is escaped as well.
//!
//! # Example
//!
//! ```
//! use hyperox_html::prelude::*;
//! use hyperox_html::js::{self, Target};
//! let b = button((
//!     on_click(js::set_text("Saved \"ok\"").then(js::add_class("done").on(Target::Parent))),
//!     "Save",
//! ));
//! assert_eq!(
//!     b.render(),
//!     "<button onclick=\"this.innerText = &quot;Saved \\&quot;ok\\&quot;&quot;; \
//! for (const el of [this.parentElement]) { if (el) el.classList.add(&quot;done&quot;); }\">Save</button>"
//! );
//! ```

use crate::attr::{Attr, AttrValue, attr};
use crate::json::json_string;
use crate::render::Buffer;
use std::fmt;
use std::time::Duration;

/// A script: one or more statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Js(String);

impl Js {
    /// This script, then `next`.
    pub fn then(mut self, next: impl Into<Js>) -> Js {
        let next = next.into();
        if !self.0.is_empty() && !next.0.is_empty() {
            self.0.push_str("; ");
        }
        self.0.push_str(&next.0);
        self
    }

    /// The script text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Js {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AttrValue for Js {
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        crate::render::escape_into(out, &self.0);
    }
}

/// Which elements a command acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The element the event handler is on.
    This,
    /// Its parent.
    Parent,
    /// Its children.
    Children,
    /// Its siblings.
    Siblings,
    /// Every element a CSS selector finds in the document.
    Selector(String),
}

impl Target {
    fn elements(&self) -> String {
        match self {
            Self::This => "[this]".to_owned(),
            Self::Parent => "[this.parentElement]".to_owned(),
            Self::Children => "Array.from(this.children)".to_owned(),
            Self::Siblings => {
                "Array.from(this.parentElement ? this.parentElement.children : []).filter(e => e !== this)"
                    .to_owned()
            }
            Self::Selector(s) => format!("document.querySelectorAll({})", json_string(s)),
        }
    }
}

/// A command on elements, acting on the handler's element unless
/// [`on`](Command::on) says otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The statement, with `el` for the element.
    op: String,
    target: Target,
}

impl Command {
    fn new(op: String) -> Self {
        Self {
            op,
            target: Target::This,
        }
    }

    /// Acts on other elements.
    pub fn on(mut self, target: Target) -> Js {
        self.target = target;
        self.into()
    }

    /// This command, then `next`.
    pub fn then(self, next: impl Into<Js>) -> Js {
        Js::from(self).then(next)
    }
}

impl From<Command> for Js {
    fn from(c: Command) -> Js {
        match c.target {
            Target::This => Js(c.op.replace("el.", "this.")),
            t => Js(format!(
                "for (const el of {}) {{ if (el) {}; }}",
                t.elements(),
                c.op
            )),
        }
    }
}

/// Sets the text.
pub fn set_text(text: &str) -> Command {
    Command::new(format!("el.innerText = {}", json_string(text)))
}
/// Sets the inner HTML (the given HTML is inserted as HTML).
pub fn set_inner_html(html: &str) -> Command {
    Command::new(format!("el.innerHTML = {}", json_string(html)))
}
/// Replaces the element with HTML.
pub fn set_outer_html(html: &str) -> Command {
    Command::new(format!("el.outerHTML = {}", json_string(html)))
}
/// Adds a class.
pub fn add_class(class: &str) -> Command {
    Command::new(format!("el.classList.add({})", json_string(class)))
}
/// Removes a class.
pub fn remove_class(class: &str) -> Command {
    Command::new(format!("el.classList.remove({})", json_string(class)))
}
/// Toggles a class.
pub fn toggle_class(class: &str) -> Command {
    Command::new(format!("el.classList.toggle({})", json_string(class)))
}
/// Sets an attribute.
pub fn set_attribute(name: &str, value: &str) -> Command {
    Command::new(format!(
        "el.setAttribute({}, {})",
        json_string(name),
        json_string(value)
    ))
}
/// Removes an attribute.
pub fn remove_attribute(name: &str) -> Command {
    Command::new(format!("el.removeAttribute({})", json_string(name)))
}
/// Toggles a (boolean) attribute.
pub fn toggle_attribute(name: &str) -> Command {
    Command::new(format!("el.toggleAttribute({})", json_string(name)))
}
/// Switches the text between `a` and `b`.
pub fn toggle_text(a: &str, b: &str) -> Command {
    let (a, b) = (json_string(a), json_string(b));
    Command::new(format!("el.innerText = el.innerText === {a} ? {b} : {a}"))
}
/// Adds `by` to the number in the text.
pub fn increment(by: i64) -> Command {
    Command::new(format!(
        "el.innerText = String((parseFloat(el.innerText) || 0) + ({by}))"
    ))
}
/// Sets the value (of an input).
pub fn set_value(value: &str) -> Command {
    Command::new(format!("el.value = {}", json_string(value)))
}
/// Removes the element.
pub fn remove() -> Command {
    Command::new("el.remove()".to_owned())
}
/// Stops the event's default action.
pub fn prevent_default() -> Js {
    Js("event.preventDefault()".to_owned())
}
/// Shows an alert.
pub fn alert(message: &str) -> Js {
    Js(format!("alert({})", json_string(message)))
}
/// Logs to the console.
pub fn console_log(message: &str) -> Js {
    Js(format!("console.log({})", json_string(message)))
}
/// Submits the element's form on Enter (without Shift); bind it to
/// `keydown`.
pub fn submit_on_enter() -> Js {
    Js(
        "if (event.key === \"Enter\" && !event.shiftKey) { event.preventDefault(); \
        const f = this.form || this.closest(\"form\"); if (f) f.requestSubmit(); }"
            .to_owned(),
    )
}
/// Loads a script by URL.
pub fn inject_script(src: &str) -> Js {
    Js(format!(
        "(() => {{ const s = document.createElement(\"script\"); s.src = {}; document.head.appendChild(s); }})()",
        json_string(src)
    ))
}
/// Runs `script` every `every`.
pub fn run_on_interval(every: Duration, script: impl Into<Js>) -> Js {
    Js(format!(
        "setInterval(() => {{ {} }}, {})",
        script.into().0,
        every.as_millis()
    ))
}
/// Runs `script` once after `after`.
pub fn run_after_timeout(after: Duration, script: impl Into<Js>) -> Js {
    Js(format!(
        "setTimeout(() => {{ {} }}, {})",
        script.into().0,
        after.as_millis()
    ))
}
/// JavaScript written as given: never pass it text a user wrote.
pub fn unsafe_eval(script: &str) -> Js {
    Js(script.to_owned())
}

/// A handler for a DOM event: `on_event("click", js)` is `onclick="…"`.
/// The event name is written as given (`online` stays `online`).
pub fn on_event(event: &str, script: impl Into<Js>) -> Attr<Js> {
    attr(format!("on{event}"), script.into())
}

/// A handler for an htmx event in htmx 4's form:
/// `on_htmx("after:swap", js)` is `hx-on::after:swap="…"`.
pub fn on_htmx(event: &str, script: impl Into<Js>) -> Attr<Js> {
    attr(format!("hx-on::{event}"), script.into())
}

/// `onclick`.
pub fn on_click(script: impl Into<Js>) -> Attr<Js> {
    on_event("click", script)
}
/// `onchange`.
pub fn on_change(script: impl Into<Js>) -> Attr<Js> {
    on_event("change", script)
}
/// `oninput`.
pub fn on_input(script: impl Into<Js>) -> Attr<Js> {
    on_event("input", script)
}
/// `onsubmit`.
pub fn on_submit(script: impl Into<Js>) -> Attr<Js> {
    on_event("submit", script)
}
/// `onkeydown`.
pub fn on_keydown(script: impl Into<Js>) -> Attr<Js> {
    on_event("keydown", script)
}
/// `onload` (for content loaded by htmx, use
/// `on_htmx("load", …)`).
pub fn on_load(script: impl Into<Js>) -> Attr<Js> {
    on_event("load", script)
}
