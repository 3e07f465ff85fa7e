use hyperox_router::{Request, Router};

#[derive(Default)]
struct App;

struct Admin;

async fn reports(_ctx: &mut Admin, _req: &mut Request) -> &'static str {
    "reports"
}

fn main() {
    let mut app = Router::<App>::new();
    app.get("/reports", reports).unwrap();
}
