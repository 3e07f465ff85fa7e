//! The nodes `html!` writes: literal parts it checked, elements whose
//! literal start tag it rendered, and markup it rendered whole.

use crate::element::{Element, PreTag};
use crate::render::{Buffer, Node, TextMode, forward_node};
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

// Its attributes are in the start tag already: none are dynamic.
forward_node!(Lit<N> where N: Node; |s| s.0; dyn_attrs = false);

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
    fn write_inner<Out: Buffer + ?Sized>(&self, _out: &mut Out, _cx: TextMode) {}
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push_str(T::HTML);
    }
}
