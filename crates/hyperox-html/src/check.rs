//! What `html!` emits to prove that each name it renders at compile time
//! is the builder's at the call site: a function of the user's own named
//! `header`, `title` or `label` must not be replaced by the element.

use crate::attr::{Attr, BoolAttr, Class};
use crate::element::Element;
use crate::text::{Raw, Text};

/// A function `html!` renders as an element: one of the builder's
/// element functions.
#[diagnostic::on_unimplemented(
    message = "`html!` renders this name as an HTML element, but here it is not hyperox-html's element function",
    label = "shadowed by another item of this name",
    note = "a function of your own named like an element (`header`, `title`, `label`, `select`, ...) is shadowing the builder's: rename it, or call it outside `html!`"
)]
pub trait IsBuilderElement {}
impl<F, T> IsBuilderElement for F where F: Fn(()) -> Element<T, ()> {}

/// A function `html!` renders as a literal attribute: one of the
/// builder's attribute helpers.
#[diagnostic::on_unimplemented(
    message = "`html!` renders this name as an attribute, but here it is not hyperox-html's attribute helper",
    label = "shadowed by another item of this name",
    note = "a function of your own named like an attribute helper (`id`, `name`, `value`, `class`, ...) is shadowing the builder's: rename it, or call it outside `html!`"
)]
pub trait IsBuilderAttr<Args> {}
impl<F> IsBuilderAttr<(&'static str,)> for F where F: Fn(&'static str) -> Attr<&'static str> {}

/// A function `html!` renders as a literal boolean attribute: one of the
/// builder's boolean attribute helpers.
#[diagnostic::on_unimplemented(
    message = "`html!` renders this name as a boolean attribute, but here it is not hyperox-html's attribute helper",
    label = "shadowed by another item of this name",
    note = "a function of your own named like a boolean attribute helper (`hidden`, `disabled`, `checked`, ...) is shadowing the builder's: rename it, or call it outside `html!`"
)]
pub trait IsBuilderBoolAttr {}
impl<F> IsBuilderBoolAttr for F where F: Fn(bool) -> BoolAttr {}

/// The builder's `attr`, `data_attr` and `aria`.
pub trait IsBuilderNamedAttr {}
impl<F> IsBuilderNamedAttr for F where F: Fn(&'static str, &'static str) -> Attr<&'static str> {}

#[doc(hidden)]
pub const fn element<F: IsBuilderElement>(_: &F) {}
#[doc(hidden)]
pub const fn attr<F: IsBuilderAttr<(&'static str,)>>(_: &F) {}
#[doc(hidden)]
pub const fn named_attr<F: IsBuilderNamedAttr>(_: &F) {}
#[doc(hidden)]
pub const fn bool_attr<F: Fn(&'static str, bool) -> BoolAttr>(_: &F) {}
#[doc(hidden)]
pub const fn bool_helper<F: IsBuilderBoolAttr>(_: &F) {}
#[doc(hidden)]
pub const fn class<F: Fn(&'static str) -> Class<&'static str>>(_: &F) {}
#[doc(hidden)]
pub const fn text<F: Fn(&'static str) -> Text<&'static str>>(_: &F) {}
#[doc(hidden)]
pub const fn unsafe_raw<F: Fn(&'static str) -> Raw<&'static str>>(_: &F) {}
