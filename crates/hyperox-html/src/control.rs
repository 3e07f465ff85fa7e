//! Conditionals, iteration, fragments, type-erased nodes.

use crate::render::{Buffer, Node, TextMode};

/// `node` when `cond` holds, nothing otherwise.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let admin = false;
/// assert_eq!(nav((a("Home"), if_(admin, a("Admin")))).render(), "<nav><a>Home</a></nav>");
/// ```
pub fn if_<N: Node>(cond: bool, node: N) -> Option<N> {
    cond.then_some(node)
}

/// `yes` when `cond` holds, `no` otherwise.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let n = 0;
/// assert_eq!(p(if_else(n == 0, "No todos", textf!("{n} todos"))).render(), "<p>No todos</p>");
/// ```
pub fn if_else<A: Node, B: Node>(cond: bool, yes: A, no: B) -> Either<A, B> {
    if cond {
        Either::Left(yes)
    } else {
        Either::Right(no)
    }
}

/// The node `make` builds, built only when `cond` holds (and only when
/// rendered).
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let user: Option<&str> = Some("ada");
/// assert_eq!(p(if_lazy(user.is_some(), || textf!("Hi {}", user.unwrap()))).render(), "<p>Hi ada</p>");
/// ```
pub fn if_lazy<N: Node, F: Fn() -> N>(cond: bool, make: F) -> IfLazy<F> {
    IfLazy { cond, make }
}

/// The node `yes` or `no` builds, built when rendered.
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let items: Vec<&str> = vec![];
/// assert_eq!(div(if_else_lazy(items.is_empty(), || p("Nothing yet"), || ul(each(items.clone(), li)))).render(), "<div><p>Nothing yet</p></div>");
/// ```
pub fn if_else_lazy<A: Node, B: Node, FA: Fn() -> A, FB: Fn() -> B>(
    cond: bool,
    yes: FA,
    no: FB,
) -> IfElseLazy<FA, FB> {
    IfElseLazy { cond, yes, no }
}

/// One of two nodes.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(ul((if_else(true, li("a"), "none"),)).render(), "<ul><li>a</li></ul>");
/// ```
pub enum Either<A, B> {
    /// The first.
    Left(A),
    /// The second.
    Right(B),
}

impl<A: Node, B: Node> Node for Either<A, B> {
    const HAS_ATTRS: bool = A::HAS_ATTRS || B::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = A::HAS_DYN_ATTRS || B::HAS_DYN_ATTRS;
    const EMPTY: bool = A::EMPTY && B::EMPTY;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        match self {
            Either::Left(a) => a.write_attrs(out, parts, class_done),
            Either::Right(b) => b.write_attrs(out, parts, class_done),
        }
    }
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        match self {
            Either::Left(a) => a.write_classes(out, first),
            Either::Right(b) => b.write_classes(out, first),
        }
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        match self {
            Either::Left(a) => a.write_html(out, cx),
            Either::Right(b) => b.write_html(out, cx),
        }
    }
}

/// A node built when rendered, if a condition holds; see [`if_lazy`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(span(if_lazy(false, || "never built")).render(), "<span></span>");
/// ```
pub struct IfLazy<F> {
    cond: bool,
    make: F,
}

impl<N: Node, F: Fn() -> N> Node for IfLazy<F> {
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = N::HAS_DYN_ATTRS;
    const EMPTY: bool = N::EMPTY;
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        // Built only in the pass that can use it: once per render.
        if N::HAS_ATTRS && self.cond {
            (self.make)().write_attrs(out, parts, class_done);
        }
    }
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if N::HAS_ATTRS && self.cond {
            (self.make)().write_classes(out, first);
        }
    }
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        if !N::EMPTY && self.cond {
            (self.make)().write_html(out, cx);
        }
    }
}

/// One of two nodes, built when rendered; see [`if_else_lazy`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(span(if_else_lazy(false, || "yes", || "no")).render(), "<span>no</span>");
/// ```
pub struct IfElseLazy<FA, FB> {
    cond: bool,
    yes: FA,
    no: FB,
}

impl<A: Node, B: Node, FA: Fn() -> A, FB: Fn() -> B> Node for IfElseLazy<FA, FB> {
    const HAS_ATTRS: bool = A::HAS_ATTRS || B::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = A::HAS_DYN_ATTRS || B::HAS_DYN_ATTRS;
    const EMPTY: bool = A::EMPTY && B::EMPTY;
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        if self.cond {
            if A::HAS_ATTRS {
                (self.yes)().write_attrs(out, parts, class_done);
            }
        } else if B::HAS_ATTRS {
            (self.no)().write_attrs(out, parts, class_done);
        }
    }
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if self.cond {
            if A::HAS_ATTRS {
                (self.yes)().write_classes(out, first);
            }
        } else if B::HAS_ATTRS {
            (self.no)().write_classes(out, first);
        }
    }
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        if self.cond {
            if !A::EMPTY {
                (self.yes)().write_html(out, cx);
            }
        } else if !B::EMPTY {
            (self.no)().write_html(out, cx);
        }
    }
}

/// One node per item of an iterator, built when rendered (so the iterator
/// must be `Clone`: a slice's, a range, a map's `iter()`).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let names = ["ada", "grace"];
/// let list = ul(each(names.iter(), |n| li(*n)));
/// assert_eq!(list.render(), "<ul><li>ada</li><li>grace</li></ul>");
/// ```
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(ol(each(1..=3, |n| li(n))).render(), "<ol><li>1</li><li>2</li><li>3</li></ol>");
/// ```
pub fn each<I, N, F>(items: I, make: F) -> Each<I::IntoIter, F>
where
    I: IntoIterator,
    I::IntoIter: Clone,
    N: Node,
    F: Fn(I::Item) -> N,
{
    Each {
        items: items.into_iter(),
        make,
    }
}

/// Nodes made from an iterator; see [`each`].
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let todos = ["milk", "eggs"];
/// assert_eq!(ul((id("list"), each(todos, |t| li(t)))).render(), "<ul id=\"list\"><li>milk</li><li>eggs</li></ul>");
/// ```
pub struct Each<I, F> {
    items: I,
    make: F,
}

impl<I, N, F> Node for Each<I, F>
where
    I: Iterator + Clone,
    N: Node,
    F: Fn(I::Item) -> N,
{
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = N::HAS_DYN_ATTRS;
    const EMPTY: bool = N::EMPTY;

    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        // Items are built only in the pass that can use them: content
        // items once, in `write_html`, even beside an attribute.
        if !N::HAS_ATTRS {
            return;
        }
        for item in self.items.clone() {
            (self.make)(item).write_attrs(out, parts, class_done);
        }
    }
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if !N::HAS_ATTRS {
            return;
        }
        for item in self.items.clone() {
            (self.make)(item).write_classes(out, first);
        }
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        if N::EMPTY {
            return;
        }
        crate::render::join::write_seq(out, cx, self.items.clone().map(&self.make));
    }
}

/// Several nodes side by side, with no element around them (a tuple is a
/// fragment already; this names it).
#[inline]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(fragment((h1("Title"), p("Body")))).render(), "<div><h1>Title</h1><p>Body</p></div>");
/// ```
pub fn fragment<P: Node>(parts: P) -> P {
    parts
}

/// A child node behind a pointer, for lists of nodes of different types.
/// Only content is written (not attributes or classes).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{BoxedNode, boxed};
/// let parts: Vec<BoxedNode> = vec![boxed(p("a")), boxed(hr(()))];
/// assert_eq!(div(each(&parts, |b| b)).render(), "<div><p>a</p><hr></div>");
/// ```
pub struct BoxedNode(Box<dyn DynNode + Send + Sync>);

impl std::fmt::Debug for BoxedNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoxedNode")
    }
}

/// The object-safe part of [`Node`].
trait DynNode {
    fn write_dyn(&self, out: &mut dyn Buffer, cx: TextMode);
}

impl<N: Node> DynNode for N {
    fn write_dyn(&self, out: &mut dyn Buffer, cx: TextMode) {
        self.write_html(out, cx);
    }
}

/// Boxes a node so that nodes of different types fit in one `Vec`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{BoxedNode, boxed};
/// fn card(title: &str, fancy: bool) -> BoxedNode { if fancy { boxed(div((class("fancy"), h2(title.to_owned())))) } else { boxed(h2(title.to_owned())) } }
/// assert_eq!(card("Hi", true).render(), "<div class=\"fancy\"><h2>Hi</h2></div>");
/// ```
pub fn boxed<N: Node + Send + Sync + 'static>(node: N) -> BoxedNode {
    BoxedNode(Box::new(node))
}

impl Node for BoxedNode {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        self.0.write_dyn(out.as_dyn(), cx);
    }
}
