//! `/convert`: HTML to hyperox as you type (and on submit without
//! JavaScript), through `hyperox_convert`, the library behind
//! `hyperox html2rs`.

use crate::partials::convert::Sent;
use crate::prelude::*;

const SAMPLE: &str = "<div class=\"card\">\n  <h2>Hello &amp; welcome</h2>\n  <button hx-post=\"/like\" hx-swap=\"outerHTML\">Like</button>\n</div>";

/// The converter page.
#[page]
pub async fn page(cx: Cx<'_>, Query(sent): Query<Sent>) -> Page {
    let html = if sent.html.is_empty() { SAMPLE.to_owned() } else { sent.html };
    let convert = urls::partials::convert::rust();
    crate::layout(
        &cx,
        "HTML to hyperox",
        (
            p((
                class("mb-4"),
                "Paste HTML: the builder's calls for it appear below as you type. The same conversion on the command line: ",
                code("hyperox html2rs < page.html"),
                ".",
            )),
            form((
                attr("action", urls::pages::convert().url()),
                class("flex flex-col gap-2"),
                label((attr("for", "html"), class("font-medium"), "HTML")),
                textarea((
                    id("html"),
                    name("html"),
                    attr("rows", "8"),
                    attr("spellcheck", "false"),
                    convert.hx(),
                    attr("hx-trigger", "input changed delay:300ms"),
                    attr("hx-target", "#rust"),
                    class("rounded border border-slate-300 bg-white p-2 font-mono text-sm text-slate-900"),
                    html.clone(),
                )),
                button((class("w-fit rounded bg-indigo-600 px-3 py-1 text-white"), "Convert")),
            )),
            h2((class("mt-6 mb-2 text-xl font-semibold"), "Rust")),
            div((id("rust"), attr("aria-live", "polite"), crate::partials::convert::output(&html))),
        ),
    )
}
