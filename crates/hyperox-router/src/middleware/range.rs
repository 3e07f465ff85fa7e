//! The `Range` request header, for one byte range.

/// What a `Range` header asks of a body of known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_router::middleware::{ByteRange, parse_range};
/// assert_eq!(parse_range("bytes=0-9", 100), ByteRange::Satisfiable { start: 0, end: 9 });
/// assert_eq!(parse_range("bytes=200-", 100), ByteRange::Unsatisfiable);
/// assert_eq!(parse_range("items=1-2", 100), ByteRange::Ignored);
/// ```
pub enum ByteRange {
    /// Bytes `start..=end`.
    Satisfiable {
        /// The first byte.
        start: u64,
        /// The last byte (included).
        end: u64,
    },
    /// A range of bytes that does not exist (416).
    Unsatisfiable,
    /// Not a single byte range we serve: send the whole body.
    Ignored,
}

/// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n` against `len`; several
/// ranges or other units are ignored (the whole body is sent).
///
/// # Example
///
/// ```
/// use hyperox_router::middleware::{ByteRange, parse_range};
///
/// assert_eq!(parse_range("bytes=-5", 100), ByteRange::Satisfiable { start: 95, end: 99 });
/// assert_eq!(parse_range("bytes=200-", 100), ByteRange::Unsatisfiable);
/// assert_eq!(parse_range("bytes=0-1,5-6", 100), ByteRange::Ignored);
/// ```
pub fn parse_range(header: &str, len: u64) -> ByteRange {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return ByteRange::Ignored;
    };
    if spec.contains(',') {
        return ByteRange::Ignored;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Ignored;
    };
    let parse = |s: &str| s.trim().parse::<u64>().ok();
    match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, true) => ByteRange::Ignored,
        (true, false) => match parse(last) {
            Some(0) => ByteRange::Unsatisfiable,
            Some(n) if len > 0 => ByteRange::Satisfiable {
                start: len.saturating_sub(n),
                end: len - 1,
            },
            Some(_) => ByteRange::Unsatisfiable,
            None => ByteRange::Ignored,
        },
        (false, open_end) => {
            let Some(start) = parse(first) else {
                return ByteRange::Ignored;
            };
            let end = if open_end {
                len.saturating_sub(1)
            } else {
                match parse(last) {
                    Some(e) if e >= start => e.min(len.saturating_sub(1)),
                    _ => return ByteRange::Ignored,
                }
            };
            if start >= len {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Satisfiable { start, end }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ByteRange::*;
    use super::*;

    #[test]
    fn ranges() {
        let cases = [
            ("bytes=0-4", 10, Satisfiable { start: 0, end: 4 }),
            ("bytes=5-", 10, Satisfiable { start: 5, end: 9 }),
            ("bytes=-3", 10, Satisfiable { start: 7, end: 9 }),
            ("bytes=-30", 10, Satisfiable { start: 0, end: 9 }),
            ("bytes=8-100", 10, Satisfiable { start: 8, end: 9 }),
            ("bytes=10-", 10, Unsatisfiable),
            ("bytes=-0", 10, Unsatisfiable),
            ("bytes=0-", 0, Unsatisfiable),
            ("bytes=5-2", 10, Ignored),
            ("bytes=0-1,3-4", 10, Ignored),
            ("items=0-1", 10, Ignored),
            ("bytes=x-1", 10, Ignored),
        ];
        for (header, len, want) in cases {
            assert_eq!(parse_range(header, len), want, "{header}");
        }
    }
}
