//! The nodes `html!` writes: literal parts it checked, elements whose
//! literal start tag it rendered, and markup it rendered whole.

use crate::element::{Element, PreTag};
use crate::render::{Buffer, Context, Node};
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
    const EMPTY: bool = N::EMPTY;
    const LEAD: &'static str = N::LEAD;
    const TRAIL: &'static str = N::TRAIL;
    #[inline]
    fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: Context) {
        self.0.write_inner(out, cx);
    }
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        self.0.write_attrs(out, parts, class_done);
    }
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        self.0.write_classes(out, first);
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: Context) {
        self.0.write_html(out, cx);
    }
}

/// An element as `html!` writes it: the start tag with its literal
/// attributes in one piece when no part adds attributes of its own, else
/// as the builder writes it.
#[doc(hidden)]
#[inline]
pub fn __pre<T: PreTag, P: Node>(parts: P) -> Element<T, P> {
    Element::from_parts(parts)
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
    fn write_inner<Out: Buffer + ?Sized>(&self, _out: &mut Out, _cx: Context) {}
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: Context) {
        out.push_str(T::HTML);
    }
}
