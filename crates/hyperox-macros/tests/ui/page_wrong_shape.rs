use hyperox::{App, Page};

async fn index(_name: String) -> Page {
    Page::new(())
}

fn main() {
    App::new(()).page("/", index).unwrap();
}
