use hyperox_router::{Request, Router};
use std::rc::Rc;

#[derive(Default)]
struct App;

async fn held_across_await(_ctx: &mut App, _req: &mut Request) -> String {
    let shared = Rc::new(5);
    tokio::task::yield_now().await;
    shared.to_string()
}

fn main() {
    let mut app = Router::<App>::new();
    app.get("/", held_across_await).unwrap();
}
