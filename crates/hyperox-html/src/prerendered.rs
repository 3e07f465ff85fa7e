//! The nodes `html!` writes: literal parts it checked, elements whose
//! literal start tag it rendered, and markup it rendered whole.

use crate::element::{write_attrs_and_close, write_content};
use crate::render::join::{Joined, join, write_framed};
use crate::render::{Context, Node};
use std::marker::PhantomData;

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
    const LEAD: &'static str = N::LEAD;
    const TRAIL: &'static str = N::TRAIL;
    #[inline]
    fn write_inner(&self, out: &mut String, cx: Context) {
        self.0.write_inner(out, cx);
    }
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

/// The literal pieces of an element `html!` rendered, as constants of a
/// type the macro defines where the element stands.
#[doc(hidden)]
pub trait PreTag {
    /// `<tag`.
    const OPEN: &'static str;
    /// The start tag with its literal attributes, then `HEAD`.
    const START: &'static str;
    /// The literal children right after the start tag.
    const HEAD: &'static str;
    /// The literal children right before the end tag, then the end tag.
    const END: &'static str;
    /// A void element: no children, no end tag.
    const VOID: bool;
    /// `<script>` or `<style>`: children are raw text.
    const RAW: bool;
}

/// An element with its start tag rendered by `html!`: written in one piece
/// when no part adds attributes of its own, else as the builder writes
/// it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Pre<T, P> {
    tag: PhantomData<T>,
    parts: P,
}

/// An element as `html!` writes it.
#[doc(hidden)]
#[inline]
pub fn __pre<T: PreTag, P: Node>(parts: P) -> Pre<T, P> {
    Pre {
        tag: PhantomData,
        parts,
    }
}

impl<T: PreTag, P: Node> Pre<T, P> {
    /// The rendered start tag and the lead of the content, when no part
    /// adds attributes.
    const LEAD_JOINED: Joined = join(T::START, P::LEAD);
    const LEAD_MERGED: bool = !P::HAS_DYN_ATTRS && !T::VOID && Self::LEAD_JOINED.fits;
    /// The trail of the content and the literal end.
    const TRAIL_JOINED: Joined = join(P::TRAIL, T::END);
    const TRAIL_MERGED: bool = !T::VOID && Self::TRAIL_JOINED.fits;
}

impl<T: PreTag, P: Node> Node for Pre<T, P> {
    const LEAD: &'static str = if P::HAS_DYN_ATTRS {
        T::OPEN
    } else if Self::LEAD_MERGED {
        Self::LEAD_JOINED.as_str()
    } else {
        T::START
    };
    const TRAIL: &'static str = if T::VOID {
        ""
    } else {
        Self::TRAIL_JOINED.or(T::END)
    };

    #[inline]
    fn write_inner(&self, out: &mut String, _cx: Context) {
        if P::HAS_DYN_ATTRS {
            write_attrs_and_close(out, &self.parts);
            out.push_str(T::HEAD);
        }
        if !T::VOID {
            write_content(
                out,
                &self.parts,
                T::RAW,
                !Self::LEAD_MERGED,
                !Self::TRAIL_MERGED,
            );
        }
    }

    #[inline]
    fn write_html(&self, out: &mut String, cx: Context) {
        write_framed(self, out, cx);
    }
}

/// Markup `html!` rendered whole, as a constant of a type the macro
/// defines where it stands.
#[doc(hidden)]
pub trait StaticHtml {
    /// The markup.
    const HTML: &'static str;
}

/// Markup rendered at compile time: nothing at run time but one write,
/// joined with the literal markup of its neighbours.
#[doc(hidden)]
pub struct Static<T>(PhantomData<fn() -> T>);

impl<T> std::fmt::Debug for Static<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Static")
    }
}

impl<T> Clone for Static<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Static<T> {}

/// Markup as `html!` writes it.
#[doc(hidden)]
#[inline]
pub fn __static<T: StaticHtml>() -> Static<T> {
    Static(PhantomData)
}

impl<T: StaticHtml> Node for Static<T> {
    const LEAD: &'static str = T::HTML;
    #[inline]
    fn write_inner(&self, _out: &mut String, _cx: Context) {}
    #[inline]
    fn write_html(&self, out: &mut String, _cx: Context) {
        out.push_str(T::HTML);
    }
}
