//! The security headers.

use crate::context::AppContext;
use http::{HeaderValue, header};
use hyperox_router::{Request, Response};

/// The `Content-Security-Policy` of HTML responses, with `$script`
/// added to `script-src`: scripts and styles from the app itself (htmx
/// evaluates `hx-on` handlers, hence `'unsafe-eval'`), no framing by
/// other sites, forms posted to the app only.
macro_rules! csp {
    ($script:literal) => {
        concat!(
            "default-src 'self'; script-src 'self' 'unsafe-eval'",
            $script,
            "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; ",
            "form-action 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
        )
    };
}

/// The security headers, allowing the scripts of the request's nonce
/// (`Cx::script_nonce`).
pub(crate) fn security<S: Send + Sync + 'static>(
    cx: &mut AppContext<S>,
    _req: &Request,
    res: &mut Response,
) {
    headers(res.headers_mut(), cx.script_nonce.get().map(String::as_str));
}

/// `Server: hyperox` (the name alone, no version to look up flaws by),
/// `X-Content-Type-Options: nosniff` and `Referrer-Policy` on every
/// response, and a `Content-Security-Policy` (allowing scripts with
/// `nonce`) on HTML, unless the response set its own.
pub(crate) fn headers(headers: &mut http::HeaderMap, nonce: Option<&str>) {
    // Made at compile time: `from_static` at run time checks each byte
    // (about 200 instructions an answer here, mostly the policy's).
    const SERVER: HeaderValue = HeaderValue::from_static("hyperox");
    const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");
    const SAME_ORIGIN: HeaderValue = HeaderValue::from_static("same-origin");
    const POLICY: HeaderValue = HeaderValue::from_static(csp!(""));
    headers.entry(header::SERVER).or_insert(SERVER);
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(NOSNIFF);
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(SAME_ORIGIN);
    let html = headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if html && let header::Entry::Vacant(entry) = headers.entry(header::CONTENT_SECURITY_POLICY) {
        entry.insert(match nonce {
            Some(n) => HeaderValue::try_from(format!(csp!(" 'nonce-{}'"), n))
                .expect("a hex nonce is valid header text"),
            None => POLICY,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::headers;
    use http::{HeaderMap, HeaderValue, header};

    fn with(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn every_answer_gets_them_and_html_its_policy() {
        let mut html = with(&[(header::CONTENT_TYPE, "text/html; charset=utf-8")]);
        headers(&mut html, Some("ab12"));
        assert_eq!(html[header::SERVER], "hyperox");
        assert_eq!(html[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(html[header::REFERRER_POLICY], "same-origin");
        let policy = html[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            policy.contains("script-src 'self' 'unsafe-eval' 'nonce-ab12';"),
            "{policy}"
        );

        let mut json = with(&[(header::CONTENT_TYPE, "application/json")]);
        headers(&mut json, None);
        assert_eq!(json[header::SERVER], "hyperox");
        assert!(!json.contains_key(header::CONTENT_SECURITY_POLICY));
    }

    #[test]
    fn what_the_answer_set_itself_stays() {
        let mut own = with(&[
            (header::CONTENT_TYPE, "text/html"),
            (header::SERVER, "mine"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'"),
        ]);
        headers(&mut own, None);
        assert_eq!(own[header::SERVER], "mine");
        assert_eq!(own[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(own[header::CONTENT_SECURITY_POLICY], "default-src 'none'");
        for name in [
            header::SERVER,
            header::X_CONTENT_TYPE_OPTIONS,
            header::REFERRER_POLICY,
            header::CONTENT_SECURITY_POLICY,
        ] {
            assert_eq!(own.get_all(&name).iter().count(), 1, "{name} once");
        }
    }
}
