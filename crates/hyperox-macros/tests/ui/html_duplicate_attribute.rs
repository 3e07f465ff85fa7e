use hyperox_html::prelude::*;

fn main() {
    // `hx-trigger` given twice: the browser would keep the first.
    let page = hyperox_html::html!(span((
        hidden(true),
        attr("hx-trigger", "load"),
        attr("hx-vals", "{}"),
        attr("HX-Trigger", "click"),
    )));
    let _ = page.render();
    // Classes are merged, never refused.
    let ok = hyperox_html::html!(p((class("a"), class("b"), "x")));
    let _ = ok.render();
}
