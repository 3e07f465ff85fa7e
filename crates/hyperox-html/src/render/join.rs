//! Literal markup joined at compile time, so that the fixed markup where
//! two nodes meet (`</td>` then `<td>`) is written in one piece.

use super::{Buffer, Node};
use std::marker::PhantomData;

/// The longest joined piece; longer pairs are written in two.
const CAP: usize = 256;

/// Two strings joined at compile time, if they fit in [`CAP`] bytes.
#[derive(Clone, Copy)]
pub(crate) struct Joined {
    bytes: [u8; CAP],
    len: usize,
    /// Whether `a` and `b` fitted.
    pub(crate) fits: bool,
}

/// `a` then `b`, if they fit.
pub(crate) const fn join(a: &str, b: &str) -> Joined {
    join_all(&[a, b])
}

/// The `parts` one after another, if they fit.
pub(crate) const fn join_all(parts: &[&str]) -> Joined {
    let mut bytes = [0; CAP];
    let mut len = 0;
    let mut k = 0;
    while k < parts.len() {
        let part = parts[k].as_bytes();
        if len + part.len() > CAP {
            return Joined {
                bytes,
                len: 0,
                fits: false,
            };
        }
        let mut i = 0;
        while i < part.len() {
            bytes[len + i] = part[i];
            i += 1;
        }
        len += part.len();
        k += 1;
    }
    Joined {
        bytes,
        len,
        fits: true,
    }
}

/// The index of the first `false` in `empty` (its length if none).
pub(crate) const fn first_full(empty: &[bool]) -> usize {
    let mut i = 0;
    while i < empty.len() && empty[i] {
        i += 1;
    }
    i
}

/// The index of the last `false` in `empty` (its length if none).
pub(crate) const fn last_full(empty: &[bool]) -> usize {
    let mut i = empty.len();
    while i > 0 {
        i -= 1;
        if !empty[i] {
            return i;
        }
    }
    empty.len()
}

impl Joined {
    /// The joined text (empty if it did not fit). For constants only: at
    /// run time it would check the bytes again on every call.
    pub(crate) const fn as_str(&'static self) -> &'static str {
        match std::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(s) => s,
            // Two whole strings joined are UTF-8.
            Err(_) => panic!("joined markup is not UTF-8"),
        }
    }

    /// `joined` if it fitted, else `alone`.
    pub(crate) const fn or(&'static self, alone: &'static str) -> &'static str {
        if self.fits { self.as_str() } else { alone }
    }
}

/// Where a node of type `A` meets a node of type `B`: `A::TRAIL` then
/// `B::LEAD`.
pub(crate) struct Seam<A: ?Sized, B: ?Sized>(PhantomData<fn(&A, &B)>);

impl<A: Node + ?Sized, B: Node + ?Sized> Seam<A, B> {
    const JOINED: Joined = join(A::TRAIL, B::LEAD);
    const TEXT: &'static str = Self::JOINED.as_str();

    /// Writes `A::TRAIL` and `B::LEAD`, in one piece when they fit.
    #[inline(always)]
    pub(crate) fn write<Out: Buffer + ?Sized>(out: &mut Out) {
        if Self::JOINED.fits {
            if !Self::TEXT.is_empty() {
                out.push_str(Self::TEXT);
            }
        } else {
            out.push_str(A::TRAIL);
            out.push_str(B::LEAD);
        }
    }
}

/// Writes a node whole: its lead, its inner part, its trail.
#[inline(always)]
pub(crate) fn write_framed<Out: Buffer + ?Sized, N: Node + ?Sized>(
    node: &N,
    out: &mut Out,
    cx: super::TextMode,
) {
    if !N::LEAD.is_empty() {
        out.push_str(N::LEAD);
    }
    node.write_inner(out, cx);
    if !N::TRAIL.is_empty() {
        out.push_str(N::TRAIL);
    }
}

/// Writes a sequence of nodes of one type: where two meet, the trail of
/// one and the lead of the next are one write. (Into a buffer that keeps
/// what it holds, the lead is written before the first node and after
/// every node, and the last one taken back.)
#[inline]
pub(crate) fn write_seq<Out: Buffer + ?Sized, N: Node>(
    out: &mut Out,
    cx: super::TextMode,
    items: impl Iterator<Item = N>,
) {
    if N::LEAD.is_empty() && N::TRAIL.is_empty() {
        for n in items {
            n.write_inner(out, cx);
        }
        return;
    }
    // Taking back nothing tells whether the buffer can take back.
    if out.take_back(0) {
        out.push_str(N::LEAD);
        for n in items {
            n.write_inner(out, cx);
            Seam::<N, N>::write(out);
        }
        out.take_back(N::LEAD.len());
    } else {
        let mut first = true;
        for n in items {
            if first {
                out.push_str(N::LEAD);
                first = false;
            } else {
                Seam::<N, N>::write(out);
            }
            n.write_inner(out, cx);
        }
        if !first {
            out.push_str(N::TRAIL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_what_fits() {
        const AB: Joined = join("</td>", "<td>");
        assert_eq!(AB.as_str(), "</td><td>");
        let (a, b) = ("a".repeat(200), "b".repeat(56));
        let fits: &'static Joined = Box::leak(Box::new(join(&a, &b)));
        assert_eq!(fits.as_str(), a.clone() + &b);
        let long: &'static Joined = Box::leak(Box::new(join(&a, &(b + "c"))));
        assert!(!long.fits);
        assert_eq!(long.or("alone"), "alone");
        const UNI: Joined = join("é", "✓");
        assert_eq!(UNI.as_str(), "é✓");
    }
}
