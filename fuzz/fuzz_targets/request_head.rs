//! Checks arbitrary request heads as the server does before the app: no
//! panic, and a head it lets through has exactly one valid `Host` over
//! HTTP/1.1 and no transfer coding but one final `chunked`.
#![no_main]

use hyperox_router::server::check_head;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let target = lines.next().unwrap_or("/");
    let mut b = http::Request::get(target);
    for line in lines.take(16) {
        if let Some((k, v)) = line.split_once(':') {
            b = b.header(k, v.trim());
        }
    }
    let Ok(req) = b.body(()) else {
        return;
    };
    if check_head(&req, 1024).is_ok() {
        assert_eq!(req.headers().get_all("host").iter().count(), 1, "{text:?}");
        for te in req.headers().get_all("transfer-encoding") {
            assert!(
                te.to_str().unwrap().trim().eq_ignore_ascii_case("chunked"),
                "{text:?}"
            );
        }
    }
});
