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

/// A server on `127.0.0.1` running on a runtime of its own (two workers)
/// in a thread of its own: for a synchronous test, or one whose client
/// blocks. Stops, and waits for the thread, when dropped.
#[derive(Debug)]
pub struct ServedThread {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl ServedThread {
    /// Starts the thread, binds a free loopback port in it and runs
    /// `serve(listener, stop)` there; returns once the port is bound.
    ///
    /// ```
    /// let served = hyperox_testkit::ServedThread::start(|listener, stop| async move {
    ///     let _serving = listener;
    ///     stop.await;
    ///     Ok::<(), std::io::Error>(())
    /// });
    /// assert!(served.addr.ip().is_loopback());
    /// ```
    ///
    /// # Panics
    ///
    /// When the runtime or the port cannot be had.
    pub fn start<F, Fut, E>(serve: F) -> Self
    where
        F: FnOnce(TcpListener, StopSignal) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), E>>,
        E: std::fmt::Display,
    {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("a free loopback port");
                addr_tx
                    .send(listener.local_addr().expect("a bound address"))
                    .expect("the test waits for the address");
                let signal: StopSignal = Box::pin(async move {
                    let _ = stopped.await;
                });
                serve(listener, signal).await.map_err(|e| e.to_string())
            })
        });
        let addr = addr_rx.recv().expect("the server's thread to bind a port");
        Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for ServedThread {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let failed = match thread.join() {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("the server failed: {e}")),
                Err(_) => Some("the server's thread panicked".to_owned()),
            };
            if let Some(why) = failed
                && !std::thread::panicking()
            {
                panic!("{why}");
            }
        }
    }
}
