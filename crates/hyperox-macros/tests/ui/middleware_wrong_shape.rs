use hyperox::router::{Request, Response};
use hyperox::{App, Cx, Next};

async fn old(_cx: Cx<'_, ()>, _req: &mut Request, _next: Next<'_, ()>) -> Response {
    Response::default()
}

fn main() {
    App::new(()).middleware(old);
}
