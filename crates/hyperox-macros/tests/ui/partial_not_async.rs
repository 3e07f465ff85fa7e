use hyperox::{Cx, Partial, partial};

#[partial(post)]
pub fn add(_cx: Cx<'_, ()>) -> Partial {
    Partial::empty()
}

fn main() {}
