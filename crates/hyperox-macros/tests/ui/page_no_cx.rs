use hyperox::{Page, page};

#[page]
pub async fn page() -> Page {
    Page::new(())
}

fn main() {}
