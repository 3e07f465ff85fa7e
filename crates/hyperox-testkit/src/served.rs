//! An app served on a free loopback port for a test: stopped when the
//! test says (waiting for it to finish), or when dropped.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Completes when the server should stop: hand it to `serve_on`.
pub type StopSignal = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A server on `127.0.0.1`, running as a task of the test's runtime.
///
/// ```
/// use hyperox_testkit::Served;
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// // A hyperox app: `Served::start(|listener, stop| app.serve_on(listener, stop))`.
/// let served = Served::start(|listener, stop| async move {
///     let _serving = listener;
///     stop.await;
///     Ok::<(), std::io::Error>(())
/// })
/// .await;
/// assert!(served.url().starts_with("http://127.0.0.1:"));
/// served.stop().await;
/// # });
/// ```
#[derive(Debug)]
pub struct Served {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), String>>>,
}

impl Served {
    /// Binds a free port on 127.0.0.1 and spawns `serve(listener, stop)`
    /// (`|listener, stop| app.serve_on(listener, stop)`).
    pub async fn start<F, Fut, E>(serve: F) -> Self
    where
        F: FnOnce(TcpListener, StopSignal) -> Fut,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free loopback port");
        Self::on(listener, serve)
    }

    /// The same on a listener bound already (an app whose settings name
    /// its address).
    pub fn on<F, Fut, E>(listener: TcpListener, serve: F) -> Self
    where
        F: FnOnce(TcpListener, StopSignal) -> Fut,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display,
    {
        let addr = listener.local_addr().expect("a bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let signal: StopSignal = Box::pin(async move {
            let _ = stopped.await;
        });
        let served = serve(listener, signal);
        let task = tokio::spawn(async move { served.await.map_err(|e| e.to_string()) });
        Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops it and waits (up to 10 s) until it has finished.
    ///
    /// # Panics
    ///
    /// When the server failed, or did not finish in time.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            match tokio::time::timeout(Duration::from_secs(10), task).await {
                Ok(Ok(Ok(()))) => {}
                Ok(Ok(Err(e))) => panic!("the server failed: {e}"),
                Ok(Err(e)) => panic!("the server's task failed: {e}"),
                Err(_) => panic!("the server did not stop within 10 s"),
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
