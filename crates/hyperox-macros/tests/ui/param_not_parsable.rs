use hyperox::{Cx, Partial, partial};

#[partial]
pub async fn show(_cx: Cx<'_, ()>, id: Vec<u8>) -> Partial {
    Partial::new(format!("{id:?}"))
}

fn main() {}
