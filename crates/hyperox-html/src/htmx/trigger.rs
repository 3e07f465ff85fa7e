//! `hx-trigger` values.

use super::swap::duration;
use crate::render::Buffer;
use std::fmt;
use std::time::Duration;

/// How queued events behave while a request is in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(Trigger::on("click").queue(Queue::Last).to_string(), "click queue:last");
/// ```
pub enum Queue {
    /// Queue the first event.
    First,
    /// Queue the last event (the default).
    Last,
    /// Queue every event.
    All,
    /// Queue nothing.
    None,
}

/// One or more triggers, joined with `, `.
///
/// Event names are written as given (`online` stays `online`).
///
/// # Example
///
/// ```
/// use hyperox_html::htmx::Trigger;
/// use std::time::Duration;
/// let t = Trigger::on("keyup").changed().delay(Duration::from_millis(500))
///     .or(Trigger::on("search"))
///     .or(Trigger::every(Duration::from_secs(1)));
/// assert_eq!(t.to_string(), "keyup changed delay:500ms, search, every 1s");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    text: String,
}

impl Trigger {
    /// A trigger on an event.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(button(htmx::trigger(Trigger::on("click"))).render(), "<button hx-trigger=\"click\"></button>");
    /// ```
    pub fn on(event: &str) -> Self {
        Self {
            text: event.to_owned(),
        }
    }
    /// `qs:NAME`: when the query parameter `name` of the page's address
    /// changes (htmx pushing a URL, or back and forward); the element's GET
    /// carries the parameter's new value.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::htmx::Trigger;
    /// assert_eq!(Trigger::query("filter").to_string(), "qs:filter");
    /// ```
    pub fn query(name: &str) -> Self {
        Self::on(&format!("qs:{name}"))
    }

    /// `path-deps`: after a state change at the path the element's
    /// `data-path-deps` names (see [`path_deps`](super::path_deps)).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::htmx::Trigger;
    /// assert_eq!(Trigger::path_deps().or(Trigger::load()).to_string(), "path-deps, load");
    /// ```
    pub fn path_deps() -> Self {
        Self::on("path-deps")
    }

    /// `mutation-error`: when a state-changing request of the page fails
    /// (on an element marked with [`mutation_error`](super::mutation_error)).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::htmx::Trigger;
    /// assert_eq!(Trigger::mutation_error().to_string(), "mutation-error");
    /// ```
    pub fn mutation_error() -> Self {
        Self::on("mutation-error")
    }

    /// `load`: when the element loads.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::load().to_string(), "load");
    /// ```
    pub fn load() -> Self {
        Self::on("load")
    }
    /// `revealed`: when the element scrolls into view.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::revealed().to_string(), "revealed");
    /// ```
    pub fn revealed() -> Self {
        Self::on("revealed")
    }
    /// `intersect`: when the element intersects the viewport.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::intersect().threshold(0.5).to_string(), "intersect threshold:0.5");
    /// ```
    pub fn intersect() -> Self {
        Self::on("intersect")
    }
    /// `every <time>`: polling.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Trigger::every(Duration::from_secs(2)).to_string(), "every 2s");
    /// ```
    pub fn every(d: Duration) -> Self {
        Self {
            text: format!("every {}", duration(d)),
        }
    }
    /// `every <time> [filter]`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Trigger::every_if(Duration::from_secs(1), "window.live").to_string(), "every 1s [window.live]");
    /// ```
    pub fn every_if(d: Duration, filter: &str) -> Self {
        Self {
            text: format!("every {} [{filter}]", duration(d)),
        }
    }

    /// Appends modifier `m`.
    fn modifier(mut self, m: &str) -> Self {
        self.text.push(' ');
        self.text.push_str(m);
        self
    }

    /// `[filter]`: a JavaScript condition on the event.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("keyup").filter("key=='Enter'").to_string(), "keyup[key=='Enter']");
    /// ```
    pub fn filter(mut self, expr: &str) -> Self {
        self.text.push('[');
        self.text.push_str(expr);
        self.text.push(']');
        self
    }
    /// `once`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("click").once().to_string(), "click once");
    /// ```
    pub fn once(self) -> Self {
        self.modifier("once")
    }
    /// `changed`: only when the value changed.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Trigger::on("input").changed().delay(Duration::from_millis(300)).to_string(), "input changed delay:300ms");
    /// ```
    pub fn changed(self) -> Self {
        self.modifier("changed")
    }
    /// `delay:<time>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Trigger::on("keyup").delay(Duration::from_millis(500)).to_string(), "keyup delay:500ms");
    /// ```
    pub fn delay(self, d: Duration) -> Self {
        self.modifier(&format!("delay:{}", duration(d)))
    }
    /// `throttle:<time>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Trigger::on("scroll").throttle(Duration::from_secs(1)).to_string(), "scroll throttle:1s");
    /// ```
    pub fn throttle(self, d: Duration) -> Self {
        self.modifier(&format!("throttle:{}", duration(d)))
    }
    /// `from:<selector>`: listen on another element.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("todo-added").listen_on("body").to_string(), "todo-added from:body");
    /// ```
    ///
    /// A selector with spaces or commas is quoted, as htmx 4 reads it:
    ///
    /// ```
    /// use hyperox_html::htmx::Trigger;
    /// assert_eq!(Trigger::on("keydown").listen_on("closest li").to_string(), r#"keydown from:"closest li""#);
    /// ```
    pub fn listen_on(self, selector: &str) -> Self {
        self.modifier(&format!("from:{}", hcon_value(selector)))
    }
    /// `target:<selector>`: only events whose target matches.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("click").target(".row").to_string(), "click target:.row");
    /// ```
    pub fn target(self, selector: &str) -> Self {
        self.modifier(&format!("target:{}", hcon_value(selector)))
    }
    /// `consume`: stop the event here.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("click").consume().to_string(), "click consume");
    /// ```
    pub fn consume(self) -> Self {
        self.modifier("consume")
    }
    /// `queue:<first|last|all|none>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::on("input").queue(Queue::All).to_string(), "input queue:all");
    /// ```
    pub fn queue(self, q: Queue) -> Self {
        self.modifier(match q {
            Queue::First => "queue:first",
            Queue::Last => "queue:last",
            Queue::All => "queue:all",
            Queue::None => "queue:none",
        })
    }
    /// `root:<selector>` (for `intersect`).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::intersect().root("#list").to_string(), "intersect root:#list");
    /// ```
    pub fn root(self, selector: &str) -> Self {
        self.modifier(&format!("root:{}", hcon_value(selector)))
    }
    /// `threshold:<0..1>` (for `intersect`).
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::intersect().threshold(0.25).to_string(), "intersect threshold:0.25");
    /// ```
    pub fn threshold(self, t: f64) -> Self {
        self.modifier(&format!("threshold:{t}"))
    }
    /// This trigger or another.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Trigger::load().or(Trigger::on("refresh").listen_on("body")).to_string(), "load, refresh from:body");
    /// ```
    pub fn or(mut self, other: Trigger) -> Self {
        self.text.push_str(", ");
        self.text.push_str(&other.text);
        self
    }
}

impl fmt::Display for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl crate::attr::AttrValue for Trigger {
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        crate::render::escape_into(out, &self.text);
    }
}

/// A value as htmx 4's config language reads it: bare when it has no
/// space or comma, else quoted (with the quote it does not contain).
fn hcon_value(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains(|c: char| c.is_whitespace() || c == ',') {
        value.into()
    } else if !value.contains('"') {
        format!("\"{value}\"").into()
    } else {
        format!("'{value}'").into()
    }
}
