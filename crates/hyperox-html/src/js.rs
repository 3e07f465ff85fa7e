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
//!     "<button hx-on:click=\"this.innerText = &quot;Saved \\&quot;ok\\&quot;&quot;; \
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(button(js::on_click(js::add_class("open").on(js::Target::Parent).then(js::prevent_default()))).render(), "<button hx-on:click=\"for (const el of [this.parentElement]) { if (el) el.classList.add(&quot;open&quot;); }; event.preventDefault()\"></button>");
/// ```
pub struct Js(String);

impl Js {
    /// This script, then `next`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// assert_eq!(js::alert("a").then(js::console_log("b")).to_string(), "alert(\"a\"); console.log(\"b\")");
    /// ```
    pub fn then(mut self, next: impl Into<Js>) -> Js {
        let next = next.into();
        if !self.0.is_empty() && !next.0.is_empty() {
            self.0.push_str("; ");
        }
        self.0.push_str(&next.0);
        self
    }

    /// The script text.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// assert_eq!(js::prevent_default().as_str().to_owned(), "event.preventDefault()");
    /// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::remove_class("active").on(js::Target::Selector("#tabs > a".into()))).to_string(), "for (const el of document.querySelectorAll(\"#tabs \\u003e a\")) { if (el) el.classList.remove(\"active\"); }");
/// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::toggle_class("hidden")).to_string(), "this.classList.toggle(\"hidden\")");
/// ```
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// assert_eq!(js::Js::from(js::add_class("hl").on(js::Target::Siblings)).to_string(), "for (const el of Array.from(this.parentElement ? this.parentElement.children : []).filter(e => e !== this)) { if (el) el.classList.add(\"hl\"); }");
    /// ```
    pub fn on(mut self, target: Target) -> Js {
        self.target = target;
        self.into()
    }

    /// This command, then `next`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// assert_eq!(js::add_class("a").then(js::remove_class("b")).to_string(), "this.classList.add(\"a\"); this.classList.remove(\"b\")");
    /// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::set_text("Saved")).to_string(), "this.innerText = \"Saved\"");
/// ```
pub fn set_text(text: &str) -> Command {
    Command::new(format!("el.innerText = {}", json_string(text)))
}
/// Sets the inner HTML (the given HTML is inserted as HTML).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::set_inner_html("<b>ok</b>")).to_string(), "this.innerHTML = \"\\u003cb\\u003eok\\u003c/b\\u003e\"");
/// ```
pub fn set_inner_html(html: &str) -> Command {
    Command::new(format!("el.innerHTML = {}", json_string(html)))
}
/// Replaces the element with HTML.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::set_outer_html("<p>gone</p>")).to_string(), "this.outerHTML = \"\\u003cp\\u003egone\\u003c/p\\u003e\"");
/// ```
pub fn set_outer_html(html: &str) -> Command {
    Command::new(format!("el.outerHTML = {}", json_string(html)))
}
/// Adds a class.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(button(js::on_click(js::add_class("pressed"))).render(), "<button hx-on:click=\"this.classList.add(&quot;pressed&quot;)\"></button>");
/// ```
pub fn add_class(class: &str) -> Command {
    Command::new(format!("el.classList.add({})", json_string(class)))
}
/// Removes a class.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::remove_class("pressed")).to_string(), "this.classList.remove(\"pressed\")");
/// ```
pub fn remove_class(class: &str) -> Command {
    Command::new(format!("el.classList.remove({})", json_string(class)))
}
/// Toggles a class.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::toggle_class("open").on(js::Target::Parent)).to_string(), "for (const el of [this.parentElement]) { if (el) el.classList.toggle(\"open\"); }");
/// ```
pub fn toggle_class(class: &str) -> Command {
    Command::new(format!("el.classList.toggle({})", json_string(class)))
}
/// Sets an attribute.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::set_attribute("aria-expanded", "true")).to_string(), "this.setAttribute(\"aria-expanded\", \"true\")");
/// ```
pub fn set_attribute(name: &str, value: &str) -> Command {
    Command::new(format!(
        "el.setAttribute({}, {})",
        json_string(name),
        json_string(value)
    ))
}
/// Removes an attribute.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::remove_attribute("disabled")).to_string(), "this.removeAttribute(\"disabled\")");
/// ```
pub fn remove_attribute(name: &str) -> Command {
    Command::new(format!("el.removeAttribute({})", json_string(name)))
}
/// Toggles a (boolean) attribute.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::toggle_attribute("hidden").on(js::Target::Selector("#menu".into()))).to_string(), "for (const el of document.querySelectorAll(\"#menu\")) { if (el) el.toggleAttribute(\"hidden\"); }");
/// ```
pub fn toggle_attribute(name: &str) -> Command {
    Command::new(format!("el.toggleAttribute({})", json_string(name)))
}
/// Switches the text between `a` and `b`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::toggle_text("Show", "Hide")).to_string(), "this.innerText = this.innerText === \"Show\" ? \"Hide\" : \"Show\"");
/// ```
pub fn toggle_text(a: &str, b: &str) -> Command {
    let (a, b) = (json_string(a), json_string(b));
    Command::new(format!("el.innerText = el.innerText === {a} ? {b} : {a}"))
}
/// Adds `by` to the number in the text.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::increment(1).on(js::Target::Selector("#count".into()))).to_string(), "for (const el of document.querySelectorAll(\"#count\")) { if (el) el.innerText = String((parseFloat(el.innerText) || 0) + (1)); }");
/// ```
pub fn increment(by: i64) -> Command {
    Command::new(format!(
        "el.innerText = String((parseFloat(el.innerText) || 0) + ({by}))"
    ))
}
/// Sets the value (of an input).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::set_value("")).to_string(), "this.value = \"\"");
/// ```
pub fn set_value(value: &str) -> Command {
    Command::new(format!("el.value = {}", json_string(value)))
}
/// Removes the element.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::Js::from(js::remove().on(js::Target::Parent)).to_string(), "for (const el of [this.parentElement]) { if (el) el.remove(); }");
/// ```
pub fn remove() -> Command {
    Command::new("el.remove()".to_owned())
}
/// Stops the event's default action.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(form(js::on_submit(js::prevent_default())).render(), "<form hx-on:submit=\"event.preventDefault()\"></form>");
/// ```
pub fn prevent_default() -> Js {
    Js("event.preventDefault()".to_owned())
}
/// Shows an alert.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::alert("Saved \"a\"").to_string(), "alert(\"Saved \\\"a\\\"\")");
/// ```
pub fn alert(message: &str) -> Js {
    Js(format!("alert({})", json_string(message)))
}
/// Logs to the console.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::console_log("loaded").to_string(), "console.log(\"loaded\")");
/// ```
pub fn console_log(message: &str) -> Js {
    Js(format!("console.log({})", json_string(message)))
}
/// Submits the element's form on Enter (without Shift); bind it to
/// `keydown`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(textarea(js::on_keydown(js::submit_on_enter())).render(), "<textarea hx-on:keydown=\"if (event.key === &quot;Enter&quot; &amp;&amp; !event.shiftKey) { event.preventDefault(); const f = this.form || this.closest(&quot;form&quot;); if (f) f.requestSubmit(); }\"></textarea>");
/// ```
pub fn submit_on_enter() -> Js {
    Js(
        "if (event.key === \"Enter\" && !event.shiftKey) { event.preventDefault(); \
        const f = this.form || this.closest(\"form\"); if (f) f.requestSubmit(); }"
            .to_owned(),
    )
}
/// Loads a script by URL.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::inject_script("/assets/chart.js").to_string(), "(() => { const s = document.createElement(\"script\"); s.src = \"/assets/chart.js\"; document.head.appendChild(s); })()");
/// ```
pub fn inject_script(src: &str) -> Js {
    Js(format!(
        "(() => {{ const s = document.createElement(\"script\"); s.src = {}; document.head.appendChild(s); }})()",
        json_string(src)
    ))
}
/// Runs `script` every `every`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use std::time::Duration;
/// assert_eq!(js::run_on_interval(Duration::from_secs(1), js::increment(1)).to_string(), "setInterval(() => { this.innerText = String((parseFloat(this.innerText) || 0) + (1)) }, 1000)");
/// ```
pub fn run_on_interval(every: Duration, script: impl Into<Js>) -> Js {
    Js(format!(
        "setInterval(() => {{ {} }}, {})",
        script.into().0,
        every.as_millis()
    ))
}
/// Runs `script` once after `after`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use std::time::Duration;
/// assert_eq!(js::run_after_timeout(Duration::from_millis(3000), js::remove()).to_string(), "setTimeout(() => { this.remove() }, 3000)");
/// ```
pub fn run_after_timeout(after: Duration, script: impl Into<Js>) -> Js {
    Js(format!(
        "setTimeout(() => {{ {} }}, {})",
        script.into().0,
        after.as_millis()
    ))
}
/// JavaScript written as given: never pass it text a user wrote.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(js::unsafe_eval("window.scrollTo(0, 0)").to_string(), "window.scrollTo(0, 0)");
/// ```
pub fn unsafe_eval(script: &str) -> Js {
    Js(script.to_owned())
}

/// A handler for a DOM event: `on_event("click", js)` is
/// `hx-on:click="…"`, which htmx runs with `this` the element and `event`
/// the event. Not an inline `onclick`: a Content-Security-Policy without
/// `'unsafe-inline'` (hyperox's own) blocks those, while htmx's handlers
/// run under `'unsafe-eval'`, which htmx needs anyway. The event name is
/// written as given (`online` stays `online`).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(js::on_event("mouseenter", js::add_class("hover"))).render(), "<div hx-on:mouseenter=\"this.classList.add(&quot;hover&quot;)\"></div>");
/// ```
pub fn on_event(event: &str, script: impl Into<Js>) -> Attr<Js> {
    attr(format!("hx-on:{event}"), script.into())
}

/// A handler for an htmx event in htmx 4's form:
/// `on_htmx("after:swap", js)` is `hx-on::after:swap="…"`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(form(js::on_htmx("after-request", js::unsafe_eval("this.reset()"))).render(), "<form hx-on::after-request=\"this.reset()\"></form>");
/// ```
pub fn on_htmx(event: &str, script: impl Into<Js>) -> Attr<Js> {
    attr(format!("hx-on::{event}"), script.into())
}

/// `hx-on:click` (see [`on_event`]).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(button(js::on_click(js::alert("hi"))).render(), "<button hx-on:click=\"alert(&quot;hi&quot;)\"></button>");
/// ```
pub fn on_click(script: impl Into<Js>) -> Attr<Js> {
    on_event("click", script)
}
/// `hx-on:change` (see [`on_event`]).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(select(js::on_change(js::console_log("changed"))).render(), "<select hx-on:change=\"console.log(&quot;changed&quot;)\"></select>");
/// ```
pub fn on_change(script: impl Into<Js>) -> Attr<Js> {
    on_event("change", script)
}
/// `hx-on:input` (see [`on_event`]).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(input(js::on_input(js::toggle_class("dirty"))).render(), "<input hx-on:input=\"this.classList.toggle(&quot;dirty&quot;)\">");
/// ```
pub fn on_input(script: impl Into<Js>) -> Attr<Js> {
    on_event("input", script)
}
/// `hx-on:submit` (see [`on_event`]).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(form(js::on_submit(js::add_class("sent"))).render(), "<form hx-on:submit=\"this.classList.add(&quot;sent&quot;)\"></form>");
/// ```
pub fn on_submit(script: impl Into<Js>) -> Attr<Js> {
    on_event("submit", script)
}
/// `hx-on:keydown` (see [`on_event`]).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(input(js::on_keydown(js::console_log("key"))).render(), "<input hx-on:keydown=\"console.log(&quot;key&quot;)\">");
/// ```
pub fn on_keydown(script: impl Into<Js>) -> Attr<Js> {
    on_event("keydown", script)
}
/// Runs once for the element, when the page loads and when htmx swaps
/// the element in: `data-onload="…"`, which hyperox's client runs with
/// `this` the element (an inline `onload` would be blocked by the
/// Content-Security-Policy, and would not run for swapped-in content).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(js::on_load(js::console_log("ready"))).render(), "<div data-onload=\"console.log(&quot;ready&quot;)\"></div>");
/// ```
pub fn on_load(script: impl Into<Js>) -> Attr<Js> {
    attr("data-onload", script.into())
}
