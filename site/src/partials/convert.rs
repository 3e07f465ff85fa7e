//! The conversion, as the converter page asks for it.

use crate::prelude::*;

/// The HTML sent (none when the converter page is first opened).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Sent {
    #[serde(default)]
    pub html: String,
}

/// The builder's calls for the HTML sent (at most 64 KiB of it).
#[partial(post)]
pub async fn rust(_cx: Cx<'_>, Form(sent): Form<Sent>) -> Partial {
    Partial::new(output(&sent.html))
}

/// The builder form and the `html!` form of `html`.
pub fn output(html: &str) -> impl Node + use<> {
    let builder = hyperox_convert::convert(html, hyperox_convert::Form::Builder);
    let in_macro = hyperox_convert::convert(html, hyperox_convert::Form::Macro);
    (
        pre((class("example-source text-sm"), code((id("rust-builder"), builder)))),
        details((
            summary((class("cursor-pointer"), "The same in ", code("html!"))),
            pre((class("example-source text-sm"), code(in_macro))),
        )),
    )
}
