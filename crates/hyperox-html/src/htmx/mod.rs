//! htmx 4: attributes, swap and trigger values, out-of-band swaps, and
//! the request and response headers.

mod headers;
mod swap;
mod trigger;

pub use headers::{HxLocation, HxRequest, HxResponse, RequestType};
pub use swap::{ScrollTo, Swap, SwapStyle};
pub use trigger::{Queue, Trigger};

use crate::attr::{AttrValue, Class};
use crate::element::{CustomElement, tag};
use crate::render::{Buffer, Node};
use std::borrow::Cow;

/// An `hx-*` attribute; [`HxAttr::inherited`] writes htmx 4's explicit
/// inheritance form (`hx-target:inherited`).
#[derive(Debug, Clone)]
pub struct HxAttr<V> {
    name: Cow<'static, str>,
    value: V,
    inherited: bool,
}

impl<V> HxAttr<V> {
    /// Makes children inherit this attribute: `hx-target:inherited="…"`.
    pub fn inherited(mut self) -> Self {
        self.inherited = true;
        self
    }
}

impl<V: AttrValue> Node for HxAttr<V> {
    const HAS_ATTRS: bool = true;
    const EMPTY: bool = true;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        _parts: &P,
        _class_done: &mut bool,
    ) {
        out.push(' ');
        out.push_str(&self.name);
        if self.inherited {
            out.push_str(":inherited");
        }
        out.push_str("=\"");
        self.value.write_value(out);
        out.push('"');
    }
}

const fn hx<V>(name: &'static str, value: V) -> HxAttr<V> {
    HxAttr {
        name: Cow::Borrowed(name),
        value,
        inherited: false,
    }
}

/// Any `hx-*` attribute by its full name (`hx-headers`); characters not
/// allowed in a name are dropped.
pub fn attr<V: AttrValue>(name: impl Into<Cow<'static, str>>, value: V) -> HxAttr<V> {
    HxAttr {
        name: crate::attr::clean_name(name.into()),
        value,
        inherited: false,
    }
}

/// `hx-swap`: how the response goes in.
pub fn swap(swap: impl Into<Swap>) -> HxAttr<Swap> {
    hx("hx-swap", swap.into())
}

/// `hx-trigger`: what starts the request.
pub fn trigger(trigger: Trigger) -> HxAttr<Trigger> {
    hx("hx-trigger", trigger)
}

/// `hx-boost`: links and forms inside load with htmx.
pub fn boost(on: bool) -> HxAttr<&'static str> {
    hx("hx-boost", if on { "true" } else { "false" })
}

/// `hx-vals`: values to send, as a JSON object (written as JSON text).
pub fn vals(values: &serde_json::Value) -> HxAttr<String> {
    hx("hx-vals", values.to_string())
}

/// `hx-headers`: headers to send, as a JSON object.
pub fn headers(values: &serde_json::Value) -> HxAttr<String> {
    hx("hx-headers", values.to_string())
}

/// `hx-status:<code>`: per-status swap settings (htmx 4), e.g.
/// `status("422", "swap:innerHTML target:#errors")`.
pub fn status<V: AttrValue>(code: &str, value: V) -> HxAttr<V> {
    attr(format!("hx-status:{code}"), value)
}

/// `hx-swap-oob`: swap this element out of band; see [`OobSwap`].
pub fn swap_oob(how: OobSwap) -> HxAttr<String> {
    hx("hx-swap-oob", how.0)
}

/// `hx-get`: Issues a GET to the URL.
pub fn get<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-get", value)
}

/// `hx-post`: Issues a POST to the URL.
pub fn post<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-post", value)
}

/// `hx-put`: Issues a PUT to the URL.
pub fn put<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-put", value)
}

/// `hx-patch`: Issues a PATCH to the URL.
pub fn patch<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-patch", value)
}

/// `hx-delete`: Issues a DELETE to the URL.
pub fn delete<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-delete", value)
}

/// `hx-action`: The URL of the request (with `method`).
pub fn action<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-action", value)
}

/// `hx-method`: The method of the request (with `action`).
pub fn method<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-method", value)
}

/// `hx-target`: Where the response goes (an extended CSS selector: `this`, `closest tr`, `#id`).
pub fn target<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-target", value)
}

/// `hx-include`: More inputs to send (a selector).
pub fn include<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-include", value)
}

/// `hx-indicator`: The element that shows while the request is in flight.
pub fn indicator<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-indicator", value)
}

/// `hx-confirm`: Asks before sending.
pub fn confirm<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-confirm", value)
}

/// `hx-prompt`: Asks for a value to send in `HX-Prompt`.
pub fn prompt<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-prompt", value)
}

/// `hx-push-url`: Pushes a URL (or `true`) into history.
pub fn push_url<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-push-url", value)
}

/// `hx-replace-url`: Replaces the URL (or `true`) in history.
pub fn replace_url<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-replace-url", value)
}

/// `hx-select`: Which part of the response to swap (a selector).
pub fn select<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-select", value)
}

/// `hx-select-oob`: Parts of the response to swap out of band.
pub fn select_oob<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-select-oob", value)
}

/// `hx-ext`: Extensions to use.
pub fn ext<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-ext", value)
}

/// `hx-sync`: How requests from this element synchronise (`closest form:abort`).
pub fn sync<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-sync", value)
}

/// `hx-encoding`: The request encoding (`multipart/form-data`).
pub fn encoding<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-encoding", value)
}

/// `hx-disable`: Elements to disable during the request.
pub fn disable<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-disable", value)
}

/// `hx-preserve`: Keeps this element (by id) across swaps.
pub fn preserve<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-preserve", value)
}

/// `hx-validate`: Validates forms before sending.
pub fn validate<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-validate", value)
}

/// `hx-config`: Request configuration (HCON or JSON).
pub fn config<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-config", value)
}

/// `hx-ignore`: Turns htmx off for this element and its children.
pub fn ignore<V: AttrValue>(value: V) -> HxAttr<V> {
    hx("hx-ignore", value)
}

/// How an element is swapped out of band (`hx-swap-oob`).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::{self, OobSwap, SwapStyle};
/// let count = span((id("count"), 3)).with(htmx::swap_oob(OobSwap::style(SwapStyle::InnerHtml)));
/// assert_eq!(count.render(), r#"<span id="count" hx-swap-oob="innerHTML">3</span>"#);
/// let at = div("Saved").with(htmx::swap_oob(OobSwap::style_at(SwapStyle::BeforeEnd, "#log")));
/// assert_eq!(at.render(), r#"<div hx-swap-oob="beforeend:#log">Saved</div>"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OobSwap(String);

impl OobSwap {
    /// `true`: replace the element with the same id.
    pub fn same_id() -> Self {
        Self("true".to_owned())
    }
    /// A swap style for the element with the same id.
    pub fn style(style: SwapStyle) -> Self {
        Self(style.as_str().to_owned())
    }
    /// A swap style for the element the selector finds.
    pub fn style_at(style: SwapStyle, selector: &str) -> Self {
        Self(format!("{}:{selector}", style.as_str()))
    }
}

/// Marks each element of `elements` (elements with ids) for an
/// out-of-band swap of the same id: many OOB updates in one response.
pub fn oob_all<T: crate::element::Tag, P: Node>(
    elements: Vec<crate::element::Element<T, P>>,
) -> Vec<crate::element::Element<T, (P, HxAttr<String>)>> {
    elements
        .into_iter()
        .map(|e| e.with(swap_oob(OobSwap::same_id())))
        .collect()
}

/// An `<hx-partial>` envelope around content `C`; see [`partial`].
pub type PartialElement<C> = CustomElement<((HxAttr<String>, HxAttr<Swap>), C)>;

/// htmx 4's `<hx-partial>`: content for another target in the same
/// response. The envelope is consumed by htmx.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::{self, Swap};
/// let p = htmx::partial("#count", Swap::outer_html(), span((id("count"), 5)));
/// assert_eq!(p.render(), r##"<hx-partial hx-target="#count" hx-swap="outerHTML"><span id="count">5</span></hx-partial>"##);
/// ```
pub fn partial<C: Node>(target_selector: &str, swap: Swap, content: C) -> PartialElement<C> {
    tag(
        "hx-partial",
        (
            (
                hx("hx-target", target_selector.to_owned()),
                hx("hx-swap", swap),
            ),
            content,
        ),
    )
}

/// The class htmx puts on an element while its request is in flight
/// (`htmx-request`), for indicators.
pub fn request_class() -> Class<&'static str> {
    crate::attr::class("htmx-request")
}
