//! The nodes `html!` writes: literal parts it checked, and elements whose
//! literal start tag it rendered.

use crate::render::{Context, Node};

/// A part whose attributes are literals `html!` has already rendered into
/// its element's start tag.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Lit<N>(N);

/// Marks a literal part.
#[doc(hidden)]
#[inline]
pub fn __lit<N: Node>(node: N) -> Lit<N> {
    Lit(node)
}

impl<N: Node> Node for Lit<N> {
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = false;
    #[inline]
    fn write_attrs<P: Node + ?Sized>(&self, out: &mut String, parts: &P, class_done: &mut bool) {
        self.0.write_attrs(out, parts, class_done);
    }
    #[inline]
    fn write_classes(&self, out: &mut String, first: &mut bool) {
        self.0.write_classes(out, first);
    }
    #[inline]
    fn write_html(&self, out: &mut String, cx: Context) {
        self.0.write_html(out, cx);
    }
}

/// An element with its start tag rendered by `html!`: written in one piece
/// when no part adds attributes of its own, else as the builder writes
/// it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Pre<P> {
    open: &'static str,
    start: &'static str,
    head: &'static str,
    end: &'static str,
    void: bool,
    raw: bool,
    parts: P,
}

/// An element as `html!` writes it: `open` is `<tag`, `start` the whole
/// start tag with the literal attributes and then `head`, the literal
/// children that follow it; `end` is the trailing literal children and the
/// end tag.
#[doc(hidden)]
#[inline]
pub fn __pre<P: Node>(
    open: &'static str,
    start: &'static str,
    head: &'static str,
    end: &'static str,
    void: bool,
    raw: bool,
    parts: P,
) -> Pre<P> {
    Pre {
        open,
        start,
        head,
        end,
        void,
        raw,
        parts,
    }
}

impl<P: Node> Node for Pre<P> {
    #[inline]
    fn write_html(&self, out: &mut String, _cx: Context) {
        if P::HAS_DYN_ATTRS {
            out.push_str(self.open);
            let mut class_done = false;
            self.parts.write_attrs(out, &self.parts, &mut class_done);
            out.push('>');
            out.push_str(self.head);
        } else {
            out.push_str(self.start);
        }
        if !self.void {
            let cx = if self.raw {
                Context::RawText
            } else {
                Context::Content
            };
            self.parts.write_html(out, cx);
            out.push_str(self.end);
        }
    }
}
