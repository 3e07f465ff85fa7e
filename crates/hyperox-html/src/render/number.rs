//! Numbers as text, with a fast path for small ones.

use super::buffer::Plain;
use super::{Buffer, Node, TextMode};

const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

/// The two digits of `n` (below 100).
#[inline]
fn pair(n: u64) -> &'static str {
    let i = n as usize * 2;
    &PAIRS[i..i + 2]
}

/// Appends an unsigned number: up to four digits straight from the table
/// (most numbers in tables, lists and dates), longer ones out of line.
#[inline(always)]
fn write_u64<Out: Buffer + ?Sized>(out: &mut Out, n: u64) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
    } else if n < 100 {
        out.push_str(pair(n));
    } else if n < 10_000 {
        let (hi, lo) = (n / 100, n % 100);
        if hi < 10 {
            out.push(char::from(b'0' + hi as u8));
        } else {
            out.push_str(pair(hi));
        }
        out.push_str(pair(lo));
    } else {
        write_long(out, n);
    }
}

/// Five digits and more, through `itoa`.
#[inline(never)]
fn write_long<Out: Buffer + ?Sized>(out: &mut Out, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

macro_rules! unsigned {
    ($($t:ty),*) => {$(
        impl Node for $t {
            #[inline(always)]
            fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
                write_u64(out, *self as u64);
            }
            #[inline(always)]
            fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
                write_u64(out, *self as u64);
            }
        }
    )*};
}

macro_rules! signed {
    ($($t:ty),*) => {$(
        impl Node for $t {
            #[inline]
            fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
                if *self >= 0 {
                    write_u64(out, *self as u64);
                } else {
                    out.push_str(itoa::Buffer::new().format(*self));
                }
            }
        }
    )*};
}

unsigned!(u8, u16, u32, u64, usize);
signed!(i8, i16, i32, i64, isize);

impl Node for f64 {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        use std::fmt::Write;
        let _ = write!(Plain(out), "{self}");
    }
}

impl Node for f32 {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        use std::fmt::Write;
        let _ = write!(Plain(out), "{self}");
    }
}

impl Node for bool {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl Node for char {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        let mut buf = [0u8; 4];
        super::write_text(out, self.encode_utf8(&mut buf), cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (n, s) in [
            (0u64, "0"),
            (7, "7"),
            (42, "42"),
            (99, "99"),
            (100, "100"),
            (123456, "123456"),
        ] {
            let mut out = String::new();
            n.write_html(&mut out, TextMode::Content);
            assert_eq!(out, s);
        }
        let mut out = String::new();
        (-42i32).write_html(&mut out, TextMode::Content);
        (-5i64).write_html(&mut out, TextMode::Content);
        assert_eq!(out, "-42-5");
    }
}
