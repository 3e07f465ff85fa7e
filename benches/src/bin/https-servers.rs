//! Serves `GET /hello` (`Hello, World!`) over HTTPS or plain HTTP with one
//! server on one thread: `https-servers <hyperox-https|hyperox-http|axum-https>
//! <port> <cert.pem> <key.pem>`. hyperox is its own server with its `tls`
//! feature (rustls on ring); axum is served by axum-server on rustls with
//! ring too, so that both do the same cryptography. `benches/https.sh`
//! drives them with wrk.

use std::net::SocketAddr;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [which, port, cert, key] = args.as_slice() else {
        eprintln!(
            "usage: https-servers <hyperox-https|hyperox-http|axum-https> <port> <cert> <key>"
        );
        std::process::exit(2);
    };
    let port: u16 = port.parse().expect("a port number");
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        match which.as_str() {
            "hyperox-https" | "hyperox-http" => {
                let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
                let mut server = hyperox_router::Server::new();
                if which == "hyperox-https" {
                    server = server.tls(
                        hyperox_router::server::Tls::from_pem_files(cert, key)
                            .expect("the certificate"),
                    );
                }
                server
                    .serve(
                        listener,
                        hyperox_benches::apps::hyperox_http(),
                        std::future::pending::<()>(),
                    )
                    .await
                    .expect("serve");
            }
            "axum-https" => {
                let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                    .await
                    .expect("the certificate");
                axum_server::bind_rustls(addr, config)
                    .serve(hyperox_benches::apps::axum_apps::http().into_make_service())
                    .await
                    .expect("serve");
            }
            other => {
                eprintln!("unknown server {other}");
                std::process::exit(2);
            }
        }
    });
}
