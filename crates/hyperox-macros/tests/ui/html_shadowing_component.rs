use hyperox_html::prelude::*;

/// A component of the user's own, named like the `<header>` element.
fn header(title: &str) -> impl Node {
    h1(title.to_owned())
}

fn main() {
    let page = hyperox_html::html!(div((header("Hi"), p("text"))));
    let _ = page.render();
}
