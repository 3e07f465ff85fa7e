//! `Accept-Encoding` negotiation among the precompressed copies.

/// A content coding the server can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox::assets::{Encoding, preferred_encoding};
/// assert_eq!(preferred_encoding("gzip", true, true), Encoding::Gzip);
/// ```
pub enum Encoding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
    /// No coding.
    Identity,
}

/// The coding to send for an `Accept-Encoding` value, given which copies
/// exist: the highest q-value wins, brotli before gzip on a tie; `q=0`
/// refuses a coding; `*` stands for codings not named.
///
/// # Example
///
/// ```
/// use hyperox::assets::{Encoding, preferred_encoding};
/// assert_eq!(preferred_encoding("gzip, br", true, true), Encoding::Brotli);
/// assert_eq!(preferred_encoding("br;q=0.5, gzip", true, true), Encoding::Gzip);
/// assert_eq!(preferred_encoding("br", false, true), Encoding::Identity);
/// ```
pub fn preferred_encoding(accept: &str, has_brotli: bool, has_gzip: bool) -> Encoding {
    let mut br: Option<f32> = None;
    let mut gz: Option<f32> = None;
    let mut star: Option<f32> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let mut q = 1.0f32;
        for p in parts {
            if let Some(v) = p
                .trim()
                .strip_prefix("q=")
                .or_else(|| p.trim().strip_prefix("Q="))
            {
                q = v.trim().parse().unwrap_or(0.0);
            }
        }
        match name.as_str() {
            "br" => br = Some(q),
            "gzip" | "x-gzip" => gz = Some(q),
            "*" => star = Some(q),
            _ => {}
        }
    }
    let br = if has_brotli {
        br.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    let gz = if has_gzip {
        gz.or(star).unwrap_or(0.0)
    } else {
        0.0
    };
    if br > 0.0 && br >= gz {
        Encoding::Brotli
    } else if gz > 0.0 {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

#[cfg(test)]
mod tests {
    use super::Encoding::*;
    use super::preferred_encoding as pick;

    #[test]
    fn picks_by_q_value() {
        assert_eq!(pick("gzip, deflate, br, zstd", true, true), Brotli);
        assert_eq!(pick("gzip", true, true), Gzip);
        assert_eq!(pick("br;q=0.5, gzip;q=0.8", true, true), Gzip);
        assert_eq!(pick("br;q=0, gzip", true, true), Gzip);
        assert_eq!(pick("br", false, true), Identity);
        assert_eq!(pick("*", true, true), Brotli);
        assert_eq!(pick("*;q=0", true, true), Identity);
        assert_eq!(pick("", true, true), Identity);
        assert_eq!(pick("identity", true, true), Identity);
    }
}
