//! What a test's own thread logs through `tracing`, captured as text.

use std::sync::{Arc, Mutex};

/// Log lines, collected from the time of [`Logs::capture`] until its
/// guard is dropped.
#[derive(Debug, Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    /// Captures what this thread logs at INFO and above (without colour)
    /// until the returned guard is dropped. Per thread: a test that
    /// checks its lines runs its tasks on a current-thread runtime, alone
    /// in its binary (other tests' threads would log elsewhere).
    pub fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Self::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
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
