//! Serves N Fortunes requests in-process, without sockets, for a
//! profiler to count where the time goes (`valgrind --tool=callgrind`):
//! `fortunes-profile <hyperox|axum-maud> <n> <sqlite-file>`.

use http_body_util::BodyExt;
use hyperox_benches::fortunes::{Db, axum_maud, hyperox_app};
use std::path::Path;
use tower::{Service, ServiceExt};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [stack, n, file] = args.as_slice() else {
        eprintln!("usage: fortunes-profile <hyperox|axum-maud> <n> <sqlite-file>");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("a count");
    let db = Db::create(Path::new(file)).expect("the database");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let mut bytes = 0;
        match stack.as_str() {
            "hyperox" => {
                let mut svc = hyperox_app::app(db).into_service();
                for _ in 0..n {
                    let req = http::Request::get("/fortunes")
                        .header("host", "localhost")
                        .body(hyperox_router::Body::empty())
                        .unwrap();
                    let res = ServiceExt::<http::Request<hyperox_router::Body>>::ready(&mut svc)
                        .await
                        .unwrap()
                        .call(req)
                        .await
                        .unwrap();
                    bytes += res.into_body().collect().await.unwrap().to_bytes().len();
                }
            }
            "axum-maud" => {
                let mut svc = axum_maud::router(db);
                for _ in 0..n {
                    let req = http::Request::get("/fortunes")
                        .header("host", "localhost")
                        .body(axum::body::Body::empty())
                        .unwrap();
                    let res = ServiceExt::<http::Request<axum::body::Body>>::ready(&mut svc)
                        .await
                        .unwrap()
                        .call(req)
                        .await
                        .unwrap();
                    bytes += res.into_body().collect().await.unwrap().to_bytes().len();
                }
            }
            other => panic!("unknown stack {other}"),
        }
        println!("{bytes} bytes");
    });
}
