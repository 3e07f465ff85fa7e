//! Urlencoded form bodies and query strings.

use http::{HeaderMap, header};

/// Whether the request's body is `application/x-www-form-urlencoded`.
pub(crate) fn is_urlencoded(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The first value named `name` in urlencoded `data`, decoded.
pub(crate) fn form_urlencoded_value(data: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(data)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
