use hyperox_router::SubContext;

#[derive(Default)]
struct App;

#[derive(SubContext)]
struct Admin {
    app: App,
    audit: Vec<String>,
}

fn main() {}
