use hyperox::{Cx, Form, Partial, partial};

pub struct NewEntry {
    pub message: String,
}

#[partial(post)]
pub async fn sign(_cx: Cx<'_, ()>, Form(entry): Form<NewEntry>) -> Partial {
    Partial::new(entry.message)
}

fn main() {}
