use hyperox_html::prelude::*;

/// A helper of the user's own, named like the `id` attribute helper.
fn id(n: &str) -> String {
    format!("user-{n}")
}

fn main() {
    let page = hyperox_html::html!(div((id("7"), "x")));
    let _ = page.render();
}
