use hyperox_html::prelude::*;

// Renders as a class, not as the `hidden` attribute.
fn hidden(on: bool) -> hyperox_html::Class<&'static str> {
    class(if on { "is-hidden" } else { "" })
}

fn main() {
    let _ = hyperox_html::html!(div((hidden(true), "x")));
}
