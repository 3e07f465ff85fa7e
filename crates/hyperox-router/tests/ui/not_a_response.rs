use hyperox_router::{Request, Router};

#[derive(Default)]
struct App;

struct Report;

async fn report(_ctx: &mut App, _req: &mut Request) -> Report {
    Report
}

fn main() {
    let mut app = Router::<App>::new();
    app.get("/report", report).unwrap();
}
