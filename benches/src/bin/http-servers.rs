//! Serves the HTTP benchmark routes with one framework on one port:
//! `http-servers <hyperox|axum|actix|hyper> <port>`.
//!
//! Every server answers `GET /hello` with `Hello, World!`, `GET
//! /users/:id` with `user {id}`, and `GET /api/v1/nested/:id` (behind three
//! routers of two middleware each) with `nested {id}`, as
//! `text/plain; charset=utf-8`, on one thread (a current-thread tokio
//! runtime, or one actix-web worker). `benches/http.sh`
//! drives them with wrk.

use std::convert::Infallible;
use std::net::SocketAddr;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(which), Some(port)) = (args.next(), args.next()) else {
        eprintln!("usage: http-servers <hyperox|axum|actix|hyper> <port>");
        std::process::exit(2);
    };
    let port: u16 = port.parse().expect("a port number");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    match which.as_str() {
        "actix" => actix(addr),
        other => {
            // One thread, like actix-web's worker (a single-threaded tokio
            // runtime): the like-for-like setting for one pinned core.
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                match other {
                    "hyperox" => hyperox(addr).await,
                    "axum" => axum_server(addr).await,
                    "hyper" => raw_hyper(addr).await,
                    _ => {
                        eprintln!("unknown server {other}");
                        std::process::exit(2);
                    }
                }
            });
        }
    }
}

async fn hyperox(addr: SocketAddr) {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    hyperox_router::Server::new()
        .serve(
            listener,
            hyperox_benches::apps::hyperox_http(),
            std::future::pending::<()>(),
        )
        .await
        .expect("serve");
}

async fn axum_server(addr: SocketAddr) {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, hyperox_benches::apps::axum_apps::http())
        .await
        .expect("serve");
}

/// A raw hyper server answering the same bytes, routing by hand.
async fn raw_hyper(addr: SocketAddr) {
    use bytes::Bytes;
    use http_body_util::Full;
    use hyper_util::rt::{TokioExecutor, TokioIo};
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(
                |req: http::Request<hyper::body::Incoming>| async move {
                    let path = req.uri().path();
                    let (status, body) = if path == "/hello" {
                        (200, hyperox_benches::apps::HELLO.to_owned())
                    } else if let Some(id) = path.strip_prefix("/users/") {
                        (200, format!("user {id}"))
                    } else if let Some(id) = path.strip_prefix("/api/v1/nested/") {
                        (200, format!("nested {id}"))
                    } else {
                        (404, "Not Found".to_owned())
                    };
                    let res = http::Response::builder()
                        .status(status)
                        .header("content-type", "text/plain; charset=utf-8")
                        .body(Full::new(Bytes::from(body)))
                        .expect("valid response");
                    Ok::<_, Infallible>(res)
                },
            );
            let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn actix(addr: SocketAddr) {
    use actix_web::body::MessageBody;
    use actix_web::dev::{ServiceRequest, ServiceResponse};
    use actix_web::middleware::{Next, from_fn};
    use actix_web::{App, HttpMessage, HttpResponse, HttpServer, web};

    #[derive(Clone, Default)]
    struct Hits(u32);

    async fn mw(
        req: ServiceRequest,
        next: Next<impl MessageBody>,
    ) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
        {
            let mut ext = req.extensions_mut();
            match ext.get_mut::<Hits>() {
                Some(h) => h.0 += 1,
                None => {
                    ext.insert(Hits(1));
                }
            }
        }
        next.call(req).await
    }

    fn text(body: String) -> HttpResponse {
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(body)
    }

    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| {
            App::new()
                .route(
                    "/hello",
                    web::get().to(|| async { text(hyperox_benches::apps::HELLO.to_owned()) }),
                )
                .route(
                    "/users/{id}",
                    web::get()
                        .to(|path: web::Path<String>| async move { text(format!("user {path}")) }),
                )
                .service(
                    web::scope("/api")
                        .wrap(from_fn(mw))
                        .wrap(from_fn(mw))
                        .service(
                            web::scope("/v1")
                                .wrap(from_fn(mw))
                                .wrap(from_fn(mw))
                                .service(
                                    web::scope("/nested")
                                        .wrap(from_fn(mw))
                                        .wrap(from_fn(mw))
                                        .route(
                                            "/{id}",
                                            web::get().to(|path: web::Path<String>| async move {
                                                text(format!("nested {path}"))
                                            }),
                                        ),
                                ),
                        ),
                )
        })
        .workers(1)
        .bind(addr)
        .expect("bind")
        .run()
        .await
        .expect("serve");
    });
}
