use hyperox::{Cx, Partial, partial};

#[partial(post)]
async fn add(_cx: Cx<'_, ()>) -> Partial {
    Partial::empty()
}

fn main() {}
