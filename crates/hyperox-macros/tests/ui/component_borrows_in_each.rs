//! A component that borrows, in `each` over an owned `Vec`: the closure
//! owns each item, so the node cannot borrow from it. Write
//! `each(&entries, |e| card(&e.message))` (see hyperox-html's
//! "Components that borrow").

use hyperox_html::prelude::*;

#[derive(Clone)]
struct Entry {
    message: String,
}

fn card(msg: &str) -> impl Node + '_ {
    p(msg)
}

fn main() {
    let entries = vec![Entry { message: "hi".into() }];
    let page = ul(each(entries, |e| li(card(&e.message))));
    let _ = page.render();
}
