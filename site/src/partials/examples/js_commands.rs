//! Small behaviour without a request: commands run in the browser on an
//! event (`hyperox::html::js`), as htmgo's `js` commands are. Set a text
//! on click, and show or hide the children of a list.

use crate::prelude::*;

/// The two buttons and what they change.
#[partial]
pub async fn buttons(_cx: Cx<'_>) -> Partial {
    Partial::new(div((
        class("flex flex-col gap-3"),
        button((
            id("say-hi"),
            class("w-fit rounded border border-slate-300 px-3 py-1"),
            js::on_click(js::set_text("Hi there!")),
            "Click to change me",
        )),
        button((
            class("w-fit rounded border border-slate-300 px-3 py-1"),
            attr("aria-controls", "facts"),
            js::on_click(
                js::toggle_attribute("hidden").on(js::Target::Selector("#facts li".into())),
            ),
            "Show or hide the list",
        )),
        ul((
            id("facts"),
            class("list-disc pl-6"),
            li("htmx swaps what the server sends."),
            li((hidden(true), "The commands here need no request.")),
        )),
    )))
}
