//! `hx-trigger` values.

use super::swap::duration;
use crate::render::Buffer;
use std::fmt;
use std::time::Duration;

/// How queued events behave while a request is in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn on(event: &str) -> Self {
        Self {
            text: event.to_owned(),
        }
    }
    /// `load`: when the element loads.
    pub fn load() -> Self {
        Self::on("load")
    }
    /// `revealed`: when the element scrolls into view.
    pub fn revealed() -> Self {
        Self::on("revealed")
    }
    /// `intersect`: when the element intersects the viewport.
    pub fn intersect() -> Self {
        Self::on("intersect")
    }
    /// `every <time>`: polling.
    pub fn every(d: Duration) -> Self {
        Self {
            text: format!("every {}", duration(d)),
        }
    }
    /// `every <time> [filter]`.
    pub fn every_if(d: Duration, filter: &str) -> Self {
        Self {
            text: format!("every {} [{filter}]", duration(d)),
        }
    }

    fn modifier(mut self, m: &str) -> Self {
        self.text.push(' ');
        self.text.push_str(m);
        self
    }

    /// `[filter]`: a JavaScript condition on the event.
    pub fn filter(mut self, expr: &str) -> Self {
        self.text.push('[');
        self.text.push_str(expr);
        self.text.push(']');
        self
    }
    /// `once`.
    pub fn once(self) -> Self {
        self.modifier("once")
    }
    /// `changed`: only when the value changed.
    pub fn changed(self) -> Self {
        self.modifier("changed")
    }
    /// `delay:<time>`.
    pub fn delay(self, d: Duration) -> Self {
        self.modifier(&format!("delay:{}", duration(d)))
    }
    /// `throttle:<time>`.
    pub fn throttle(self, d: Duration) -> Self {
        self.modifier(&format!("throttle:{}", duration(d)))
    }
    /// `from:<selector>`: listen on another element.
    pub fn listen_on(self, selector: &str) -> Self {
        self.modifier(&format!("from:{selector}"))
    }
    /// `target:<selector>`: only events whose target matches.
    pub fn target(self, selector: &str) -> Self {
        self.modifier(&format!("target:{selector}"))
    }
    /// `consume`: stop the event here.
    pub fn consume(self) -> Self {
        self.modifier("consume")
    }
    /// `queue:<first|last|all|none>`.
    pub fn queue(self, q: Queue) -> Self {
        self.modifier(match q {
            Queue::First => "queue:first",
            Queue::Last => "queue:last",
            Queue::All => "queue:all",
            Queue::None => "queue:none",
        })
    }
    /// `root:<selector>` (for `intersect`).
    pub fn root(self, selector: &str) -> Self {
        self.modifier(&format!("root:{selector}"))
    }
    /// `threshold:<0..1>` (for `intersect`).
    pub fn threshold(self, t: f64) -> Self {
        self.modifier(&format!("threshold:{t}"))
    }
    /// This trigger or another.
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
