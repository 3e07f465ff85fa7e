//! Fortunes on actix-web with sailfish, as their users write it: a
//! handler with the database in `web::Data` (made by each worker, so a
//! PostgreSQL connection is driven by the worker's own runtime), a
//! template file (`templates/fortunes.stpl`) rendered to a `String`.
//! actix-web runs on a system of its own: a thread here, with `WORKERS`
//! workers (1 unless set) beside it.

use super::{Db, Fortune, with_added};
use actix_web::http::header::{CONTENT_TYPE, HeaderValue, SERVER};
use actix_web::{App, HttpResponse, HttpServer, web};
use sailfish::TemplateSimple;

#[derive(TemplateSimple)]
#[template(path = "fortunes.stpl")]
struct Fortunes {
    fortunes: Vec<Fortune>,
}

async fn fortunes(db: web::Data<Db>) -> HttpResponse {
    let fortunes = match db.fortunes().await {
        Ok(rows) => with_added(rows),
        Err(e) => return HttpResponse::InternalServerError().body(e),
    };
    match (Fortunes { fortunes }).render_once() {
        Ok(page) => {
            let mut res = HttpResponse::Ok().body(page);
            let headers = res.headers_mut();
            headers.insert(SERVER, HeaderValue::from_static("actix"));
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            res
        }
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

/// Serves on `listener` until the future is dropped, which stops the
/// server.
///
/// # Panics
///
/// When actix-web cannot start on the listener.
pub async fn serve(db: Db, listener: std::net::TcpListener) {
    let workers = std::env::var("WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or(1);
    let (started, handle) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                let db = db.clone();
                App::new()
                    .data_factory(move || {
                        let db = db.clone();
                        async move { db.on_this_runtime().await }
                    })
                    .route("/fortunes", web::get().to(fortunes))
            })
            .workers(workers)
            .listen(listener)
            .expect("actix-web on the listener")
            .run();
            let _ = started.send(server.handle());
            let _ = server.await;
        });
    });
    let handle = handle.await.expect("actix-web started");
    /// Stops the server when the serving future is dropped.
    struct Stop(actix_web::dev::ServerHandle);
    impl Drop for Stop {
        fn drop(&mut self) {
            // The command is sent now; its completion is not awaited.
            drop(self.0.stop(false));
        }
    }
    let _stop = Stop(handle);
    std::future::pending::<()>().await;
}
