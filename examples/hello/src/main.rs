//! A router with contexts of its own: a greeting built by middleware,
//! plus an `/api` and an `/admin` router whose contexts own the root's
//! and add fields and middleware of their own.

use hyperox_router::http::StatusCode;
use hyperox_router::middleware::{Logger, ShowErrors, StaticFiles};
use hyperox_router::{IntoResponse, Next, Request, Response, Router, SubContext, serve};

/// The root context: one per request.
#[derive(Default)]
struct Context {
    hello_count: usize,
}

impl Context {
    async fn set_hello_count(&mut self, req: &mut Request, next: Next<'_, Context>) -> Response {
        self.hello_count = 3;
        next.run(self, req).await
    }

    async fn say_hello(&mut self, _req: &mut Request) -> String {
        format!("{}World!", "Hello ".repeat(self.hello_count))
    }
}

/// The `/api` context: which client called, found by the API-key
/// middleware. It owns the root context and reaches its fields through
/// `Deref`.
#[derive(SubContext)]
struct ApiContext {
    #[parent]
    root: Context,
    client: String,
}

impl ApiContext {
    async fn require_key(&mut self, req: &mut Request, next: Next<'_, ApiContext>) -> Response {
        let key = req.headers().get("x-api-key").and_then(|v| v.to_str().ok());
        match key {
            Some(k) if !k.is_empty() => {
                self.client = k.to_owned();
                next.run(self, req).await
            }
            _ => (StatusCode::UNAUTHORIZED, "missing X-Api-Key\n").into_response(),
        }
    }

    async fn show_widget(&mut self, req: &mut Request) -> String {
        let id = req.param("id").unwrap_or_default();
        format!(
            "{{\"id\":{id:?},\"client\":{:?},\"hellos\":{}}}\n",
            self.client, self.hello_count
        )
    }
}

/// The `/admin` context: the signed-in administrator.
#[derive(SubContext)]
struct AdminContext {
    #[parent]
    root: Context,
    admin: Option<String>,
}

impl AdminContext {
    async fn require_admin(&mut self, req: &mut Request, next: Next<'_, AdminContext>) -> Response {
        self.admin = req
            .headers()
            .get("x-admin")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if self.admin.is_none() {
            return (StatusCode::FORBIDDEN, "admins only\n").into_response();
        }
        next.run(self, req).await
    }

    async fn dashboard(&mut self, _req: &mut Request) -> String {
        format!(
            "welcome {} ({} hellos)\n",
            self.admin.as_deref().unwrap_or("?"),
            self.root.hello_count
        )
    }

    async fn crash(&mut self, _req: &mut Request) -> &'static str {
        panic!("the admin crash button was pressed")
    }
}

fn app() -> Result<Router<Context>, hyperox_router::RouteError> {
    let mut router = Router::<Context>::new();
    router
        .middleware(Logger)
        .middleware(ShowErrors)
        .middleware(Context::set_hello_count)
        .middleware(
            StaticFiles::new(concat!(env!("CARGO_MANIFEST_DIR"), "/public")).prefix("/static"),
        )
        .get("/", Context::say_hello)?;
    router
        .subrouter::<ApiContext>("/api")?
        .middleware(ApiContext::require_key)
        .get("/widgets/:id:[0-9]+", ApiContext::show_widget)?;
    router
        .subrouter::<AdminContext>("/admin")?
        .middleware(AdminContext::require_admin)
        .get("/", AdminContext::dashboard)?
        .get("/crash", AdminContext::crash)?;
    Ok(router)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
    serve(format!("127.0.0.1:{port}"), app()?.into_service()).await?;
    Ok(())
}
