//! Saving the session a request opened, after the handler: its cookie
//! set, and the answer's CSRF token moved to a new session id.

use crate::context::AppContext;
use crate::session::csrf_token;

/// Saves the session a request opened, and sets its cookie; a store
/// that fails turns the answer into a 503 (the change is not kept, and
/// the client is told so).
pub(crate) async fn save<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    res: &mut hyperox_router::Response,
) {
    let Some(session) = cx.session.take() else {
        return;
    };
    let Some(sessions) = cx.shared().sessions.clone() else {
        return;
    };
    let https = cx.shared().policy.is_https();
    match sessions.finish(session, https).await {
        Ok(done) => {
            for cookie in done.cookies {
                cx.set_cookie(cookie);
            }
            if let Some(id) = done.new_id {
                rebind_csrf(cx, res, id.as_deref());
            }
        }
        Err(e) => {
            tracing::error!("{e}; answered 503");
            use hyperox_router::IntoResponse;
            *res = crate::Rejection::unavailable(
                "the session could not be saved: try again in a moment",
                1,
            )
            .into_response();
        }
    }
}

/// The session's id changed (`None`: it is gone): the answer's CSRF
/// token becomes the new session's (or, with no session, a signed token
/// of its own with its cookie), in place of the old one in the body
/// (the page's meta and form fields) and in `X-CSRF-Token` for a page
/// that stays (the bundled client takes it from there).
fn rebind_csrf<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    res: &mut hyperox_router::Response,
    id: Option<&str>,
) {
    let signer = &cx.shared().signer;
    let (token, made) = match id {
        Some(id) => (csrf_token(signer, id), false),
        None => (signer.issue(), true),
    };
    if let Some((old, _)) = cx.csrf.get()
        && let Some(body) = res.body().as_bytes()
        && memchr::memmem::find(body, old.as_bytes()).is_some()
    {
        let mut out = Vec::with_capacity(body.len());
        let mut rest = body;
        while let Some(i) = memchr::memmem::find(rest, old.as_bytes()) {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(token.as_bytes());
            rest = &rest[i + old.len()..];
        }
        out.extend_from_slice(rest);
        res.headers_mut().remove(http::header::CONTENT_LENGTH);
        *res.body_mut() = hyperox_router::Body::from(bytes::Bytes::from(out));
    }
    res.headers_mut().insert(
        crate::csrf::HEADER,
        http::HeaderValue::try_from(token.as_str()).expect("a token is header text"),
    );
    cx.csrf = std::sync::OnceLock::new();
    let _ = cx.csrf.set((token, made));
}
