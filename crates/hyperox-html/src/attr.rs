//! Attributes and classes.

use crate::render::{Buffer, Node, TextMode, escape::EscapingWriter, escape_into};
use std::borrow::Cow;
use std::fmt;

/// A value that can be written as an attribute value (escaped).
pub trait AttrValue {
    /// Writes the value, escaped.
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out);
}

impl AttrValue for str {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for &str {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for String {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

impl AttrValue for Cow<'_, str> {
    #[inline]
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        escape_into(out, self);
    }
}

macro_rules! number_value {
    ($($t:ty),*) => {$(
        impl AttrValue for $t {
            #[inline]
            fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
                Node::write_html(self, out, TextMode::Content);
            }
        }
    )*};
}
number_value!(
    u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, f32, f64, bool
);

/// A value written with `Display`, escaped; see [`display_value`].
#[derive(Debug, Clone, Copy)]
pub struct DisplayValue<T>(pub T);

impl<T: fmt::Display> AttrValue for DisplayValue<T> {
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        use fmt::Write;
        let _ = write!(EscapingWriter(out), "{}", self.0);
    }
}

/// An attribute value written with `Display` (escaped).
pub fn display_value<T: fmt::Display>(value: T) -> DisplayValue<T> {
    DisplayValue(value)
}

/// Keeps only the characters allowed in attribute and tag names (ASCII
/// letters, digits, `-`, `_`, `:`, `.`, `@`), so no name can break out of
/// its tag.
pub(crate) fn clean_name(name: Cow<'static, str>) -> Cow<'static, str> {
    let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.' | b'@');
    if name.bytes().all(ok) {
        name
    } else {
        Cow::Owned(
            name.chars()
                .filter(|&c| c.is_ascii() && ok(c as u8))
                .collect(),
        )
    }
}

/// An attribute: ` name="value"`.
#[derive(Debug, Clone)]
pub struct Attr<V> {
    name: Cow<'static, str>,
    value: V,
}

impl<V: AttrValue> Node for Attr<V> {
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
        out.push_str("=\"");
        self.value.write_value(out);
        out.push('"');
    }
}

/// Any attribute. Characters not allowed in a name are dropped from it;
/// the value is escaped.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(div(attr("data-x", "1 < 2")).render(), r#"<div data-x="1 &lt; 2"></div>"#);
/// ```
#[inline]
pub fn attr<V: AttrValue>(name: impl Into<Cow<'static, str>>, value: V) -> Attr<V> {
    Attr {
        name: clean_name(name.into()),
        value,
    }
}

/// An attribute known to be valid: used by the typed helpers.
#[inline]
pub(crate) const fn known<V>(name: &'static str, value: V) -> Attr<V> {
    Attr {
        name: Cow::Borrowed(name),
        value,
    }
}

/// The attribute `name` when `cond` holds, nothing otherwise.
pub fn attr_if<V: AttrValue>(
    cond: bool,
    name: impl Into<Cow<'static, str>>,
    value: V,
) -> Option<Attr<V>> {
    cond.then(|| attr(name, value))
}

/// A `data-*` attribute: `data_attr("id", 7)` is `data-id="7"`.
pub fn data_attr<V: AttrValue>(key: &str, value: V) -> Attr<V> {
    attr(format!("data-{key}"), value)
}

/// An `aria-*` attribute: `aria("label", "Close")` is `aria-label="Close"`.
pub fn aria<V: AttrValue>(key: &str, value: V) -> Attr<V> {
    attr(format!("aria-{key}"), value)
}

/// A boolean attribute: ` name` when on, nothing when off.
#[derive(Debug, Clone)]
pub struct BoolAttr {
    name: Cow<'static, str>,
    on: bool,
}

impl Node for BoolAttr {
    const HAS_ATTRS: bool = true;
    const EMPTY: bool = true;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        _parts: &P,
        _class_done: &mut bool,
    ) {
        if self.on {
            out.push(' ');
            out.push_str(&self.name);
        }
    }
}

/// Any boolean attribute: written without a value when `on`.
pub fn bool_attr(name: impl Into<Cow<'static, str>>, on: bool) -> BoolAttr {
    BoolAttr {
        name: clean_name(name.into()),
        on,
    }
}

/// Class names. Every class of an element is written in one `class`
/// attribute, where the element's first class stands.
#[derive(Debug, Clone)]
pub struct Class<V>(V);

impl<V: AttrValue> Node for Class<V> {
    const HAS_ATTRS: bool = true;
    const EMPTY: bool = true;
    #[inline]
    fn write_attrs<Out: Buffer + ?Sized, P: Node + ?Sized>(
        &self,
        out: &mut Out,
        parts: &P,
        class_done: &mut bool,
    ) {
        if *class_done {
            return;
        }
        *class_done = true;
        out.push_str(" class=\"");
        let mut first = true;
        parts.write_classes(out, &mut first);
        out.push('"');
    }

    #[inline]
    fn write_classes<Out: Buffer + ?Sized>(&self, out: &mut Out, first: &mut bool) {
        if !*first {
            out.push(' ');
        }
        *first = false;
        self.0.write_value(out);
    }
}

/// Class names: `class("flex gap-2")`. Repeated classes on one element
/// merge into one attribute.
#[inline]
pub fn class<V: AttrValue>(names: V) -> Class<V> {
    Class(names)
}

/// The class names when `cond` holds, nothing otherwise.
#[inline]
pub fn class_if<V: AttrValue>(cond: bool, names: V) -> Option<Class<V>> {
    cond.then_some(Class(names))
}

/// `<meta name="…" content="…">` parts.
pub fn meta_name<V: AttrValue>(name: &'static str, content: V) -> (Attr<&'static str>, Attr<V>) {
    (known("name", name), known("content", content))
}

/// `<meta property="…" content="…">` parts (Open Graph).
pub fn meta_property<V: AttrValue>(
    property: &'static str,
    content: V,
) -> (Attr<&'static str>, Attr<V>) {
    (known("property", property), known("content", content))
}

/// The `id` attribute.
#[inline]
pub fn id<V: AttrValue>(value: V) -> Attr<V> {
    known("id", value)
}

/// The `href` attribute.
#[inline]
pub fn href<V: AttrValue>(value: V) -> Attr<V> {
    known("href", value)
}

/// The `src` attribute.
#[inline]
pub fn src<V: AttrValue>(value: V) -> Attr<V> {
    known("src", value)
}

/// The `alt` attribute.
#[inline]
pub fn alt<V: AttrValue>(value: V) -> Attr<V> {
    known("alt", value)
}

/// The `type` attribute.
#[inline]
pub fn type_<V: AttrValue>(value: V) -> Attr<V> {
    known("type", value)
}

/// The `name` attribute.
#[inline]
pub fn name<V: AttrValue>(value: V) -> Attr<V> {
    known("name", value)
}

/// The `value` attribute.
#[inline]
pub fn value<V: AttrValue>(value: V) -> Attr<V> {
    known("value", value)
}

/// The `placeholder` attribute.
#[inline]
pub fn placeholder<V: AttrValue>(value: V) -> Attr<V> {
    known("placeholder", value)
}

/// The `for` attribute.
#[inline]
pub fn for_<V: AttrValue>(value: V) -> Attr<V> {
    known("for", value)
}

/// The `action` attribute.
#[inline]
pub fn action<V: AttrValue>(value: V) -> Attr<V> {
    known("action", value)
}

/// The `method` attribute.
#[inline]
pub fn method<V: AttrValue>(value: V) -> Attr<V> {
    known("method", value)
}

/// The `rel` attribute.
#[inline]
pub fn rel<V: AttrValue>(value: V) -> Attr<V> {
    known("rel", value)
}

/// The `target` attribute.
#[inline]
pub fn target_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("target", value)
}

/// The `content` attribute.
#[inline]
pub fn content<V: AttrValue>(value: V) -> Attr<V> {
    known("content", value)
}

/// The `lang` attribute.
#[inline]
pub fn lang<V: AttrValue>(value: V) -> Attr<V> {
    known("lang", value)
}

/// The `role` attribute.
#[inline]
pub fn role<V: AttrValue>(value: V) -> Attr<V> {
    known("role", value)
}

/// The `width` attribute.
#[inline]
pub fn width<V: AttrValue>(value: V) -> Attr<V> {
    known("width", value)
}

/// The `height` attribute.
#[inline]
pub fn height<V: AttrValue>(value: V) -> Attr<V> {
    known("height", value)
}

/// The `tabindex` attribute.
#[inline]
pub fn tabindex<V: AttrValue>(value: V) -> Attr<V> {
    known("tabindex", value)
}

/// The `style` attribute.
#[inline]
pub fn style_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("style", value)
}

/// The `title` attribute.
#[inline]
pub fn title_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("title", value)
}

/// The `autocomplete` attribute.
#[inline]
pub fn autocomplete<V: AttrValue>(value: V) -> Attr<V> {
    known("autocomplete", value)
}

/// The `min` attribute.
#[inline]
pub fn min<V: AttrValue>(value: V) -> Attr<V> {
    known("min", value)
}

/// The `max` attribute.
#[inline]
pub fn max<V: AttrValue>(value: V) -> Attr<V> {
    known("max", value)
}

/// The `step` attribute.
#[inline]
pub fn step<V: AttrValue>(value: V) -> Attr<V> {
    known("step", value)
}

/// The `pattern` attribute.
#[inline]
pub fn pattern<V: AttrValue>(value: V) -> Attr<V> {
    known("pattern", value)
}

/// The `maxlength` attribute.
#[inline]
pub fn maxlength<V: AttrValue>(value: V) -> Attr<V> {
    known("maxlength", value)
}

/// The `minlength` attribute.
#[inline]
pub fn minlength<V: AttrValue>(value: V) -> Attr<V> {
    known("minlength", value)
}

/// The `rows` attribute.
#[inline]
pub fn rows<V: AttrValue>(value: V) -> Attr<V> {
    known("rows", value)
}

/// The `cols` attribute.
#[inline]
pub fn cols<V: AttrValue>(value: V) -> Attr<V> {
    known("cols", value)
}

/// The `colspan` attribute.
#[inline]
pub fn colspan<V: AttrValue>(value: V) -> Attr<V> {
    known("colspan", value)
}

/// The `rowspan` attribute.
#[inline]
pub fn rowspan<V: AttrValue>(value: V) -> Attr<V> {
    known("rowspan", value)
}

/// The `enctype` attribute.
#[inline]
pub fn enctype<V: AttrValue>(value: V) -> Attr<V> {
    known("enctype", value)
}

/// The `accept` attribute.
#[inline]
pub fn accept<V: AttrValue>(value: V) -> Attr<V> {
    known("accept", value)
}

/// The `download` attribute.
#[inline]
pub fn download<V: AttrValue>(value: V) -> Attr<V> {
    known("download", value)
}

/// The `loading` attribute.
#[inline]
pub fn loading<V: AttrValue>(value: V) -> Attr<V> {
    known("loading", value)
}

/// The `crossorigin` attribute.
#[inline]
pub fn crossorigin<V: AttrValue>(value: V) -> Attr<V> {
    known("crossorigin", value)
}

/// The `integrity` attribute.
#[inline]
pub fn integrity<V: AttrValue>(value: V) -> Attr<V> {
    known("integrity", value)
}

/// The `form` attribute.
#[inline]
pub fn form_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("form", value)
}

/// The `label` attribute.
#[inline]
pub fn label_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("label", value)
}

/// The `datetime` attribute.
#[inline]
pub fn datetime<V: AttrValue>(value: V) -> Attr<V> {
    known("datetime", value)
}

/// The `srcset` attribute.
#[inline]
pub fn srcset<V: AttrValue>(value: V) -> Attr<V> {
    known("srcset", value)
}

/// The `sizes` attribute.
#[inline]
pub fn sizes<V: AttrValue>(value: V) -> Attr<V> {
    known("sizes", value)
}

/// The `media` attribute.
#[inline]
pub fn media<V: AttrValue>(value: V) -> Attr<V> {
    known("media", value)
}

/// The `scope` attribute.
#[inline]
pub fn scope<V: AttrValue>(value: V) -> Attr<V> {
    known("scope", value)
}

/// The `headers` attribute.
#[inline]
pub fn headers_attr<V: AttrValue>(value: V) -> Attr<V> {
    known("headers", value)
}

/// The `list` attribute.
#[inline]
pub fn list<V: AttrValue>(value: V) -> Attr<V> {
    known("list", value)
}

/// The `dir` attribute.
#[inline]
pub fn dir<V: AttrValue>(value: V) -> Attr<V> {
    known("dir", value)
}

/// The `inputmode` attribute.
#[inline]
pub fn inputmode<V: AttrValue>(value: V) -> Attr<V> {
    known("inputmode", value)
}

/// The `enterkeyhint` attribute.
#[inline]
pub fn enterkeyhint<V: AttrValue>(value: V) -> Attr<V> {
    known("enterkeyhint", value)
}

/// The `spellcheck` attribute.
#[inline]
pub fn spellcheck<V: AttrValue>(value: V) -> Attr<V> {
    known("spellcheck", value)
}

/// The `draggable` attribute.
#[inline]
pub fn draggable<V: AttrValue>(value: V) -> Attr<V> {
    known("draggable", value)
}

/// The `contenteditable` attribute.
#[inline]
pub fn contenteditable<V: AttrValue>(value: V) -> Attr<V> {
    known("contenteditable", value)
}

/// The `popover` attribute.
#[inline]
pub fn popover<V: AttrValue>(value: V) -> Attr<V> {
    known("popover", value)
}

/// The `popovertarget` attribute.
#[inline]
pub fn popovertarget<V: AttrValue>(value: V) -> Attr<V> {
    known("popovertarget", value)
}

/// The `referrerpolicy` attribute.
#[inline]
pub fn referrerpolicy<V: AttrValue>(value: V) -> Attr<V> {
    known("referrerpolicy", value)
}

/// The `sandbox` attribute.
#[inline]
pub fn sandbox<V: AttrValue>(value: V) -> Attr<V> {
    known("sandbox", value)
}

/// The `allow` attribute.
#[inline]
pub fn allow<V: AttrValue>(value: V) -> Attr<V> {
    known("allow", value)
}

/// The `poster` attribute.
#[inline]
pub fn poster<V: AttrValue>(value: V) -> Attr<V> {
    known("poster", value)
}

/// The `preload` attribute.
#[inline]
pub fn preload<V: AttrValue>(value: V) -> Attr<V> {
    known("preload", value)
}

/// The `wrap` attribute.
#[inline]
pub fn wrap<V: AttrValue>(value: V) -> Attr<V> {
    known("wrap", value)
}

/// The `translate` attribute.
#[inline]
pub fn translate<V: AttrValue>(value: V) -> Attr<V> {
    known("translate", value)
}

/// The `accesskey` attribute.
#[inline]
pub fn accesskey<V: AttrValue>(value: V) -> Attr<V> {
    known("accesskey", value)
}

/// The `charset` attribute.
#[inline]
pub fn charset<V: AttrValue>(value: V) -> Attr<V> {
    known("charset", value)
}

/// The `http-equiv` attribute.
#[inline]
pub fn http_equiv<V: AttrValue>(value: V) -> Attr<V> {
    known("http-equiv", value)
}

/// The `property` attribute.
#[inline]
pub fn property<V: AttrValue>(value: V) -> Attr<V> {
    known("property", value)
}

/// The `xmlns` attribute.
#[inline]
pub fn xmlns<V: AttrValue>(value: V) -> Attr<V> {
    known("xmlns", value)
}

/// The `viewBox` attribute.
#[inline]
pub fn viewbox<V: AttrValue>(value: V) -> Attr<V> {
    known("viewBox", value)
}

/// The `fill` attribute.
#[inline]
pub fn fill<V: AttrValue>(value: V) -> Attr<V> {
    known("fill", value)
}

/// The `stroke` attribute.
#[inline]
pub fn stroke<V: AttrValue>(value: V) -> Attr<V> {
    known("stroke", value)
}

/// The `d` attribute.
#[inline]
pub fn d<V: AttrValue>(value: V) -> Attr<V> {
    known("d", value)
}

/// The boolean `disabled` attribute, written when `on`.
#[inline]
pub fn disabled(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("disabled"),
        on,
    }
}

/// The boolean `checked` attribute, written when `on`.
#[inline]
pub fn checked(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("checked"),
        on,
    }
}

/// The boolean `required` attribute, written when `on`.
#[inline]
pub fn required(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("required"),
        on,
    }
}

/// The boolean `selected` attribute, written when `on`.
#[inline]
pub fn selected(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("selected"),
        on,
    }
}

/// The boolean `readonly` attribute, written when `on`.
#[inline]
pub fn readonly(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("readonly"),
        on,
    }
}

/// The boolean `autofocus` attribute, written when `on`.
#[inline]
pub fn autofocus(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("autofocus"),
        on,
    }
}

/// The boolean `hidden` attribute, written when `on`.
#[inline]
pub fn hidden(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("hidden"),
        on,
    }
}

/// The boolean `multiple` attribute, written when `on`.
#[inline]
pub fn multiple(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("multiple"),
        on,
    }
}

/// The boolean `open` attribute, written when `on`.
#[inline]
pub fn open(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("open"),
        on,
    }
}

/// The boolean `novalidate` attribute, written when `on`.
#[inline]
pub fn novalidate(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("novalidate"),
        on,
    }
}

/// The boolean `defer` attribute, written when `on`.
#[inline]
pub fn defer(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("defer"),
        on,
    }
}

/// The boolean `async` attribute, written when `on`.
#[inline]
pub fn async_(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("async"),
        on,
    }
}

/// The boolean `autoplay` attribute, written when `on`.
#[inline]
pub fn autoplay(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("autoplay"),
        on,
    }
}

/// The boolean `controls` attribute, written when `on`.
#[inline]
pub fn controls(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("controls"),
        on,
    }
}

/// The boolean `loop` attribute, written when `on`.
#[inline]
pub fn loop_(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("loop"),
        on,
    }
}

/// The boolean `muted` attribute, written when `on`.
#[inline]
pub fn muted(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("muted"),
        on,
    }
}

/// The boolean `playsinline` attribute, written when `on`.
#[inline]
pub fn playsinline(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("playsinline"),
        on,
    }
}

/// The boolean `reversed` attribute, written when `on`.
#[inline]
pub fn reversed(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("reversed"),
        on,
    }
}

/// The boolean `ismap` attribute, written when `on`.
#[inline]
pub fn ismap(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("ismap"),
        on,
    }
}

/// The boolean `inert` attribute, written when `on`.
#[inline]
pub fn inert(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("inert"),
        on,
    }
}

/// The boolean `formnovalidate` attribute, written when `on`.
#[inline]
pub fn formnovalidate(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("formnovalidate"),
        on,
    }
}

/// The boolean `default` attribute, written when `on`.
#[inline]
pub fn default_(on: bool) -> BoolAttr {
    BoolAttr {
        name: Cow::Borrowed("default"),
        on,
    }
}
