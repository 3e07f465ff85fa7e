use hyperox::{Cx, partial};

struct Nothing;

#[partial]
pub async fn show(_cx: Cx<'_, ()>) -> Nothing {
    Nothing
}

fn main() {}
