use hyperox::{Cx, Partial, partial};

#[partial(post, POST)]
pub async fn add(_cx: Cx<'_, ()>) -> Partial {
    Partial::empty()
}

fn main() {}
