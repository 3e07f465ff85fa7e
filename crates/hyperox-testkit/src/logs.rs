//! What a test's own thread logs through `tracing`, captured as text.

use std::sync::{Arc, Mutex};

/// Log lines, collected while a test runs ([`Logs::of`]).
#[derive(Debug, Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// What `test` logs at INFO and above (without colour), run to its
    /// end on a current-thread runtime of its own, so that every task it
    /// spawns logs on this thread. `tracing`'s capture is per thread: a
    /// test that checks its lines is alone in its binary, since other
    /// tests' threads would log elsewhere.
    pub fn of<F: std::future::Future>(test: F) -> Self {
        let logs = Self::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(test);
        logs
    }

    /// What was logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("no test panicked while logging"))
            .into_owned()
    }
}

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("no test panicked while logging")
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
