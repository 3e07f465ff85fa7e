//! Helpers for tests of routers: read a response body.

use crate::response::Response;

/// Reads a response body into a `String` (lossily for non-UTF-8).
///
/// # Panics
///
/// When the body fails to stream.
pub async fn body_string(res: Response) -> String {
    let bytes = res
        .into_body()
        .collect_bytes()
        .await
        .expect("response body streams");
    String::from_utf8_lossy(&bytes).into_owned()
}
