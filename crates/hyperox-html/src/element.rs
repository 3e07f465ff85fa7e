//! Every HTML element, as a function taking its parts (attributes,
//! classes and children, mixed, as one value or a tuple).

use crate::render::join::{Joined, join, join_all, write_framed};
use crate::render::{Buffer, Node, TextMode};
use std::borrow::Cow;
use std::marker::PhantomData;

/// What an element's tag is and how its content is written.
pub trait Tag {
    /// `<name`.
    const OPEN: &'static str;
    /// `<name>`, for elements without attributes.
    const OPEN_FULL: &'static str;
    /// `</name>`; empty for void elements.
    const CLOSE: &'static str;
    /// Whether the element has no content and no end tag.
    const VOID: bool = false;
    /// Whether its text is raw (`<script>`, `<style>`).
    const RAW: bool = false;
}

/// An element with a tag known at compile time and its parts.
#[derive(Debug, Clone, Copy)]
pub struct Element<T, P> {
    parts: P,
    tag: PhantomData<T>,
}

impl<T: Tag, P: Node> Element<T, P> {
    /// Makes the element.
    #[inline]
    pub fn new(parts: P) -> Self {
        Self {
            parts,
            tag: PhantomData,
        }
    }

    /// The same element with one more part (an attribute or a child).
    #[inline]
    pub fn with<X: Node>(self, extra: X) -> Element<T, (P, X)> {
        Element::new((self.parts, extra))
    }
}

/// The literal pieces of an element: its tag's (every [`Tag`] has them),
/// or those `html!` rendered for one element, as constants of a type the
/// macro defines where the element stands.
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

impl<T: Tag> PreTag for T {
    const OPEN: &'static str = T::OPEN;
    const START: &'static str = T::OPEN_FULL;
    const HEAD: &'static str = "";
    const END: &'static str = T::CLOSE;
    const VOID: bool = T::VOID;
    const RAW: bool = T::RAW;
}

impl<T, P> Element<T, P> {
    /// The element of `parts`, for `html!`.
    #[inline]
    pub(crate) fn from_parts(parts: P) -> Self {
        Self {
            parts,
            tag: PhantomData,
        }
    }
}

impl<T: PreTag, P: Node> Element<T, P> {
    /// Without attributes from its parts: the start tag (with what
    /// `html!` rendered into it) and the lead of the content.
    const START_JOINED: Joined = join(T::START, P::LEAD);
    /// With attributes from its parts, written after `<tag`: the `>`
    /// closing the start tag, what `html!` rendered after it, and the lead
    /// of the content.
    const OPEN_END_JOINED: Joined = if T::VOID {
        join_all(&[">", T::HEAD])
    } else {
        join_all(&[">", T::HEAD, P::LEAD])
    };
    const OPEN_END: &'static str = Self::OPEN_END_JOINED.as_str();
    /// Whether the content's lead is written with the start tag.
    const LEAD_JOINED: bool = !T::VOID
        && if P::HAS_DYN_ATTRS {
            Self::OPEN_END_JOINED.fits
        } else {
            Self::START_JOINED.fits
        };
    /// The trail of the content and the end.
    const END_JOINED: Joined = join(P::TRAIL, T::END);
    const TRAIL_JOINED: bool = !T::VOID && Self::END_JOINED.fits;
}

impl<T: PreTag, P: Node> Node for Element<T, P> {
    const LEAD: &'static str = if P::HAS_DYN_ATTRS {
        T::OPEN
    } else if T::VOID {
        T::START
    } else {
        Self::START_JOINED.or(T::START)
    };
    const TRAIL: &'static str = if T::VOID {
        ""
    } else {
        Self::END_JOINED.or(T::END)
    };

    #[inline]
    fn write_inner<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        if P::HAS_DYN_ATTRS {
            let mut class_done = false;
            self.parts.write_attrs(out, &self.parts, &mut class_done);
            if Self::OPEN_END_JOINED.fits {
                out.push_str(Self::OPEN_END);
            } else {
                out.push('>');
                out.push_str(T::HEAD);
            }
        }
        if T::VOID {
            return;
        }
        let cx = if T::RAW {
            TextMode::RawText
        } else {
            TextMode::Content
        };
        if !Self::LEAD_JOINED && !P::LEAD.is_empty() {
            out.push_str(P::LEAD);
        }
        self.parts.write_inner(out, cx);
        if !Self::TRAIL_JOINED && !P::TRAIL.is_empty() {
            out.push_str(P::TRAIL);
        }
    }

    #[inline]
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, cx: TextMode) {
        write_framed(self, out, cx);
    }
}

/// An element whose tag is chosen at run time (custom elements, web
/// components); see [`tag`].
#[derive(Debug, Clone)]
pub struct CustomElement<P> {
    name: Cow<'static, str>,
    parts: P,
}

/// An element with any tag name, for custom elements (`my-widget`).
/// Characters not allowed in a tag name are dropped from `name`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(tag("my-card", (class("x"), "hi")).render(), r#"<my-card class="x">hi</my-card>"#);
/// ```
pub fn tag<P: Node>(name: impl Into<Cow<'static, str>>, parts: P) -> CustomElement<P> {
    CustomElement {
        name: crate::attr::clean_name(name.into()),
        parts,
    }
}

impl<P> CustomElement<P> {
    /// The same element with one more part.
    pub fn with<X: Node>(self, extra: X) -> CustomElement<(P, X)> {
        CustomElement {
            name: self.name,
            parts: (self.parts, extra),
        }
    }
}

impl<P: Node> Node for CustomElement<P> {
    fn write_html<Out: Buffer + ?Sized>(&self, out: &mut Out, _cx: TextMode) {
        out.push('<');
        out.push_str(&self.name);
        let mut class_done = false;
        self.parts.write_attrs(out, &self.parts, &mut class_done);
        out.push('>');
        self.parts.write_html(out, TextMode::Content);
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// Tag types, one per element.
pub mod tags {
    use super::Tag;

    /// The `<a>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct A;
    impl Tag for A {
        const OPEN: &'static str = "<a";
        const OPEN_FULL: &'static str = "<a>";
        const CLOSE: &'static str = "</a>";
    }

    /// The `<abbr>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Abbr;
    impl Tag for Abbr {
        const OPEN: &'static str = "<abbr";
        const OPEN_FULL: &'static str = "<abbr>";
        const CLOSE: &'static str = "</abbr>";
    }

    /// The `<address>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Address;
    impl Tag for Address {
        const OPEN: &'static str = "<address";
        const OPEN_FULL: &'static str = "<address>";
        const CLOSE: &'static str = "</address>";
    }

    /// The `<article>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Article;
    impl Tag for Article {
        const OPEN: &'static str = "<article";
        const OPEN_FULL: &'static str = "<article>";
        const CLOSE: &'static str = "</article>";
    }

    /// The `<aside>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Aside;
    impl Tag for Aside {
        const OPEN: &'static str = "<aside";
        const OPEN_FULL: &'static str = "<aside>";
        const CLOSE: &'static str = "</aside>";
    }

    /// The `<audio>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Audio;
    impl Tag for Audio {
        const OPEN: &'static str = "<audio";
        const OPEN_FULL: &'static str = "<audio>";
        const CLOSE: &'static str = "</audio>";
    }

    /// The `<b>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct B;
    impl Tag for B {
        const OPEN: &'static str = "<b";
        const OPEN_FULL: &'static str = "<b>";
        const CLOSE: &'static str = "</b>";
    }

    /// The `<bdi>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Bdi;
    impl Tag for Bdi {
        const OPEN: &'static str = "<bdi";
        const OPEN_FULL: &'static str = "<bdi>";
        const CLOSE: &'static str = "</bdi>";
    }

    /// The `<bdo>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Bdo;
    impl Tag for Bdo {
        const OPEN: &'static str = "<bdo";
        const OPEN_FULL: &'static str = "<bdo>";
        const CLOSE: &'static str = "</bdo>";
    }

    /// The `<blockquote>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Blockquote;
    impl Tag for Blockquote {
        const OPEN: &'static str = "<blockquote";
        const OPEN_FULL: &'static str = "<blockquote>";
        const CLOSE: &'static str = "</blockquote>";
    }

    /// The `<body>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Body;
    impl Tag for Body {
        const OPEN: &'static str = "<body";
        const OPEN_FULL: &'static str = "<body>";
        const CLOSE: &'static str = "</body>";
    }

    /// The `<button>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Button;
    impl Tag for Button {
        const OPEN: &'static str = "<button";
        const OPEN_FULL: &'static str = "<button>";
        const CLOSE: &'static str = "</button>";
    }

    /// The `<canvas>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Canvas;
    impl Tag for Canvas {
        const OPEN: &'static str = "<canvas";
        const OPEN_FULL: &'static str = "<canvas>";
        const CLOSE: &'static str = "</canvas>";
    }

    /// The `<caption>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Caption;
    impl Tag for Caption {
        const OPEN: &'static str = "<caption";
        const OPEN_FULL: &'static str = "<caption>";
        const CLOSE: &'static str = "</caption>";
    }

    /// The `<cite>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Cite;
    impl Tag for Cite {
        const OPEN: &'static str = "<cite";
        const OPEN_FULL: &'static str = "<cite>";
        const CLOSE: &'static str = "</cite>";
    }

    /// The `<code>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Code;
    impl Tag for Code {
        const OPEN: &'static str = "<code";
        const OPEN_FULL: &'static str = "<code>";
        const CLOSE: &'static str = "</code>";
    }

    /// The `<colgroup>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Colgroup;
    impl Tag for Colgroup {
        const OPEN: &'static str = "<colgroup";
        const OPEN_FULL: &'static str = "<colgroup>";
        const CLOSE: &'static str = "</colgroup>";
    }

    /// The `<data>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Data;
    impl Tag for Data {
        const OPEN: &'static str = "<data";
        const OPEN_FULL: &'static str = "<data>";
        const CLOSE: &'static str = "</data>";
    }

    /// The `<datalist>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Datalist;
    impl Tag for Datalist {
        const OPEN: &'static str = "<datalist";
        const OPEN_FULL: &'static str = "<datalist>";
        const CLOSE: &'static str = "</datalist>";
    }

    /// The `<dd>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Dd;
    impl Tag for Dd {
        const OPEN: &'static str = "<dd";
        const OPEN_FULL: &'static str = "<dd>";
        const CLOSE: &'static str = "</dd>";
    }

    /// The `<del>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Del;
    impl Tag for Del {
        const OPEN: &'static str = "<del";
        const OPEN_FULL: &'static str = "<del>";
        const CLOSE: &'static str = "</del>";
    }

    /// The `<details>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Details;
    impl Tag for Details {
        const OPEN: &'static str = "<details";
        const OPEN_FULL: &'static str = "<details>";
        const CLOSE: &'static str = "</details>";
    }

    /// The `<dfn>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Dfn;
    impl Tag for Dfn {
        const OPEN: &'static str = "<dfn";
        const OPEN_FULL: &'static str = "<dfn>";
        const CLOSE: &'static str = "</dfn>";
    }

    /// The `<dialog>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Dialog;
    impl Tag for Dialog {
        const OPEN: &'static str = "<dialog";
        const OPEN_FULL: &'static str = "<dialog>";
        const CLOSE: &'static str = "</dialog>";
    }

    /// The `<div>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Div;
    impl Tag for Div {
        const OPEN: &'static str = "<div";
        const OPEN_FULL: &'static str = "<div>";
        const CLOSE: &'static str = "</div>";
    }

    /// The `<dl>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Dl;
    impl Tag for Dl {
        const OPEN: &'static str = "<dl";
        const OPEN_FULL: &'static str = "<dl>";
        const CLOSE: &'static str = "</dl>";
    }

    /// The `<dt>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Dt;
    impl Tag for Dt {
        const OPEN: &'static str = "<dt";
        const OPEN_FULL: &'static str = "<dt>";
        const CLOSE: &'static str = "</dt>";
    }

    /// The `<em>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Em;
    impl Tag for Em {
        const OPEN: &'static str = "<em";
        const OPEN_FULL: &'static str = "<em>";
        const CLOSE: &'static str = "</em>";
    }

    /// The `<fieldset>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Fieldset;
    impl Tag for Fieldset {
        const OPEN: &'static str = "<fieldset";
        const OPEN_FULL: &'static str = "<fieldset>";
        const CLOSE: &'static str = "</fieldset>";
    }

    /// The `<figcaption>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Figcaption;
    impl Tag for Figcaption {
        const OPEN: &'static str = "<figcaption";
        const OPEN_FULL: &'static str = "<figcaption>";
        const CLOSE: &'static str = "</figcaption>";
    }

    /// The `<figure>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Figure;
    impl Tag for Figure {
        const OPEN: &'static str = "<figure";
        const OPEN_FULL: &'static str = "<figure>";
        const CLOSE: &'static str = "</figure>";
    }

    /// The `<footer>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Footer;
    impl Tag for Footer {
        const OPEN: &'static str = "<footer";
        const OPEN_FULL: &'static str = "<footer>";
        const CLOSE: &'static str = "</footer>";
    }

    /// The `<form>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Form;
    impl Tag for Form {
        const OPEN: &'static str = "<form";
        const OPEN_FULL: &'static str = "<form>";
        const CLOSE: &'static str = "</form>";
    }

    /// The `<h1>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H1;
    impl Tag for H1 {
        const OPEN: &'static str = "<h1";
        const OPEN_FULL: &'static str = "<h1>";
        const CLOSE: &'static str = "</h1>";
    }

    /// The `<h2>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H2;
    impl Tag for H2 {
        const OPEN: &'static str = "<h2";
        const OPEN_FULL: &'static str = "<h2>";
        const CLOSE: &'static str = "</h2>";
    }

    /// The `<h3>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H3;
    impl Tag for H3 {
        const OPEN: &'static str = "<h3";
        const OPEN_FULL: &'static str = "<h3>";
        const CLOSE: &'static str = "</h3>";
    }

    /// The `<h4>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H4;
    impl Tag for H4 {
        const OPEN: &'static str = "<h4";
        const OPEN_FULL: &'static str = "<h4>";
        const CLOSE: &'static str = "</h4>";
    }

    /// The `<h5>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H5;
    impl Tag for H5 {
        const OPEN: &'static str = "<h5";
        const OPEN_FULL: &'static str = "<h5>";
        const CLOSE: &'static str = "</h5>";
    }

    /// The `<h6>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct H6;
    impl Tag for H6 {
        const OPEN: &'static str = "<h6";
        const OPEN_FULL: &'static str = "<h6>";
        const CLOSE: &'static str = "</h6>";
    }

    /// The `<head>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Head;
    impl Tag for Head {
        const OPEN: &'static str = "<head";
        const OPEN_FULL: &'static str = "<head>";
        const CLOSE: &'static str = "</head>";
    }

    /// The `<header>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Header;
    impl Tag for Header {
        const OPEN: &'static str = "<header";
        const OPEN_FULL: &'static str = "<header>";
        const CLOSE: &'static str = "</header>";
    }

    /// The `<hgroup>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Hgroup;
    impl Tag for Hgroup {
        const OPEN: &'static str = "<hgroup";
        const OPEN_FULL: &'static str = "<hgroup>";
        const CLOSE: &'static str = "</hgroup>";
    }

    /// The `<html>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Html;
    impl Tag for Html {
        const OPEN: &'static str = "<html";
        const OPEN_FULL: &'static str = "<html>";
        const CLOSE: &'static str = "</html>";
    }

    /// The `<i>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct I;
    impl Tag for I {
        const OPEN: &'static str = "<i";
        const OPEN_FULL: &'static str = "<i>";
        const CLOSE: &'static str = "</i>";
    }

    /// The `<iframe>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Iframe;
    impl Tag for Iframe {
        const OPEN: &'static str = "<iframe";
        const OPEN_FULL: &'static str = "<iframe>";
        const CLOSE: &'static str = "</iframe>";
    }

    /// The `<ins>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Ins;
    impl Tag for Ins {
        const OPEN: &'static str = "<ins";
        const OPEN_FULL: &'static str = "<ins>";
        const CLOSE: &'static str = "</ins>";
    }

    /// The `<kbd>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Kbd;
    impl Tag for Kbd {
        const OPEN: &'static str = "<kbd";
        const OPEN_FULL: &'static str = "<kbd>";
        const CLOSE: &'static str = "</kbd>";
    }

    /// The `<label>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Label;
    impl Tag for Label {
        const OPEN: &'static str = "<label";
        const OPEN_FULL: &'static str = "<label>";
        const CLOSE: &'static str = "</label>";
    }

    /// The `<legend>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Legend;
    impl Tag for Legend {
        const OPEN: &'static str = "<legend";
        const OPEN_FULL: &'static str = "<legend>";
        const CLOSE: &'static str = "</legend>";
    }

    /// The `<li>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Li;
    impl Tag for Li {
        const OPEN: &'static str = "<li";
        const OPEN_FULL: &'static str = "<li>";
        const CLOSE: &'static str = "</li>";
    }

    /// The `<main>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Main;
    impl Tag for Main {
        const OPEN: &'static str = "<main";
        const OPEN_FULL: &'static str = "<main>";
        const CLOSE: &'static str = "</main>";
    }

    /// The `<map>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Map;
    impl Tag for Map {
        const OPEN: &'static str = "<map";
        const OPEN_FULL: &'static str = "<map>";
        const CLOSE: &'static str = "</map>";
    }

    /// The `<mark>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Mark;
    impl Tag for Mark {
        const OPEN: &'static str = "<mark";
        const OPEN_FULL: &'static str = "<mark>";
        const CLOSE: &'static str = "</mark>";
    }

    /// The `<menu>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Menu;
    impl Tag for Menu {
        const OPEN: &'static str = "<menu";
        const OPEN_FULL: &'static str = "<menu>";
        const CLOSE: &'static str = "</menu>";
    }

    /// The `<meter>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Meter;
    impl Tag for Meter {
        const OPEN: &'static str = "<meter";
        const OPEN_FULL: &'static str = "<meter>";
        const CLOSE: &'static str = "</meter>";
    }

    /// The `<nav>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Nav;
    impl Tag for Nav {
        const OPEN: &'static str = "<nav";
        const OPEN_FULL: &'static str = "<nav>";
        const CLOSE: &'static str = "</nav>";
    }

    /// The `<noscript>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Noscript;
    impl Tag for Noscript {
        const OPEN: &'static str = "<noscript";
        const OPEN_FULL: &'static str = "<noscript>";
        const CLOSE: &'static str = "</noscript>";
    }

    /// The `<object>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Object;
    impl Tag for Object {
        const OPEN: &'static str = "<object";
        const OPEN_FULL: &'static str = "<object>";
        const CLOSE: &'static str = "</object>";
    }

    /// The `<ol>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Ol;
    impl Tag for Ol {
        const OPEN: &'static str = "<ol";
        const OPEN_FULL: &'static str = "<ol>";
        const CLOSE: &'static str = "</ol>";
    }

    /// The `<optgroup>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Optgroup;
    impl Tag for Optgroup {
        const OPEN: &'static str = "<optgroup";
        const OPEN_FULL: &'static str = "<optgroup>";
        const CLOSE: &'static str = "</optgroup>";
    }

    /// The `<option>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Option;
    impl Tag for Option {
        const OPEN: &'static str = "<option";
        const OPEN_FULL: &'static str = "<option>";
        const CLOSE: &'static str = "</option>";
    }

    /// The `<output>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Output;
    impl Tag for Output {
        const OPEN: &'static str = "<output";
        const OPEN_FULL: &'static str = "<output>";
        const CLOSE: &'static str = "</output>";
    }

    /// The `<p>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct P;
    impl Tag for P {
        const OPEN: &'static str = "<p";
        const OPEN_FULL: &'static str = "<p>";
        const CLOSE: &'static str = "</p>";
    }

    /// The `<picture>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Picture;
    impl Tag for Picture {
        const OPEN: &'static str = "<picture";
        const OPEN_FULL: &'static str = "<picture>";
        const CLOSE: &'static str = "</picture>";
    }

    /// The `<pre>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Pre;
    impl Tag for Pre {
        const OPEN: &'static str = "<pre";
        const OPEN_FULL: &'static str = "<pre>";
        const CLOSE: &'static str = "</pre>";
    }

    /// The `<progress>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Progress;
    impl Tag for Progress {
        const OPEN: &'static str = "<progress";
        const OPEN_FULL: &'static str = "<progress>";
        const CLOSE: &'static str = "</progress>";
    }

    /// The `<q>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Q;
    impl Tag for Q {
        const OPEN: &'static str = "<q";
        const OPEN_FULL: &'static str = "<q>";
        const CLOSE: &'static str = "</q>";
    }

    /// The `<rp>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Rp;
    impl Tag for Rp {
        const OPEN: &'static str = "<rp";
        const OPEN_FULL: &'static str = "<rp>";
        const CLOSE: &'static str = "</rp>";
    }

    /// The `<rt>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Rt;
    impl Tag for Rt {
        const OPEN: &'static str = "<rt";
        const OPEN_FULL: &'static str = "<rt>";
        const CLOSE: &'static str = "</rt>";
    }

    /// The `<ruby>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Ruby;
    impl Tag for Ruby {
        const OPEN: &'static str = "<ruby";
        const OPEN_FULL: &'static str = "<ruby>";
        const CLOSE: &'static str = "</ruby>";
    }

    /// The `<s>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct S;
    impl Tag for S {
        const OPEN: &'static str = "<s";
        const OPEN_FULL: &'static str = "<s>";
        const CLOSE: &'static str = "</s>";
    }

    /// The `<samp>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Samp;
    impl Tag for Samp {
        const OPEN: &'static str = "<samp";
        const OPEN_FULL: &'static str = "<samp>";
        const CLOSE: &'static str = "</samp>";
    }

    /// The `<search>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Search;
    impl Tag for Search {
        const OPEN: &'static str = "<search";
        const OPEN_FULL: &'static str = "<search>";
        const CLOSE: &'static str = "</search>";
    }

    /// The `<section>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Section;
    impl Tag for Section {
        const OPEN: &'static str = "<section";
        const OPEN_FULL: &'static str = "<section>";
        const CLOSE: &'static str = "</section>";
    }

    /// The `<select>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Select;
    impl Tag for Select {
        const OPEN: &'static str = "<select";
        const OPEN_FULL: &'static str = "<select>";
        const CLOSE: &'static str = "</select>";
    }

    /// The `<slot>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Slot;
    impl Tag for Slot {
        const OPEN: &'static str = "<slot";
        const OPEN_FULL: &'static str = "<slot>";
        const CLOSE: &'static str = "</slot>";
    }

    /// The `<small>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Small;
    impl Tag for Small {
        const OPEN: &'static str = "<small";
        const OPEN_FULL: &'static str = "<small>";
        const CLOSE: &'static str = "</small>";
    }

    /// The `<span>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Span;
    impl Tag for Span {
        const OPEN: &'static str = "<span";
        const OPEN_FULL: &'static str = "<span>";
        const CLOSE: &'static str = "</span>";
    }

    /// The `<strong>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Strong;
    impl Tag for Strong {
        const OPEN: &'static str = "<strong";
        const OPEN_FULL: &'static str = "<strong>";
        const CLOSE: &'static str = "</strong>";
    }

    /// The `<sub>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Sub;
    impl Tag for Sub {
        const OPEN: &'static str = "<sub";
        const OPEN_FULL: &'static str = "<sub>";
        const CLOSE: &'static str = "</sub>";
    }

    /// The `<summary>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Summary;
    impl Tag for Summary {
        const OPEN: &'static str = "<summary";
        const OPEN_FULL: &'static str = "<summary>";
        const CLOSE: &'static str = "</summary>";
    }

    /// The `<sup>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Sup;
    impl Tag for Sup {
        const OPEN: &'static str = "<sup";
        const OPEN_FULL: &'static str = "<sup>";
        const CLOSE: &'static str = "</sup>";
    }

    /// The `<svg>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Svg;
    impl Tag for Svg {
        const OPEN: &'static str = "<svg";
        const OPEN_FULL: &'static str = "<svg>";
        const CLOSE: &'static str = "</svg>";
    }

    /// The `<table>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Table;
    impl Tag for Table {
        const OPEN: &'static str = "<table";
        const OPEN_FULL: &'static str = "<table>";
        const CLOSE: &'static str = "</table>";
    }

    /// The `<tbody>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Tbody;
    impl Tag for Tbody {
        const OPEN: &'static str = "<tbody";
        const OPEN_FULL: &'static str = "<tbody>";
        const CLOSE: &'static str = "</tbody>";
    }

    /// The `<td>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Td;
    impl Tag for Td {
        const OPEN: &'static str = "<td";
        const OPEN_FULL: &'static str = "<td>";
        const CLOSE: &'static str = "</td>";
    }

    /// The `<template>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Template;
    impl Tag for Template {
        const OPEN: &'static str = "<template";
        const OPEN_FULL: &'static str = "<template>";
        const CLOSE: &'static str = "</template>";
    }

    /// The `<textarea>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Textarea;
    impl Tag for Textarea {
        const OPEN: &'static str = "<textarea";
        const OPEN_FULL: &'static str = "<textarea>";
        const CLOSE: &'static str = "</textarea>";
    }

    /// The `<tfoot>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Tfoot;
    impl Tag for Tfoot {
        const OPEN: &'static str = "<tfoot";
        const OPEN_FULL: &'static str = "<tfoot>";
        const CLOSE: &'static str = "</tfoot>";
    }

    /// The `<th>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Th;
    impl Tag for Th {
        const OPEN: &'static str = "<th";
        const OPEN_FULL: &'static str = "<th>";
        const CLOSE: &'static str = "</th>";
    }

    /// The `<thead>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Thead;
    impl Tag for Thead {
        const OPEN: &'static str = "<thead";
        const OPEN_FULL: &'static str = "<thead>";
        const CLOSE: &'static str = "</thead>";
    }

    /// The `<time>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Time;
    impl Tag for Time {
        const OPEN: &'static str = "<time";
        const OPEN_FULL: &'static str = "<time>";
        const CLOSE: &'static str = "</time>";
    }

    /// The `<title>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Title;
    impl Tag for Title {
        const OPEN: &'static str = "<title";
        const OPEN_FULL: &'static str = "<title>";
        const CLOSE: &'static str = "</title>";
    }

    /// The `<tr>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Tr;
    impl Tag for Tr {
        const OPEN: &'static str = "<tr";
        const OPEN_FULL: &'static str = "<tr>";
        const CLOSE: &'static str = "</tr>";
    }

    /// The `<u>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct U;
    impl Tag for U {
        const OPEN: &'static str = "<u";
        const OPEN_FULL: &'static str = "<u>";
        const CLOSE: &'static str = "</u>";
    }

    /// The `<ul>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Ul;
    impl Tag for Ul {
        const OPEN: &'static str = "<ul";
        const OPEN_FULL: &'static str = "<ul>";
        const CLOSE: &'static str = "</ul>";
    }

    /// The `<var>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Var;
    impl Tag for Var {
        const OPEN: &'static str = "<var";
        const OPEN_FULL: &'static str = "<var>";
        const CLOSE: &'static str = "</var>";
    }

    /// The `<video>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Video;
    impl Tag for Video {
        const OPEN: &'static str = "<video";
        const OPEN_FULL: &'static str = "<video>";
        const CLOSE: &'static str = "</video>";
    }

    /// The `<area>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Area;
    impl Tag for Area {
        const OPEN: &'static str = "<area";
        const OPEN_FULL: &'static str = "<area>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<base>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Base;
    impl Tag for Base {
        const OPEN: &'static str = "<base";
        const OPEN_FULL: &'static str = "<base>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<br>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Br;
    impl Tag for Br {
        const OPEN: &'static str = "<br";
        const OPEN_FULL: &'static str = "<br>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<col>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Col;
    impl Tag for Col {
        const OPEN: &'static str = "<col";
        const OPEN_FULL: &'static str = "<col>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<embed>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Embed;
    impl Tag for Embed {
        const OPEN: &'static str = "<embed";
        const OPEN_FULL: &'static str = "<embed>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<hr>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Hr;
    impl Tag for Hr {
        const OPEN: &'static str = "<hr";
        const OPEN_FULL: &'static str = "<hr>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<img>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Img;
    impl Tag for Img {
        const OPEN: &'static str = "<img";
        const OPEN_FULL: &'static str = "<img>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<input>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Input;
    impl Tag for Input {
        const OPEN: &'static str = "<input";
        const OPEN_FULL: &'static str = "<input>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<link>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Link;
    impl Tag for Link {
        const OPEN: &'static str = "<link";
        const OPEN_FULL: &'static str = "<link>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<meta>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Meta;
    impl Tag for Meta {
        const OPEN: &'static str = "<meta";
        const OPEN_FULL: &'static str = "<meta>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<source>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Source;
    impl Tag for Source {
        const OPEN: &'static str = "<source";
        const OPEN_FULL: &'static str = "<source>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<track>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Track;
    impl Tag for Track {
        const OPEN: &'static str = "<track";
        const OPEN_FULL: &'static str = "<track>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<wbr>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Wbr;
    impl Tag for Wbr {
        const OPEN: &'static str = "<wbr";
        const OPEN_FULL: &'static str = "<wbr>";
        const CLOSE: &'static str = "";
        const VOID: bool = true;
    }

    /// The `<script>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Script;
    impl Tag for Script {
        const OPEN: &'static str = "<script";
        const OPEN_FULL: &'static str = "<script>";
        const CLOSE: &'static str = "</script>";
        const RAW: bool = true;
    }

    /// The `<style>` tag.
    #[derive(Debug, Clone, Copy)]
    pub struct Style;
    impl Tag for Style {
        const OPEN: &'static str = "<style";
        const OPEN_FULL: &'static str = "<style>";
        const CLOSE: &'static str = "</style>";
        const RAW: bool = true;
    }
}

/// The `<a>` element.
#[inline]
pub fn a<P: Node>(parts: P) -> Element<tags::A, P> {
    Element::new(parts)
}

/// The `<abbr>` element.
#[inline]
pub fn abbr<P: Node>(parts: P) -> Element<tags::Abbr, P> {
    Element::new(parts)
}

/// The `<address>` element.
#[inline]
pub fn address<P: Node>(parts: P) -> Element<tags::Address, P> {
    Element::new(parts)
}

/// The `<article>` element.
#[inline]
pub fn article<P: Node>(parts: P) -> Element<tags::Article, P> {
    Element::new(parts)
}

/// The `<aside>` element.
#[inline]
pub fn aside<P: Node>(parts: P) -> Element<tags::Aside, P> {
    Element::new(parts)
}

/// The `<audio>` element.
#[inline]
pub fn audio<P: Node>(parts: P) -> Element<tags::Audio, P> {
    Element::new(parts)
}

/// The `<b>` element.
#[inline]
pub fn b<P: Node>(parts: P) -> Element<tags::B, P> {
    Element::new(parts)
}

/// The `<bdi>` element.
#[inline]
pub fn bdi<P: Node>(parts: P) -> Element<tags::Bdi, P> {
    Element::new(parts)
}

/// The `<bdo>` element.
#[inline]
pub fn bdo<P: Node>(parts: P) -> Element<tags::Bdo, P> {
    Element::new(parts)
}

/// The `<blockquote>` element.
#[inline]
pub fn blockquote<P: Node>(parts: P) -> Element<tags::Blockquote, P> {
    Element::new(parts)
}

/// The `<body>` element.
#[inline]
pub fn body<P: Node>(parts: P) -> Element<tags::Body, P> {
    Element::new(parts)
}

/// The `<button>` element.
#[inline]
pub fn button<P: Node>(parts: P) -> Element<tags::Button, P> {
    Element::new(parts)
}

/// The `<canvas>` element.
#[inline]
pub fn canvas<P: Node>(parts: P) -> Element<tags::Canvas, P> {
    Element::new(parts)
}

/// The `<caption>` element.
#[inline]
pub fn caption<P: Node>(parts: P) -> Element<tags::Caption, P> {
    Element::new(parts)
}

/// The `<cite>` element.
#[inline]
pub fn cite<P: Node>(parts: P) -> Element<tags::Cite, P> {
    Element::new(parts)
}

/// The `<code>` element.
#[inline]
pub fn code<P: Node>(parts: P) -> Element<tags::Code, P> {
    Element::new(parts)
}

/// The `<colgroup>` element.
#[inline]
pub fn colgroup<P: Node>(parts: P) -> Element<tags::Colgroup, P> {
    Element::new(parts)
}

/// The `<data>` element.
#[inline]
pub fn data<P: Node>(parts: P) -> Element<tags::Data, P> {
    Element::new(parts)
}

/// The `<datalist>` element.
#[inline]
pub fn datalist<P: Node>(parts: P) -> Element<tags::Datalist, P> {
    Element::new(parts)
}

/// The `<dd>` element.
#[inline]
pub fn dd<P: Node>(parts: P) -> Element<tags::Dd, P> {
    Element::new(parts)
}

/// The `<del>` element.
#[inline]
pub fn del<P: Node>(parts: P) -> Element<tags::Del, P> {
    Element::new(parts)
}

/// The `<details>` element.
#[inline]
pub fn details<P: Node>(parts: P) -> Element<tags::Details, P> {
    Element::new(parts)
}

/// The `<dfn>` element.
#[inline]
pub fn dfn<P: Node>(parts: P) -> Element<tags::Dfn, P> {
    Element::new(parts)
}

/// The `<dialog>` element.
#[inline]
pub fn dialog<P: Node>(parts: P) -> Element<tags::Dialog, P> {
    Element::new(parts)
}

/// The `<div>` element.
#[inline]
pub fn div<P: Node>(parts: P) -> Element<tags::Div, P> {
    Element::new(parts)
}

/// The `<dl>` element.
#[inline]
pub fn dl<P: Node>(parts: P) -> Element<tags::Dl, P> {
    Element::new(parts)
}

/// The `<dt>` element.
#[inline]
pub fn dt<P: Node>(parts: P) -> Element<tags::Dt, P> {
    Element::new(parts)
}

/// The `<em>` element.
#[inline]
pub fn em<P: Node>(parts: P) -> Element<tags::Em, P> {
    Element::new(parts)
}

/// The `<fieldset>` element.
#[inline]
pub fn fieldset<P: Node>(parts: P) -> Element<tags::Fieldset, P> {
    Element::new(parts)
}

/// The `<figcaption>` element.
#[inline]
pub fn figcaption<P: Node>(parts: P) -> Element<tags::Figcaption, P> {
    Element::new(parts)
}

/// The `<figure>` element.
#[inline]
pub fn figure<P: Node>(parts: P) -> Element<tags::Figure, P> {
    Element::new(parts)
}

/// The `<footer>` element.
#[inline]
pub fn footer<P: Node>(parts: P) -> Element<tags::Footer, P> {
    Element::new(parts)
}

/// The `<form>` element.
#[inline]
pub fn form<P: Node>(parts: P) -> Element<tags::Form, P> {
    Element::new(parts)
}

/// The `<h1>` element.
#[inline]
pub fn h1<P: Node>(parts: P) -> Element<tags::H1, P> {
    Element::new(parts)
}

/// The `<h2>` element.
#[inline]
pub fn h2<P: Node>(parts: P) -> Element<tags::H2, P> {
    Element::new(parts)
}

/// The `<h3>` element.
#[inline]
pub fn h3<P: Node>(parts: P) -> Element<tags::H3, P> {
    Element::new(parts)
}

/// The `<h4>` element.
#[inline]
pub fn h4<P: Node>(parts: P) -> Element<tags::H4, P> {
    Element::new(parts)
}

/// The `<h5>` element.
#[inline]
pub fn h5<P: Node>(parts: P) -> Element<tags::H5, P> {
    Element::new(parts)
}

/// The `<h6>` element.
#[inline]
pub fn h6<P: Node>(parts: P) -> Element<tags::H6, P> {
    Element::new(parts)
}

/// The `<head>` element.
#[inline]
pub fn head<P: Node>(parts: P) -> Element<tags::Head, P> {
    Element::new(parts)
}

/// The `<header>` element.
#[inline]
pub fn header<P: Node>(parts: P) -> Element<tags::Header, P> {
    Element::new(parts)
}

/// The `<hgroup>` element.
#[inline]
pub fn hgroup<P: Node>(parts: P) -> Element<tags::Hgroup, P> {
    Element::new(parts)
}

/// The `<html>` element.
#[inline]
pub fn html<P: Node>(parts: P) -> Element<tags::Html, P> {
    Element::new(parts)
}

/// The `<i>` element.
#[inline]
pub fn i<P: Node>(parts: P) -> Element<tags::I, P> {
    Element::new(parts)
}

/// The `<iframe>` element.
#[inline]
pub fn iframe<P: Node>(parts: P) -> Element<tags::Iframe, P> {
    Element::new(parts)
}

/// The `<ins>` element.
#[inline]
pub fn ins<P: Node>(parts: P) -> Element<tags::Ins, P> {
    Element::new(parts)
}

/// The `<kbd>` element.
#[inline]
pub fn kbd<P: Node>(parts: P) -> Element<tags::Kbd, P> {
    Element::new(parts)
}

/// The `<label>` element.
#[inline]
pub fn label<P: Node>(parts: P) -> Element<tags::Label, P> {
    Element::new(parts)
}

/// The `<legend>` element.
#[inline]
pub fn legend<P: Node>(parts: P) -> Element<tags::Legend, P> {
    Element::new(parts)
}

/// The `<li>` element.
#[inline]
pub fn li<P: Node>(parts: P) -> Element<tags::Li, P> {
    Element::new(parts)
}

/// The `<main>` element.
#[inline]
pub fn main<P: Node>(parts: P) -> Element<tags::Main, P> {
    Element::new(parts)
}

/// The `<map>` element.
#[inline]
pub fn map<P: Node>(parts: P) -> Element<tags::Map, P> {
    Element::new(parts)
}

/// The `<mark>` element.
#[inline]
pub fn mark<P: Node>(parts: P) -> Element<tags::Mark, P> {
    Element::new(parts)
}

/// The `<menu>` element.
#[inline]
pub fn menu<P: Node>(parts: P) -> Element<tags::Menu, P> {
    Element::new(parts)
}

/// The `<meter>` element.
#[inline]
pub fn meter<P: Node>(parts: P) -> Element<tags::Meter, P> {
    Element::new(parts)
}

/// The `<nav>` element.
#[inline]
pub fn nav<P: Node>(parts: P) -> Element<tags::Nav, P> {
    Element::new(parts)
}

/// The `<noscript>` element.
#[inline]
pub fn noscript<P: Node>(parts: P) -> Element<tags::Noscript, P> {
    Element::new(parts)
}

/// The `<object>` element.
#[inline]
pub fn object<P: Node>(parts: P) -> Element<tags::Object, P> {
    Element::new(parts)
}

/// The `<ol>` element.
#[inline]
pub fn ol<P: Node>(parts: P) -> Element<tags::Ol, P> {
    Element::new(parts)
}

/// The `<optgroup>` element.
#[inline]
pub fn optgroup<P: Node>(parts: P) -> Element<tags::Optgroup, P> {
    Element::new(parts)
}

/// The `<option>` element.
#[inline]
pub fn option<P: Node>(parts: P) -> Element<tags::Option, P> {
    Element::new(parts)
}

/// The `<output>` element.
#[inline]
pub fn output<P: Node>(parts: P) -> Element<tags::Output, P> {
    Element::new(parts)
}

/// The `<p>` element.
#[inline]
pub fn p<P: Node>(parts: P) -> Element<tags::P, P> {
    Element::new(parts)
}

/// The `<picture>` element.
#[inline]
pub fn picture<P: Node>(parts: P) -> Element<tags::Picture, P> {
    Element::new(parts)
}

/// The `<pre>` element.
#[inline]
pub fn pre<P: Node>(parts: P) -> Element<tags::Pre, P> {
    Element::new(parts)
}

/// The `<progress>` element.
#[inline]
pub fn progress<P: Node>(parts: P) -> Element<tags::Progress, P> {
    Element::new(parts)
}

/// The `<q>` element.
#[inline]
pub fn q<P: Node>(parts: P) -> Element<tags::Q, P> {
    Element::new(parts)
}

/// The `<rp>` element.
#[inline]
pub fn rp<P: Node>(parts: P) -> Element<tags::Rp, P> {
    Element::new(parts)
}

/// The `<rt>` element.
#[inline]
pub fn rt<P: Node>(parts: P) -> Element<tags::Rt, P> {
    Element::new(parts)
}

/// The `<ruby>` element.
#[inline]
pub fn ruby<P: Node>(parts: P) -> Element<tags::Ruby, P> {
    Element::new(parts)
}

/// The `<s>` element.
#[inline]
pub fn s<P: Node>(parts: P) -> Element<tags::S, P> {
    Element::new(parts)
}

/// The `<samp>` element.
#[inline]
pub fn samp<P: Node>(parts: P) -> Element<tags::Samp, P> {
    Element::new(parts)
}

/// The `<search>` element.
#[inline]
pub fn search<P: Node>(parts: P) -> Element<tags::Search, P> {
    Element::new(parts)
}

/// The `<section>` element.
#[inline]
pub fn section<P: Node>(parts: P) -> Element<tags::Section, P> {
    Element::new(parts)
}

/// The `<select>` element.
#[inline]
pub fn select<P: Node>(parts: P) -> Element<tags::Select, P> {
    Element::new(parts)
}

/// The `<slot>` element.
#[inline]
pub fn slot<P: Node>(parts: P) -> Element<tags::Slot, P> {
    Element::new(parts)
}

/// The `<small>` element.
#[inline]
pub fn small<P: Node>(parts: P) -> Element<tags::Small, P> {
    Element::new(parts)
}

/// The `<span>` element.
#[inline]
pub fn span<P: Node>(parts: P) -> Element<tags::Span, P> {
    Element::new(parts)
}

/// The `<strong>` element.
#[inline]
pub fn strong<P: Node>(parts: P) -> Element<tags::Strong, P> {
    Element::new(parts)
}

/// The `<sub>` element.
#[inline]
pub fn sub<P: Node>(parts: P) -> Element<tags::Sub, P> {
    Element::new(parts)
}

/// The `<summary>` element.
#[inline]
pub fn summary<P: Node>(parts: P) -> Element<tags::Summary, P> {
    Element::new(parts)
}

/// The `<sup>` element.
#[inline]
pub fn sup<P: Node>(parts: P) -> Element<tags::Sup, P> {
    Element::new(parts)
}

/// The `<svg>` element.
#[inline]
pub fn svg<P: Node>(parts: P) -> Element<tags::Svg, P> {
    Element::new(parts)
}

/// The `<table>` element.
#[inline]
pub fn table<P: Node>(parts: P) -> Element<tags::Table, P> {
    Element::new(parts)
}

/// The `<tbody>` element.
#[inline]
pub fn tbody<P: Node>(parts: P) -> Element<tags::Tbody, P> {
    Element::new(parts)
}

/// The `<td>` element.
#[inline]
pub fn td<P: Node>(parts: P) -> Element<tags::Td, P> {
    Element::new(parts)
}

/// The `<template>` element.
#[inline]
pub fn template<P: Node>(parts: P) -> Element<tags::Template, P> {
    Element::new(parts)
}

/// The `<textarea>` element.
#[inline]
pub fn textarea<P: Node>(parts: P) -> Element<tags::Textarea, P> {
    Element::new(parts)
}

/// The `<tfoot>` element.
#[inline]
pub fn tfoot<P: Node>(parts: P) -> Element<tags::Tfoot, P> {
    Element::new(parts)
}

/// The `<th>` element.
#[inline]
pub fn th<P: Node>(parts: P) -> Element<tags::Th, P> {
    Element::new(parts)
}

/// The `<thead>` element.
#[inline]
pub fn thead<P: Node>(parts: P) -> Element<tags::Thead, P> {
    Element::new(parts)
}

/// The `<time>` element.
#[inline]
pub fn time<P: Node>(parts: P) -> Element<tags::Time, P> {
    Element::new(parts)
}

/// The `<title>` element.
#[inline]
pub fn title<P: Node>(parts: P) -> Element<tags::Title, P> {
    Element::new(parts)
}

/// The `<tr>` element.
#[inline]
pub fn tr<P: Node>(parts: P) -> Element<tags::Tr, P> {
    Element::new(parts)
}

/// The `<u>` element.
#[inline]
pub fn u<P: Node>(parts: P) -> Element<tags::U, P> {
    Element::new(parts)
}

/// The `<ul>` element.
#[inline]
pub fn ul<P: Node>(parts: P) -> Element<tags::Ul, P> {
    Element::new(parts)
}

/// The `<var>` element.
#[inline]
pub fn var<P: Node>(parts: P) -> Element<tags::Var, P> {
    Element::new(parts)
}

/// The `<video>` element.
#[inline]
pub fn video<P: Node>(parts: P) -> Element<tags::Video, P> {
    Element::new(parts)
}

/// The `<area>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn area<P: Node>(parts: P) -> Element<tags::Area, P> {
    Element::new(parts)
}

/// The `<base>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn base<P: Node>(parts: P) -> Element<tags::Base, P> {
    Element::new(parts)
}

/// The `<br>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn br<P: Node>(parts: P) -> Element<tags::Br, P> {
    Element::new(parts)
}

/// The `<col>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn col<P: Node>(parts: P) -> Element<tags::Col, P> {
    Element::new(parts)
}

/// The `<embed>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn embed<P: Node>(parts: P) -> Element<tags::Embed, P> {
    Element::new(parts)
}

/// The `<hr>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn hr<P: Node>(parts: P) -> Element<tags::Hr, P> {
    Element::new(parts)
}

/// The `<img>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn img<P: Node>(parts: P) -> Element<tags::Img, P> {
    Element::new(parts)
}

/// The `<input>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn input<P: Node>(parts: P) -> Element<tags::Input, P> {
    Element::new(parts)
}

/// The `<link>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn link<P: Node>(parts: P) -> Element<tags::Link, P> {
    Element::new(parts)
}

/// The `<meta>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn meta<P: Node>(parts: P) -> Element<tags::Meta, P> {
    Element::new(parts)
}

/// The `<source>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn source<P: Node>(parts: P) -> Element<tags::Source, P> {
    Element::new(parts)
}

/// The `<track>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn track<P: Node>(parts: P) -> Element<tags::Track, P> {
    Element::new(parts)
}

/// The `<wbr>` element.
///
/// A void element: it has no end tag, and child parts are not written.
#[inline]
pub fn wbr<P: Node>(parts: P) -> Element<tags::Wbr, P> {
    Element::new(parts)
}

/// The `<script>` element.
///
/// Its text is written raw (not escaped), with `</` written `<\\/` so it
/// cannot end the element early.
#[inline]
pub fn script<P: Node>(parts: P) -> Element<tags::Script, P> {
    Element::new(parts)
}

/// The `<style>` element.
///
/// Its text is written raw (not escaped), with `</` written `<\\/` so it
/// cannot end the element early.
#[inline]
pub fn style<P: Node>(parts: P) -> Element<tags::Style, P> {
    Element::new(parts)
}
