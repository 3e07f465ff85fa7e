use hyperox::{Cx, Partial, partial};

#[partial(fetch)]
pub async fn add(_cx: Cx<'_, ()>) -> Partial {
    Partial::empty()
}

fn main() {}
