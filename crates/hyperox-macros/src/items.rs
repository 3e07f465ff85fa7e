//! The items generated from the table (`table.rs`): hyperox-html's tag
//! types and element functions, its attribute helpers, and the tests that
//! hold `html!` to the builder for every name.

use crate::table::{self, ATTRS, BOOL_ATTRS};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::Ident;

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `pub mod tags { .. }` and one function per element. Expanded inside
/// hyperox-html's `element` module, where `Element`, `Node` and `Tag`
/// are in scope.
pub(crate) fn elements() -> TokenStream {
    let mut tags = TokenStream::new();
    let mut fns = TokenStream::new();
    let mut names: Vec<&str> = Vec::new();
    for e in table::elements() {
        let tag = e.tag;
        names.push(tag);
        let ty = format_ident!("{}", table::type_name(tag));
        let f = ident(tag);
        let open = format!("<{tag}");
        let open_full = format!("<{tag}>");
        let close = if e.void {
            String::new()
        } else {
            format!("</{tag}>")
        };
        let void = e.void.then(|| {
            quote!(
                const VOID: bool = true;
            )
        });
        let raw = e.raw.then(|| {
            quote!(
                const RAW: bool = true;
            )
        });
        let tag_doc = format!("The `<{tag}>` tag.");
        tags.extend(quote! {
            #[doc = #tag_doc]
            #[derive(Debug, Clone, Copy)]
            pub struct #ty;
            impl Tag for #ty {
                const OPEN: &'static str = #open;
                const OPEN_FULL: &'static str = #open_full;
                const CLOSE: &'static str = #close;
                #void
                #raw
            }
        });
        let (note, example) = if e.void {
            (
                "A void element: it has no end tag, and child parts are not written.",
                format!("assert_eq!({tag}(id(\"x\")).render(), r#\"<{tag} id=\"x\">\"#);"),
            )
        } else if e.raw {
            (
                "Its text is written raw (not escaped), with `</` written `<\\/` so it \
                 cannot end the element early.",
                format!("assert_eq!({tag}(\"a < b\").render(), \"<{tag}>a < b</{tag}>\");"),
            )
        } else {
            (
                "Its parts are attributes, classes and children, as one value or a tuple.",
                format!(
                    "assert_eq!({tag}((class(\"c\"), \"a < b\")).render(), \
                     r#\"<{tag} class=\"c\">a &lt; b</{tag}>\"#);"
                ),
            )
        };
        let doc = [
            format!("The `<{tag}>` element."),
            String::new(),
            note.to_owned(),
            String::new(),
            "# Example".to_owned(),
            String::new(),
            "```".to_owned(),
            "use hyperox_html::prelude::*;".to_owned(),
            example,
            "```".to_owned(),
        ];
        fns.extend(quote! {
            #(#[doc = #doc])*
            #[inline]
            pub fn #f<P: Node>(parts: P) -> Element<tags::#ty, P> {
                Element::new(parts)
            }
        });
    }
    names.sort_unstable();
    quote! {
        /// Tag types, one per element.
        pub mod tags {
            use super::Tag;
            #tags
        }
        /// The name of every element with a function of its own (the
        /// function has the same name), sorted; any other element is
        /// [`tag`]`("name", parts)`.
        ///
        /// # Example
        ///
        /// ```
        /// assert!(hyperox_html::element::NAMES.binary_search(&"div").is_ok());
        /// assert!(hyperox_html::element::NAMES.binary_search(&"my-widget").is_err());
        /// ```
        pub const NAMES: &[&str] = &[#(#names),*];
        #fns
    }
}

/// One helper per attribute. Expanded inside hyperox-html's `attr`
/// module, where `Attr`, `AttrValue`, `BoolAttr` and `known` are in scope.
pub(crate) fn attrs() -> TokenStream {
    let mut out = TokenStream::new();
    for &a in ATTRS {
        let f = ident(&table::helper_name(a));
        let doc = [
            format!("The `{a}` attribute; its value is escaped."),
            String::new(),
            "# Example".to_owned(),
            String::new(),
            "```".to_owned(),
            "use hyperox_html::prelude::*;".to_owned(),
            format!("assert_eq!(div({f}(\"a&b\")).render(), r#\"<div {a}=\"a&amp;b\"></div>\"#);"),
            "```".to_owned(),
        ];
        out.extend(quote! {
            #(#[doc = #doc])*
            #[inline]
            pub fn #f<V: AttrValue>(value: V) -> Attr<V> {
                known(#a, value)
            }
        });
    }
    for &a in BOOL_ATTRS {
        let f = ident(&table::helper_name(a));
        let doc = [
            format!("The boolean `{a}` attribute, written when `on`."),
            String::new(),
            "# Example".to_owned(),
            String::new(),
            "```".to_owned(),
            "use hyperox_html::prelude::*;".to_owned(),
            format!("assert_eq!(div(({f}(true), {f}(false))).render(), \"<div {a}></div>\");"),
            "```".to_owned(),
        ];
        out.extend(quote! {
            #(#[doc = #doc])*
            #[inline]
            pub fn #f(on: bool) -> BoolAttr {
                BoolAttr::known(#a, on)
            }
        });
    }
    out
}

/// Tests comparing `html!` with the builder for every element and
/// attribute, through the caller's `same!(expr)` macro.
pub(crate) fn parity_tests() -> TokenStream {
    let elements = table::elements().map(|e| {
        let f = ident(e.tag);
        let text = format!("t<e>xt </{}> '", e.tag);
        quote! {
            same!(#f((
                class("a"),
                attr("data-x", "1<2 & \"q\""),
                class("b"),
                #text,
                42,
                em("in")
            )));
        }
    });
    let attrs = ATTRS.iter().map(|a| {
        let f = ident(&table::helper_name(a));
        quote!(same!(div((#f("v\"<&>'"), "x")));)
    });
    let bools = BOOL_ATTRS.iter().map(|a| {
        let f = ident(&table::helper_name(a));
        quote! {
            same!(div((#f(true), "x")));
            same!(div((#f(false), "x")));
        }
    });
    quote! {
        #[test]
        fn every_element() {
            #(#elements)*
        }

        #[test]
        fn every_typed_attribute() {
            #(#attrs)*
        }

        #[test]
        fn every_boolean_attribute() {
            #(#bools)*
        }
    }
}
