//! A router served on a free port of 127.0.0.1 for the socket tests.

use hyperox_router::{RouterService, Server};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server running until `stop` is sent (or dropped).
#[allow(dead_code)] // Not every test binary stops its server by hand.
pub(crate) struct Running {
    pub addr: SocketAddr,
    pub stop: Option<oneshot::Sender<()>>,
    pub task: JoinHandle<std::io::Result<()>>,
}

/// Serves `svc` with `server`'s settings on a free loopback port.
pub(crate) async fn start(svc: RouterService<()>, server: Server) -> Running {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(listener, svc, async {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}
