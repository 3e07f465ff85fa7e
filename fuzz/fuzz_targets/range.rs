//! Parses arbitrary `Range` values against arbitrary lengths: a range it
//! accepts always lies inside the body.
#![no_main]

use hyperox_router::middleware::{ByteRange, parse_range};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (len, header) = match data.split_first_chunk::<8>() {
        Some((len, rest)) => (u64::from_le_bytes(*len) >> (len[0] % 64), rest),
        None => (0, data),
    };
    let Ok(header) = std::str::from_utf8(header) else {
        return;
    };
    if let ByteRange::Satisfiable { start, end } = parse_range(header, len) {
        assert!(
            start <= end && end < len,
            "{header:?} on {len} gave {start}..={end}"
        );
    }
});
