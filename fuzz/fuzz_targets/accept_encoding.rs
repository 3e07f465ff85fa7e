//! Negotiates arbitrary `Accept-Encoding` values: the coding chosen is one
//! the server has, and one the client did not refuse by name.
#![no_main]

use hyperox::assets::{Encoding, preferred_encoding};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(accept) = std::str::from_utf8(rest) else {
        return;
    };
    let (br, gz) = (flags & 1 != 0, flags & 2 != 0);
    match preferred_encoding(accept, br, gz) {
        Encoding::Brotli => {
            assert!(br && accept.to_ascii_lowercase().contains("br") || br && accept.contains('*'))
        }
        Encoding::Gzip => assert!(
            gz && accept.to_ascii_lowercase().contains("gzip") || gz && accept.contains('*')
        ),
        Encoding::Identity => {}
    }
});
