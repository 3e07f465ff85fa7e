use hyperox::{Cx, Page, page};

#[page(post)]
pub async fn page(_cx: Cx<'_, ()>) -> Page {
    Page::new(())
}

fn main() {}
