use hyperox_router::{Next, Request, Response, Router};

#[derive(Default)]
struct App;

#[derive(Default)]
struct Admin;

async fn audit(ctx: &mut Admin, req: &mut Request, next: Next<'_, Admin>) -> Response {
    next.run(ctx, req).await
}

fn main() {
    let mut app = Router::<App>::new();
    app.middleware(audit);
}
