//! The apps under test, written the natural way for each framework: the
//! same routes, three context levels with two middleware each, handlers
//! that answer the same bytes.

use hyperox_router::{Next, Request, Response, Router, RouterService, SubContext};

/// The body every hello route answers.
pub const HELLO: &str = "Hello, World!";

/// The root context: counts the middleware that ran.
#[derive(Default, Clone)]
pub struct Root {
    /// Middleware passes at this level.
    pub hits: u32,
}

/// The second level's context.
pub struct Mid {
    root: Root,
    /// Middleware passes at this level.
    pub hits: u32,
}

/// The third level's context.
pub struct Leaf {
    mid: Mid,
    /// Middleware passes at this level.
    pub hits: u32,
}

impl SubContext<Root> for Mid {
    fn from_parent(root: Root) -> Self {
        Mid { root, hits: 0 }
    }
    fn into_parent(self) -> Root {
        self.root
    }
}

impl SubContext<Mid> for Leaf {
    fn from_parent(mid: Mid) -> Self {
        Leaf { mid, hits: 0 }
    }
    fn into_parent(self) -> Mid {
        self.mid
    }
}

impl Default for Mid {
    fn default() -> Self {
        Mid::from_parent(Root::default())
    }
}

async fn root_mw(ctx: &mut Root, req: &mut Request, next: Next<'_, Root>) -> Response {
    ctx.hits += 1;
    next.run(ctx, req).await
}

async fn mid_mw(ctx: &mut Mid, req: &mut Request, next: Next<'_, Mid>) -> Response {
    ctx.hits += 1;
    ctx.root.hits += 1;
    next.run(ctx, req).await
}

async fn leaf_mw(ctx: &mut Leaf, req: &mut Request, next: Next<'_, Leaf>) -> Response {
    ctx.hits += 1;
    ctx.mid.hits += 1;
    next.run(ctx, req).await
}

async fn hello(_: &mut Root, _: &mut Request) -> &'static str {
    HELLO
}

async fn user(_: &mut Root, req: &mut Request) -> String {
    format!("user {}", req.param("id").unwrap_or_default())
}

async fn nested(_: &mut Leaf, req: &mut Request) -> String {
    format!("nested {}", req.param("id").unwrap_or_default())
}

async fn leaf_static(_: &mut Leaf, _: &mut Request) -> &'static str {
    HELLO
}

/// hyperox: `GET /hello`, `GET /users/:id`, and `GET /api/v1/nested/:id`
/// behind three levels of two middleware each.
pub fn hyperox_http() -> RouterService<Root> {
    let mut root = Router::<Root>::new();
    root.get("/hello", hello).expect("valid");
    root.get("/users/:id", user).expect("valid");
    root.subrouter::<Root>("/")
        .expect("valid")
        .middleware(root_mw)
        .middleware(root_mw)
        .subrouter::<Mid>("/api")
        .expect("valid")
        .middleware(mid_mw)
        .middleware(mid_mw)
        .subrouter::<Leaf>("/v1")
        .expect("valid")
        .middleware(leaf_mw)
        .middleware(leaf_mw)
        .get("/nested/:id", nested)
        .expect("valid");
    root.into_service()
}

/// hyperox, the namespace shape: root with two middleware (before routing), one
/// subrouter per namespace with two, and one more level with two holding
/// the resource routes. 15 x `resources` routes.
pub fn hyperox_namespaced(resources: usize) -> RouterService<Root> {
    let mut root = Router::<Root>::new();
    root.middleware(root_mw).middleware(root_mw);
    let routes = crate::routes::namespaced(resources);
    for ns in ["admin", "api", "site"] {
        let mid = root.subrouter::<Mid>(&format!("/{ns}")).expect("valid");
        mid.middleware(mid_mw).middleware(mid_mw);
        let leaf = mid.subrouter::<Leaf>("/").expect("valid");
        leaf.middleware(leaf_mw).middleware(leaf_mw);
        for (method, pattern) in &routes {
            if let Some(rest) = pattern.strip_prefix(&format!("/{ns}")) {
                leaf.route(method.clone(), rest, leaf_static)
                    .expect("valid");
            }
        }
    }
    root.into_service()
}

/// hyperox, one route and nothing else.
pub fn hyperox_one_route() -> RouterService<Root> {
    let mut root = Router::<Root>::new();
    root.get("/action", hello).expect("valid");
    root.into_service()
}

/// The same apps in axum: contexts are request extensions, middleware are
/// `axum::middleware::from_fn`.
pub mod axum_apps {
    use super::HELLO;
    use axum::extract::{Path, Request};
    use axum::middleware::{Next, from_fn};
    use axum::response::Response;
    use axum::routing::{delete, get, post, put};

    #[derive(Clone, Default)]
    struct Root {
        hits: u32,
    }
    #[derive(Clone, Default)]
    struct Mid {
        hits: u32,
    }
    #[derive(Clone, Default)]
    struct Leaf {
        hits: u32,
    }

    async fn root_mw(mut req: Request, next: Next) -> Response {
        match req.extensions_mut().get_mut::<Root>() {
            Some(root) => root.hits += 1,
            None => {
                req.extensions_mut().insert(Root { hits: 1 });
            }
        }
        next.run(req).await
    }

    async fn mid_mw(mut req: Request, next: Next) -> Response {
        let ext = req.extensions_mut();
        match ext.get_mut::<Mid>() {
            Some(mid) => mid.hits += 1,
            None => {
                ext.insert(Mid { hits: 1 });
            }
        }
        if let Some(root) = ext.get_mut::<Root>() {
            root.hits += 1;
        }
        next.run(req).await
    }

    async fn leaf_mw(mut req: Request, next: Next) -> Response {
        let ext = req.extensions_mut();
        match ext.get_mut::<Leaf>() {
            Some(leaf) => leaf.hits += 1,
            None => {
                ext.insert(Leaf { hits: 1 });
            }
        }
        if let Some(mid) = ext.get_mut::<Mid>() {
            mid.hits += 1;
        }
        next.run(req).await
    }

    async fn hello() -> &'static str {
        HELLO
    }

    async fn user(Path(id): Path<String>) -> String {
        format!("user {id}")
    }

    async fn nested(Path(id): Path<String>) -> String {
        format!("nested {id}")
    }

    /// axum: the three HTTP routes.
    pub fn http() -> axum::Router {
        let v1 = axum::Router::new()
            .route("/nested/{id}", get(nested))
            .layer(from_fn(leaf_mw))
            .layer(from_fn(leaf_mw));
        let api = axum::Router::new()
            .nest("/v1", v1)
            .layer(from_fn(mid_mw))
            .layer(from_fn(mid_mw));
        let wrapped = axum::Router::new()
            .nest("/api", api)
            .layer(from_fn(root_mw))
            .layer(from_fn(root_mw));
        axum::Router::new()
            .route("/hello", get(hello))
            .route("/users/{id}", get(user))
            .merge(wrapped)
    }

    /// axum: the namespace shape with `resources` resources.
    pub fn namespaced(resources: usize) -> axum::Router {
        let mut root = axum::Router::new();
        for ns in ["admin", "api", "site"] {
            let mut leaf = axum::Router::new();
            for r in 0..resources {
                leaf = leaf
                    .route(&format!("/res{r}"), get(hello).merge(post(hello)))
                    .route(
                        &format!("/res{r}/{{id}}"),
                        get(hello).merge(put(hello)).merge(delete(hello)),
                    );
            }
            let leaf = leaf.layer(from_fn(leaf_mw)).layer(from_fn(leaf_mw));
            let mid = axum::Router::new()
                .merge(leaf)
                .layer(from_fn(mid_mw))
                .layer(from_fn(mid_mw));
            root = root.nest(&format!("/{ns}"), mid);
        }
        root.layer(from_fn(root_mw)).layer(from_fn(root_mw))
    }

    /// axum: one route.
    pub fn one_route() -> axum::Router {
        axum::Router::new().route("/action", get(hello))
    }
}
