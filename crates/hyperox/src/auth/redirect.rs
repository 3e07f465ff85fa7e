//! Return addresses that stay inside the app.

/// `target` if it is a path of this app to send a browser back to after
/// signing in, else `None` (send it to the start page instead): it must
/// start with one `/` and hold no backslash, no control character and
/// nothing that a browser, or one more round of decoding, reads as
/// another host (`//evil`, `/\evil`, `/%2F%2Fevil`, `https:evil`,
/// `/\t/evil`).
///
/// # Example
///
/// ```
/// use hyperox::auth::return_to;
/// assert_eq!(return_to("/account?tab=keys"), Some("/account?tab=keys"));
/// assert_eq!(return_to("//evil.example/"), None);
/// assert_eq!(return_to("https://evil.example/"), None);
/// ```
pub fn return_to(target: &str) -> Option<&str> {
    let ok = |t: &str| {
        t.starts_with('/')
            && !t.starts_with("//")
            && !t.contains('\\')
            && !t.chars().any(|c| c.is_control() || c == '\u{a0}')
    };
    if !ok(target) || target.len() > 2048 {
        return None;
    }
    // Decoded once more (a target that went through another encoding on
    // its way), it must still be a path of this app.
    let decoded = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    if !ok(&decoded) {
        return None;
    }
    http::HeaderValue::from_str(target).ok()?;
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::return_to;

    #[test]
    fn only_paths_of_this_app_are_returned_to() {
        let good = [
            "/",
            "/account",
            "/account/keys?tab=2&x=%2F",
            "/a/b/c#frag",
            "/search?q=a%20b",
            "/a//b",
            "/a:b",
            "/http://not-a-host",
        ];
        for t in good {
            assert_eq!(return_to(t), Some(t), "{t:?} is a path of the app");
        }
        let evil = [
            "",
            "//evil.example",
            "//evil.example/path",
            "///evil.example",
            "////evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "https://evil.example",
            "http://evil.example",
            "https:evil.example",
            "http:/evil.example",
            "https:/\\evil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "evil.example",
            "evil.example/account",
            "./account",
            "../account",
            "?next=/",
            "#/account",
            "/%2F%2Fevil.example",
            "/%2f%2fevil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "%2F%2Fevil.example",
            "%2f%2fevil.example",
            "/%09/evil.example",
            "/%0A/evil.example",
            "/%0D/evil.example",
            "/%00/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\u{0}/evil.example",
            "/\u{b}/evil.example",
            "/\u{c}/evil.example",
            "/\u{1f}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{85}/evil.example",
            "/\u{a0}/evil.example",
            "\t//evil.example",
            " //evil.example",
            "\u{0}//evil.example",
            "//evil.example%2F",
            "//evil.example\\@good.example",
            "/\\\\evil.example",
            "//%65vil.example",
            "//\u{ff0e}evil",
            "//@evil.example",
            "ftp://evil.example",
        ];
        assert!(evil.len() >= 50, "{} shapes", evil.len());
        for t in evil {
            assert_eq!(return_to(t), None, "{t:?} must not be returned to");
        }
        assert_eq!(
            return_to(&format!("/{}", "a".repeat(3000))),
            None,
            "too long"
        );
    }
}
