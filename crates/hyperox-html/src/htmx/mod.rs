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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(div((htmx::target("#list").inherited(), button(htmx::post("/add")))).render(), "<div hx-target:inherited=\"#list\"><button hx-post=\"/add\"></button></div>");
/// ```
pub struct HxAttr<V> {
    name: Cow<'static, str>,
    value: V,
    inherited: bool,
}

impl<V> HxAttr<V> {
    /// Makes children inherit this attribute: `hx-target:inherited="…"`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(div(htmx::confirm("Sure?").inherited()).render(), "<div hx-confirm:inherited=\"Sure?\"></div>");
    /// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(button(htmx::attr("hx-on:htmx:after-request", "this.reset()")).render(), "<button hx-on:htmx:after-request=\"this.reset()\"></button>");
/// ```
pub fn attr<V: AttrValue>(name: impl Into<Cow<'static, str>>, value: V) -> HxAttr<V> {
    HxAttr {
        name: crate::attr::clean_name(name.into()),
        value,
        inherited: false,
    }
}

/// `hx-swap`: how the response goes in.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(div(htmx::swap(Swap::outer_html().transition())).render(), "<div hx-swap=\"outerHTML transition:true\"></div>");
/// ```
pub fn swap(swap: impl Into<Swap>) -> HxAttr<Swap> {
    hx("hx-swap", swap.into())
}

/// `hx-trigger`: what starts the request.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(input(htmx::trigger(Trigger::on("input").changed())).render(), "<input hx-trigger=\"input changed\">");
/// ```
pub fn trigger(trigger: Trigger) -> HxAttr<Trigger> {
    hx("hx-trigger", trigger)
}

/// `hx-boost`: links and forms inside load with htmx.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(nav(htmx::boost(true)).render(), "<nav hx-boost=\"true\"></nav>");
/// ```
pub fn boost(on: bool) -> HxAttr<&'static str> {
    hx("hx-boost", if on { "true" } else { "false" })
}

/// `hx-vals`: values to send, as a JSON object (written as JSON text).
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(button(htmx::vals(&serde_json::json!({"id": 7}))).render(), "<button hx-vals=\"{&quot;id&quot;:7}\"></button>");
/// ```
pub fn vals(values: &serde_json::Value) -> HxAttr<String> {
    hx("hx-vals", values.to_string())
}

/// `hx-headers`: headers to send, as a JSON object.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(button(htmx::headers(&serde_json::json!({"X-Mode": "fast"}))).render(), "<button hx-headers=\"{&quot;X-Mode&quot;:&quot;fast&quot;}\"></button>");
/// ```
pub fn headers(values: &serde_json::Value) -> HxAttr<String> {
    hx("hx-headers", values.to_string())
}

/// `hx-status:<code>`: per-status swap settings (htmx 4), e.g.
/// `status("422", "swap:innerHTML target:#errors")`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(form(htmx::status("422", "swap:innerHTML target:#errors")).render(), "<form hx-status:422=\"swap:innerHTML target:#errors\"></form>");
/// ```
pub fn status<V: AttrValue>(code: &str, value: V) -> HxAttr<V> {
    attr(format!("hx-status:{code}"), value)
}

/// `hx-swap-oob`: swap this element out of band; see [`OobSwap`].
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(li((id("t7"), htmx::swap_oob(OobSwap::same_id()), "done")).render(), "<li id=\"t7\" hx-swap-oob=\"true\">done</li>");
/// ```
pub fn swap_oob(how: OobSwap) -> HxAttr<String> {
    hx("hx-swap-oob", how.0)
}

/// The `hx-*` attributes that take one value, each a function
/// `name(value)` writing `hx-name="value"` (escaped).
macro_rules! hx_attrs {
    ($($(#[doc = $doc:literal])* $f:ident => $attr:literal, $example:literal;)*) => {$(
        #[doc = concat!("`", $attr, "`:", $($doc,)*)]
        ///
        /// # Example
        ///
        /// ```
        /// use hyperox_html::prelude::*;
        #[doc = concat!(
            "assert_eq!(\n    button(htmx::", stringify!($f), "(\"", $example, "\")).render(),\n    r##\"<button ",
            $attr, "=\"", $example, "\"></button>\"##\n);"
        )]
        /// ```
        pub fn $f<V: AttrValue>(value: V) -> HxAttr<V> {
            hx($attr, value)
        }
    )*};
}

hx_attrs! {
    /// Issues a GET to the URL.
    get => "hx-get", "/todos";
    /// Issues a POST to the URL.
    post => "hx-post", "/todos";
    /// Issues a PUT to the URL.
    put => "hx-put", "/todos/1";
    /// Issues a PATCH to the URL.
    patch => "hx-patch", "/todos/1";
    /// Issues a DELETE to the URL.
    delete => "hx-delete", "/todos/1";
    /// The URL of the request (with `method`).
    action => "hx-action", "/todos";
    /// The method of the request (with `action`).
    method => "hx-method", "post";
    /// Where the response goes (an extended CSS selector: `this`, `closest tr`, `#id`).
    target => "hx-target", "closest li";
    /// More inputs to send (a selector).
    include => "hx-include", "#filters";
    /// The element that shows while the request is in flight.
    indicator => "hx-indicator", "#spinner";
    /// Asks before sending.
    confirm => "hx-confirm", "Delete it?";
    /// Asks for a value to send in `HX-Prompt`.
    prompt => "hx-prompt", "New name";
    /// Pushes a URL (or `true`) into history.
    push_url => "hx-push-url", "true";
    /// Replaces the URL (or `true`) in history.
    replace_url => "hx-replace-url", "/todos?page=2";
    /// Which part of the response to swap (a selector).
    select => "hx-select", "#list";
    /// Parts of the response to swap out of band.
    select_oob => "hx-select-oob", "#count";
    /// Extensions to use.
    ext => "hx-ext", "sse";
    /// How requests from this element synchronise (`closest form:abort`).
    sync => "hx-sync", "closest form:abort";
    /// The request encoding (`multipart/form-data`).
    encoding => "hx-encoding", "multipart/form-data";
    /// Elements to disable during the request.
    disable => "hx-disable", "find button";
    /// Keeps this element (by id) across swaps.
    preserve => "hx-preserve", "true";
    /// Validates forms before sending.
    validate => "hx-validate", "true";
    /// Request configuration (HCON or JSON).
    config => "hx-config", "timeout:5s";
    /// Turns htmx off for this element and its children.
    ignore => "hx-ignore", "true";
    /// The polling tag to start from (htmx's `hx-ptag` extension, loaded by
    /// the page that uses it): a poll whose answer has not changed gets a
    /// 304 and is not swapped.
    ptag => "hx-ptag", "0";
    /// Opens a server-sent event stream at the URL when the element loads
    /// (htmx's `hx-sse` extension, loaded by the page that uses it): each
    /// unnamed message is swapped into the element, each named one fired
    /// as a DOM event; the stream reconnects with `Last-Event-ID`.
    sse_connect => "hx-sse:connect", "/events";
    /// Closes the element's event stream when a message of this name
    /// arrives.
    sse_close => "hx-sse:close", "done";
    /// Opens a websocket at the URL when the element loads (htmx's `hx-ws`
    /// extension, loaded by the page that uses it): what the server sends
    /// is swapped in by id, and the element's children with `hx-ws:send`
    /// send over it.
    ws_connect => "hx-ws:connect", "/ws";
}

/// Refreshes the element after a state change at `path` or below it (a
/// trailing `*` matches any continuation; several paths separated by
/// commas): `data-path-deps` and `hx-trigger="path-deps"`. To refresh on
/// other events too, write `data-path-deps` with [`crate::attr::data_attr`]
/// and add [`Trigger::path_deps`] to the element's trigger.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(
///     div((htmx::get("/count"), htmx::path_deps("/todos"))).render(),
///     r#"<div hx-get="/count" data-path-deps="/todos" hx-trigger="path-deps"></div>"#
/// );
/// ```
pub fn path_deps<V: AttrValue>(path: V) -> impl Node {
    (
        crate::attr::data_attr("path-deps", path),
        hx("hx-trigger", "path-deps"),
    )
}

/// Keeps a form in place after it is sent (pair it with
/// `hx-swap="none"` and list the changes out of band): after a 2xx answer
/// each field still holding the value it sent is emptied, so what was
/// typed while the request ran stays; `aria-invalid` goes from its
/// fields and its [`form_error`] messages are emptied:
/// `data-reset-on-success`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(form(htmx::reset_on_success()).render(), "<form data-reset-on-success></form>");
/// ```
pub fn reset_on_success() -> crate::attr::BoolAttr {
    crate::attr::bool_attr("data-reset-on-success", true)
}

/// Marks an element of a form as its error message, emptied when the
/// form succeeds (see [`reset_on_success`]): `data-form-error`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(p(htmx::form_error()).render(), "<p data-form-error></p>");
/// ```
pub fn form_error() -> crate::attr::BoolAttr {
    crate::attr::bool_attr("data-form-error", true)
}

/// Makes the request events of a form (`htmx:before:request`,
/// `htmx:after:request`, `htmx:finally:request`, `htmx:error`) reach
/// every element inside it, so a button can react to its form's request
/// with `hx-on:htmx:before:request`: `data-trigger-children`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(form(htmx::trigger_children()).render(), "<form data-trigger-children></form>");
/// ```
pub fn trigger_children() -> crate::attr::BoolAttr {
    crate::attr::bool_attr("data-trigger-children", true)
}

/// Runs `code` on this element when a state-changing request of the page
/// fails (a 4xx or 5xx, or no answer): `hx-on:mutation-error`, with
/// `event.detail.status` and `event.detail.path`. To refresh instead, mark
/// the element with [`mutation_error`] and trigger on
/// [`Trigger::mutation_error`].
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(
///     p(htmx::on_mutation_error("this.hidden = false")).render(),
///     r#"<p hx-on:mutation-error="this.hidden = false"></p>"#
/// );
/// ```
pub fn on_mutation_error<V: AttrValue>(code: V) -> HxAttr<V> {
    hx("hx-on:mutation-error", code)
}

/// Marks the element to be told (a `mutation-error` event) when a
/// state-changing request of the page fails: `data-mutation-error`.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(
///     div((htmx::mutation_error(), htmx::get("/list"), htmx::trigger(htmx::Trigger::mutation_error()))).render(),
///     r#"<div data-mutation-error hx-get="/list" hx-trigger="mutation-error"></div>"#
/// );
/// ```
pub fn mutation_error() -> crate::attr::BoolAttr {
    crate::attr::bool_attr("data-mutation-error", true)
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
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(span((id("count"), htmx::swap_oob(OobSwap::same_id()), 3)).render(), "<span id=\"count\" hx-swap-oob=\"true\">3</span>");
    /// ```
    pub fn same_id() -> Self {
        Self("true".to_owned())
    }
    /// A swap style for the element with the same id.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(div(htmx::swap_oob(OobSwap::style(SwapStyle::BeforeEnd))).render(), "<div hx-swap-oob=\"beforeend\"></div>");
    /// ```
    pub fn style(style: SwapStyle) -> Self {
        Self(style.as_str().to_owned())
    }
    /// A swap style for the element the selector finds.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(div(htmx::swap_oob(OobSwap::style_at(SwapStyle::AfterBegin, "#log"))).render(), "<div hx-swap-oob=\"afterbegin:#log\"></div>");
    /// ```
    pub fn style_at(style: SwapStyle, selector: &str) -> Self {
        Self(format!("{}:{selector}", style.as_str()))
    }
}

/// Marks each element of `elements` (elements with ids) for an
/// out-of-band swap of the same id: many OOB updates in one response.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(htmx::oob_all(vec![li((id("t1"), "done")), li((id("t2"), "new"))]).render(), "<li id=\"t1\" hx-swap-oob=\"true\">done</li><li id=\"t2\" hx-swap-oob=\"true\">new</li>");
/// ```
pub fn oob_all<T: crate::element::Tag, P: Node>(
    elements: Vec<crate::element::Element<T, P>>,
) -> Vec<crate::element::Element<T, (P, HxAttr<String>)>> {
    elements
        .into_iter()
        .map(|e| e.with(swap_oob(OobSwap::same_id())))
        .collect()
}

/// An `<hx-partial>` envelope around content `C`; see [`partial`].
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(htmx::partial("#count", Swap::inner_html(), 5).render(), "<hx-partial hx-target=\"#count\" hx-swap=\"innerHTML\">5</hx-partial>");
/// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(button((htmx::request_class(), "Save")).render(), "<button class=\"htmx-request\">Save</button>");
/// ```
pub fn request_class() -> Class<&'static str> {
    crate::attr::class("htmx-request")
}
