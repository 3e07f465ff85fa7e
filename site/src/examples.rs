//! The live examples: each is a partials file under
//! `src/partials/examples/`, compiled with the site; its page shows that
//! file's source beside the running partials.

use hyperox::Link;
use hyperox::html::prelude::*;
use hyperox::live::Hub;

/// One example.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Its name: the file `src/partials/examples/{name}.rs`.
    pub name: &'static str,
    /// What it shows.
    pub title: &'static str,
    /// What to look for.
    pub about: &'static str,
    /// Its source, as compiled.
    pub source: &'static str,
    /// The partial that shows it first.
    pub start: fn() -> Link,
}

/// Every example.
pub const ALL: &[Example] = &[
    Example {
        name: "click_to_edit",
        title: "Click to edit",
        about: "A record shown as text until Edit swaps in a form; Save puts the text back. Without JavaScript the form posts and the page comes back.",
        source: include_str!("partials/examples/click_to_edit.rs"),
        start: crate::urls::partials::examples::click_to_edit::view,
    },
    Example {
        name: "active_search",
        title: "Active search",
        about: "Results as you type: a request 300 ms after the last key, the old one cancelled.",
        source: include_str!("partials/examples/active_search.rs"),
        start: crate::urls::partials::examples::active_search::form,
    },
    Example {
        name: "validation",
        title: "Validation on blur",
        about: "The field is checked by the server when it loses focus; the message sits beside it.",
        source: include_str!("partials/examples/validation.rs"),
        start: crate::urls::partials::examples::validation::form,
    },
    Example {
        name: "loading",
        title: "A form with a loading state",
        about: "While the request runs the button is busy and a spinner shows; a second click sends nothing.",
        source: include_str!("partials/examples/loading.rs"),
        start: crate::urls::partials::examples::loading::form,
    },
    Example {
        name: "infinite_scroll",
        title: "Infinite scroll",
        about: "Scroll the box: the last row asks for the next rows as it comes into view.",
        source: include_str!("partials/examples/infinite_scroll.rs"),
        start: crate::urls::partials::examples::infinite_scroll::list,
    },
    Example {
        name: "js_commands",
        title: "Commands in the browser",
        about: "A text set on click, and a list whose items show and hide: no request, no script file.",
        source: include_str!("partials/examples/js_commands.rs"),
        start: crate::urls::partials::examples::js_commands::buttons,
    },
    Example {
        name: "cached",
        title: "A cached component",
        about: "Rendered once a minute and kept in the app's cache: the counts show views going up while renders do not.",
        source: include_str!("partials/examples/cached.rs"),
        start: crate::urls::partials::examples::cached::card,
    },
    Example {
        name: "clock",
        title: "A clock over server-sent events",
        about: "The server pushes the time every second to everyone on the room `clock`; the page swaps it in.",
        source: include_str!("partials/examples/clock.rs"),
        start: crate::urls::partials::examples::clock::face,
    },
    Example {
        name: "ws_counter",
        title: "A counter over a websocket",
        about: "The buttons send over the page's websocket to handlers on the server, which push the new count back; every tab of this browser counts together.",
        source: include_str!("partials/examples/ws_counter.rs"),
        start: crate::urls::partials::examples::ws_counter::counter,
    },
];

/// The example called `name`.
pub fn find(name: &str) -> Option<&'static Example> {
    ALL.iter().find(|e| e.name == name)
}

impl Example {
    /// The example as a guide page shows it: the running partials (loaded
    /// by htmx as the page loads), then the source that runs.
    pub fn panel(&self) -> impl Node + use<> {
        let start = (self.start)().url().to_owned();
        section((
            class("my-6 rounded-lg border border-slate-200 dark:border-slate-700"),
            aria("label", self.title),
            h2((
                class(
                    "border-b border-slate-200 px-4 py-2 text-lg font-semibold dark:border-slate-700",
                ),
                self.title,
            )),
            p((
                class("px-4 pt-3 text-slate-600 dark:text-slate-300"),
                self.about,
            )),
            div((
                class("px-4 py-4"),
                attr("hx-get", start),
                attr("hx-trigger", "load"),
                p((class("text-slate-500"), "Loading the example…")),
            )),
            details((
                class("border-t border-slate-200 px-4 py-2 dark:border-slate-700"),
                summary((
                    class("cursor-pointer font-medium"),
                    textf!("The source: src/partials/examples/{}.rs", self.name),
                )),
                pre((
                    class("example-source overflow-x-auto text-sm"),
                    code(self.source),
                )),
            )),
        ))
    }
}

/// The contact the click-to-edit example edits.
#[derive(Debug, Clone)]
pub struct Contact {
    /// The first name.
    pub first: String,
    /// The last name.
    pub last: String,
    /// The e-mail address.
    pub email: String,
}

impl Default for Contact {
    fn default() -> Self {
        Self {
            first: "Ada".into(),
            last: "Lovelace".into(),
            email: "ada@example.com".into(),
        }
    }
}

/// Pushes the time to the room `clock` every second, for the clock
/// example (a task of its own, until the process ends).
pub fn start_clock(hub: Hub) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            if hub.stats().connections == 0 {
                continue;
            }
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            if let Err(e) = hub
                .room("clock")
                .push(crate::partials::examples::clock::pushed(now))
                .await
            {
                tracing::warn!("the clock: {e}");
            }
        }
    });
}
