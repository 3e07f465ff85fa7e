//! The `Node` trait: how every piece of a page writes itself.

mod attrs;
mod buffer;
pub(crate) mod escape;
pub(crate) mod join;
mod number;

pub use attrs::duplicate_attribute;
pub use buffer::{Buffer, FmtBuffer};
pub use escape::{escape_into, raw_text_into};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a node is written: normal content, or the raw text of a
/// `<script>`/`<style>` element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
/// struct Tagged(&'static str);
/// impl Node for Tagged {
///     fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, mode: TextMode) {
///         self.0.write_html(out, mode);
///     }
/// }
/// assert_eq!(format!("{}{}", p(Tagged("</p>")).render(), script(Tagged("</p>")).render()), "<p>&lt;/p&gt;</p><script><\\/p></script>");
/// ```
pub enum TextMode {
    /// Element content: text is escaped.
    Content,
    /// Raw text of `<script>` or `<style>`: text is written as is, with
    /// `</` neutralised.
    RawText,
}

/// Anything that can stand in an element call: a child node (element,
/// text, number, fragment), an attribute, or a class.
///
/// Rendering takes `&self`: the tree is never changed, so one tree can be
/// rendered many times, from many threads. An element writes itself in two
/// passes over its parts: attributes (classes merged into one `class`
/// attribute where the first class stands), then content.
///
/// A node of your own implements [`write_html`](Node::write_html) for
/// content; an attribute implements [`HAS_ATTRS`](Node::HAS_ATTRS) and
/// [`write_attrs`](Node::write_attrs) instead. Everything else has a
/// default. (The builder's own nodes also carry hidden constants from
/// which containers join, at compile time, the literal markup where two
/// nodes meet, so that `</td><td>` in a loop is one write; a tree nested
/// more than about 60 levels deep may need a higher
/// `#![recursion_limit]` for them, and the compiler's error says so.)
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::{Buffer, TextMode};
///
/// /// A price in cents, written as euros.
/// struct Price(u64);
///
/// impl Node for Price {
///     fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, mode: TextMode) {
///         format!("€{}.{:02}", self.0 / 100, self.0 % 100).as_str().write_html(out, mode);
///     }
/// }
///
/// assert_eq!(td(Price(1999)).render(), "<td>€19.99</td>");
/// ```
pub trait Node {
    /// Whether this part may write attributes or classes. Elements whose
    /// parts have none write their start tag in one piece.
    const HAS_ATTRS: bool = false;

    #[doc(hidden)]
    /// Whether this part may write attributes that `html!` did not see as
    /// literals (the same as `HAS_ATTRS` unless a part says otherwise).
    /// An element `html!` pre-rendered writes its literal start tag in one
    /// piece when none of its parts has such attributes.
    const HAS_DYN_ATTRS: bool = Self::HAS_ATTRS;

    #[doc(hidden)]
    /// Whether this part never writes content (attributes and classes):
    /// the markup of the parts around it is joined across it.
    const EMPTY: bool = false;

    #[doc(hidden)]
    /// Literal markup every value of this type starts with.
    const LEAD: &'static str = "";

    #[doc(hidden)]
    /// Literal markup every value of this type ends with.
    const TRAIL: &'static str = "";

    #[doc(hidden)]
    /// Writes this part's content without its [`LEAD`](Node::LEAD) and
    /// [`TRAIL`](Node::TRAIL).
    #[inline]
    fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        self.write_html(out, cx);
    }

    /// Writes this part's attributes, if it is one. `parts` is the whole
    /// list of parts of the element, so that the first class can write
    /// every class of the element.
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        let _ = (out, parts, class_done);
    }

    /// Writes this part's class names, space-separated, if it has any.
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        let _ = (out, first);
    }

    /// Writes this part's content (elements, text), if it is content.
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        let _ = (out, cx);
    }

    /// Renders as a fragment (no doctype), for partials. Debug builds
    /// stop at an element that carries an attribute twice (see
    /// [`duplicate_attribute`]).
    fn render(&self) -> String {
        let mut out = String::with_capacity(256);
        self.write_html(&mut out, TextMode::Content);
        attrs::debug_check(&out);
        out
    }

    /// Renders as a page: `<!DOCTYPE html>` then the node. Debug builds
    /// stop at an element that carries an attribute twice.
    fn render_page(&self) -> String {
        // Most pages are a few kilobytes: one allocation, not a series of
        // doublings each copying what was written.
        let mut out = String::with_capacity(4096);
        out.push_str("<!DOCTYPE html>");
        self.write_html(&mut out, TextMode::Content);
        attrs::debug_check(&out);
        out
    }

    /// Appends the rendering (as a fragment) to `out`: a `String`, a
    /// `Vec<u8>`, a `bytes::BytesMut`, or a [`FmtBuffer`].
    fn render_into<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        self.write_html(out, TextMode::Content);
    }

    /// Writes the rendering (as a fragment) to any [`fmt::Write`]
    /// (`fmt::Formatter` included) as it is produced; the first error
    /// stops it.
    ///
    /// [`fmt::Write`]: std::fmt::Write
    fn render_fmt<W: std::fmt::Write + ?Sized>(&self, out: &mut W) -> std::fmt::Result {
        let mut buf = FmtBuffer::new(out);
        self.write_html(&mut buf, TextMode::Content);
        buf.finish()
    }
}

/// Remembers the size of the last rendering of a page, so the next one
/// gets a buffer of the right size at once.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
///
/// static HINT: SizeHint = SizeHint::new();
///
/// let page = div(("hello", span("world")));
/// assert_eq!(HINT.render(&page), "<div>hello<span>world</span></div>");
/// ```
#[derive(Debug, Default)]
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    /// A hint with no size known yet.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::{Buffer, FmtBuffer, TextMode, escape_into, raw_text_into};
    /// static HINT: SizeHint = SizeHint::new();
    /// assert_eq!(HINT.render(&p("x")), "<p>x</p>");
    /// ```
    pub const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    /// Renders `node` as a fragment into a buffer of the remembered size.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// static HINT: SizeHint = SizeHint::new();
    /// assert_eq!(HINT.render(&li("one")), "<li>one</li>");
    /// ```
    pub fn render<N: Node + ?Sized>(&self, node: &N) -> String {
        let mut out = String::with_capacity(self.0.load(Ordering::Relaxed).max(64));
        node.write_html(&mut out, TextMode::Content);
        attrs::debug_check(&out);
        self.0
            .store(out.len() + out.len() / 32 + 64, Ordering::Relaxed);
        out
    }

    /// Appends `node` (as a fragment) to `out`, any [`Buffer`], room for
    /// the remembered size reserved first.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// static HINT: SizeHint = SizeHint::new();
    /// let mut out = String::from("<ul>");
    /// HINT.render_into(&li("one"), &mut out);
    /// assert_eq!(out, "<ul><li>one</li>");
    /// ```
    pub fn render_into<N: Node + ?Sized, Out: Buffer + ?Sized>(&self, node: &N, out: &mut Out) {
        out.reserve(self.0.load(Ordering::Relaxed).max(64));
        let before = out.written();
        node.write_html(out, TextMode::Content);
        if let (Some(a), Some(b)) = (before, out.written()) {
            let len = b - a;
            self.0.store(len + len / 32 + 64, Ordering::Relaxed);
        }
    }

    /// Renders `node` as a page (with doctype) into a buffer of the
    /// remembered size.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// static HINT: SizeHint = SizeHint::new();
    /// assert_eq!(HINT.render_page(&html(body("x"))), "<!DOCTYPE html><html><body>x</body></html>");
    /// ```
    pub fn render_page<N: Node + ?Sized>(&self, node: &N) -> String {
        let mut out = String::with_capacity(self.0.load(Ordering::Relaxed).max(64));
        out.push_str("<!DOCTYPE html>");
        node.write_html(&mut out, TextMode::Content);
        attrs::debug_check(&out);
        self.0
            .store(out.len() + out.len() / 32 + 64, Ordering::Relaxed);
        out
    }
}

/// A node that is another node: behind a pointer, or wrapped. `$inner`
/// reaches the wrapped node from `$s` (`&self`).
macro_rules! forward_node {
    ($ty:ty where N: Node $(+ ?$sized:ident)?; |$s:ident| $inner:expr; dyn_attrs = $dyn:expr) => {
        impl<N: Node $(+ ?$sized)?> Node for $ty {
            const HAS_ATTRS: bool = N::HAS_ATTRS;
            const HAS_DYN_ATTRS: bool = $dyn;
            const EMPTY: bool = N::EMPTY;
            const LEAD: &'static str = N::LEAD;
            const TRAIL: &'static str = N::TRAIL;
            #[inline]
            fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
                let $s = self;
                $inner.write_inner(out, cx);
            }
            #[inline]
            fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(&self, out: &mut Out, parts: &P, class_done: &mut bool) {
                let $s = self;
                $inner.write_attrs(out, parts, class_done);
            }
            #[inline]
            fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
                let $s = self;
                $inner.write_classes(out, first);
            }
            #[inline]
            fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
                let $s = self;
                $inner.write_html(out, cx);
            }
        }
    };
}
pub(crate) use forward_node;

forward_node!(&N where N: Node + ?Sized; |s| **s; dyn_attrs = N::HAS_DYN_ATTRS);
forward_node!(Box<N> where N: Node + ?Sized; |s| **s; dyn_attrs = N::HAS_DYN_ATTRS);

impl Node for () {
    const EMPTY: bool = true;
}

impl<N: Node> Node for Option<N> {
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = N::HAS_DYN_ATTRS;
    const EMPTY: bool = N::EMPTY;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        if let Some(n) = self {
            n.write_attrs(out, parts, class_done);
        }
    }
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if let Some(n) = self {
            n.write_classes(out, first);
        }
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        if let Some(n) = self {
            n.write_html(out, cx);
        }
    }
}

impl<N: Node> Node for Vec<N> {
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = N::HAS_DYN_ATTRS;
    const EMPTY: bool = N::EMPTY;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        self.as_slice().write_attrs(out, parts, class_done);
    }
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        self.as_slice().write_classes(out, first);
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        self.as_slice().write_html(out, cx);
    }
}

impl<N: Node> Node for [N] {
    const HAS_ATTRS: bool = N::HAS_ATTRS;
    const HAS_DYN_ATTRS: bool = N::HAS_DYN_ATTRS;
    const EMPTY: bool = N::EMPTY;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        for n in self {
            n.write_attrs(out, parts, class_done);
        }
    }
    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        for n in self {
            n.write_classes(out, first);
        }
    }
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        join::write_seq(out, cx, self.iter());
    }
}

/// Text: escaped in content, written raw (with `</` neutralised) in
/// `<script>`/`<style>`.
#[inline]
pub(crate) fn write_text<Out: Buffer + ?Sized>(out: &mut Out, text: &str, cx: TextMode) {
    match cx {
        TextMode::Content => escape_into(out, text),
        TextMode::RawText => raw_text_into(out, text),
    }
}

impl Node for str {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_text(out, self, cx);
    }
}

impl Node for String {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_text(out, self, cx);
    }
}

impl Node for std::borrow::Cow<'_, str> {
    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_text(out, self, cx);
    }
}

macro_rules! tuple_node {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: Node),+> Node for ($($name,)+) {
            const HAS_ATTRS: bool = false $(|| $name::HAS_ATTRS)+;
            const HAS_DYN_ATTRS: bool = false $(|| $name::HAS_DYN_ATTRS)+;
            const EMPTY: bool = true $(&& $name::EMPTY)+;
            // The lead of the first part that writes content, the trail of
            // the last one.
            const LEAD: &'static str = {
                let i = join::first_full(&[$($name::EMPTY),+]);
                let leads = [$($name::LEAD),+];
                if i < leads.len() { leads[i] } else { "" }
            };
            const TRAIL: &'static str = {
                let i = join::last_full(&[$($name::EMPTY),+]);
                let trails = [$($name::TRAIL),+];
                if i < trails.len() { trails[i] } else { "" }
            };
            #[inline]
            fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
                seams!(self, out, cx, [$($name),+]; $($name $idx),+);
            }
            #[inline]
            fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(&self, out: &mut Out, parts: &P, class_done: &mut bool) {
                $(self.$idx.write_attrs(out, parts, class_done);)+
            }
            #[inline]
            fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
                $(self.$idx.write_classes(out, first);)+
            }
            #[inline]
            fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
                join::write_framed(self, out, cx);
            }
        }
    };
}

/// The inner parts of a tuple's items that write content, with the
/// markup where two meet written in one piece; the tuple's own lead and
/// trail (the first and last such item's) are left to the tuple.
macro_rules! seams {
    ($s:ident, $out:ident, $cx:ident, [$($all:ident),+]; $a:ident $ai:tt) => {
        if !$a::EMPTY {
            $s.$ai.write_inner($out, $cx);
        }
    };
    ($s:ident, $out:ident, $cx:ident, [$($all:ident),+]; $a:ident $ai:tt, $b:ident $bi:tt $(, $rest:ident $ri:tt)*) => {
        if !$a::EMPTY {
            $s.$ai.write_inner($out, $cx);
        }
        // Between the first and the last item that write content.
        if const {
            let empty = [$($all::EMPTY),+];
            join::first_full(&empty) < $bi && $bi <= join::last_full(&empty)
        } {
            join::Seam::<$a, $b>::write($out);
        }
        seams!($s, $out, $cx, [$($all),+]; $b $bi $(, $rest $ri)*);
    };
}

tuple_node!(A 0);
tuple_node!(A 0, B 1);
tuple_node!(A 0, B 1, C 2);
tuple_node!(A 0, B 1, C 2, D 3);
tuple_node!(A 0, B 1, C 2, D 3, E 4);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
tuple_node!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, Q 15);
