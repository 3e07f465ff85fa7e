//! A component that holds its `&str` but says `use<>` (it captures
//! nothing): write `-> impl Node + '_` (see hyperox-html's "Components
//! that borrow").

use hyperox_html::prelude::*;

fn card(msg: &str) -> impl Node + use<> {
    p(msg)
}

fn main() {
    let _ = card("hi").render();
}
