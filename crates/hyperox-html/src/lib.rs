#![doc = include_str!("../README.md")]

pub mod attr;
mod check;
mod control;
pub mod dev;
pub mod element;
pub mod htmx;
pub mod js;
mod json;
mod prerendered;
mod render;
mod text;
mod time;

pub use attr::*;
pub use control::{
    BoxedNode, Each, Either, IfElseLazy, IfLazy, boxed, each, fragment, if_, if_else, if_else_lazy,
    if_lazy,
};
pub use element::*;
pub use render::{
    Buffer, FmtBuffer, Node, SizeHint, TextMode, duplicate_attribute, escape_into, raw_text_into,
};
pub use text::{Display, Raw, Text, display, text, unsafe_raw};
pub use time::Utc;

/// Rendered HTML, ready to send: `Html::page(&node)` (with doctype) or
/// `Html::partial(&node)`.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::Html;
/// assert_eq!(Html::partial(&p("hi")).0, "<p>hi</p>");
/// ```
pub struct Html(pub String);

impl Html {
    /// A page: `<!DOCTYPE html>` and the node.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::Html;
    /// assert_eq!(Html::page(&html(body("x"))).0, "<!DOCTYPE html><html><body>x</body></html>");
    /// ```
    pub fn page<N: Node + ?Sized>(node: &N) -> Self {
        Self(node.render_page())
    }

    /// A fragment, without doctype.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::Html;
    /// assert_eq!(Html::partial(&li("x")).0, "<li>x</li>");
    /// ```
    pub fn partial<N: Node + ?Sized>(node: &N) -> Self {
        Self(node.render())
    }

    /// The response: 200, `text/html; charset=utf-8`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::Html;
    /// assert_eq!(Html::partial(&p("x")).into_response().headers()["content-type"].to_str().unwrap().to_owned(), "text/html; charset=utf-8");
    /// ```
    pub fn into_response(self) -> http::Response<bytes::Bytes> {
        let mut res = http::Response::new(bytes::Bytes::from(self.0));
        res.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("text/html; charset=utf-8"),
        );
        res
    }
}

impl From<Html> for http::Response<bytes::Bytes> {
    fn from(html: Html) -> Self {
        html.into_response()
    }
}

/// A builder expression with its literal parts rendered at compile time.
///
/// `html!(expr)` takes the same calls as the builder and renders the same
/// HTML, faster and with less for the compiler to do: every element whose
/// parts are all literal (text, numbers, `class("..")`, `attr("..", "..")`,
/// the typed attribute helpers with literal values) is rendered while
/// compiling, and neighbouring rendered children become one string.
/// Anything else (variables, calls, closures, `each`, `if_`) runs as
/// usual. Inside the macro, element names are the builder's.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
///
/// let user = "<ada>";
/// let page = hyperox_html::html!(div((
///     class("card"),
///     h1((class("title"), "Welcome")),
///     p(("Signed in as ", strong(user))),
///     ul((li("one"), li("two"))),
/// )));
/// let plain = div((
///     class("card"),
///     h1((class("title"), "Welcome")),
///     p(("Signed in as ", strong(user))),
///     ul((li("one"), li("two"))),
/// ));
/// assert_eq!(page.render(), plain.render());
/// assert_eq!(
///     page.render(),
///     r#"<div class="card"><h1 class="title">Welcome</h1><p>Signed in as <strong>&lt;ada&gt;</strong></p><ul><li>one</li><li>two</li></ul></div>"#
/// );
/// ```
#[macro_export]
macro_rules! html {
    ($($expr:tt)+) => {
        $crate::__html_impl!(($crate) $($expr)+)
    };
}

#[doc(hidden)]
pub use element::PreTag;
#[doc(hidden)]
pub mod __check {
    pub use crate::check::*;
}
#[doc(hidden)]
pub use hyperox_macros::html_impl as __html_impl;
pub use prerendered::{__lit, __pre, __static, Lit, Static, StaticHtml};

/// Everything for building pages: `use hyperox_html::prelude::*;`.
///
/// Elements and attributes are functions named as in HTML, so some share
/// a name with a variable you may have (`value`, `name`, `title`,
/// `content`, `label`, `time`, `data`). A glob import gives way to your
/// own names without an error, and a local `value` then hides the
/// attribute helper where it is in scope: the prelude also brings the
/// `attr` and `element` modules, whose paths no local name can hide. The
/// rule of the examples: name the local for what it holds (`typed`,
/// `email`), or write `attr::value(value)` where the clash is natural.
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// let page = html((head(title("Todos")), body(h1((class("title"), "Todos")))));
/// assert!(page.render().contains("<title>Todos</title>"));
///
/// // A local `value` hides the attribute helper; its module path does not.
/// let value = "ada@example.com";
/// let field = input((type_("email"), attr::name("email"), attr::value(value)));
/// assert_eq!(field.render(), r#"<input type="email" name="email" value="ada@example.com">"#);
/// let title = "Todos";
/// assert_eq!(element::title(title).render(), "<title>Todos</title>");
/// ```
pub mod prelude {
    pub use crate::attr;
    pub use crate::attr::*;
    pub use crate::control::{each, fragment, if_, if_else, if_else_lazy, if_lazy};
    pub use crate::element;
    pub use crate::element::*;
    pub use crate::js::{on_change, on_click, on_event, on_htmx, on_input, on_keydown, on_submit};
    pub use crate::render::{Node, SizeHint};
    pub use crate::text::{display, text, unsafe_raw};
    pub use crate::{Html, htmx, js, textf};
}
