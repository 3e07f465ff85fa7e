use hyperox::router::{Next, Request, Response};
use hyperox::{App, AppContext};

async fn old(_cx: &mut AppContext<()>, _req: &mut Request, _next: Next<'_, AppContext<()>>) -> Response {
    Response::default()
}

fn main() {
    App::new(()).middleware(old);
}
