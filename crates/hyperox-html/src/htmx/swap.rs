//! `hx-swap` values: a swap style and its modifiers.

use crate::render::Buffer;
use std::fmt;
use std::time::Duration;

/// How htmx puts a response into the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(Swap::from(SwapStyle::OuterMorph).to_string(), "outerMorph");
/// ```
pub enum SwapStyle {
    /// Replace the target's content (the default).
    InnerHtml,
    /// Replace the target itself.
    OuterHtml,
    /// Replace the target's text, without parsing HTML.
    TextContent,
    /// Insert before the target.
    BeforeBegin,
    /// Insert as the target's first child.
    AfterBegin,
    /// Insert as the target's last child.
    BeforeEnd,
    /// Insert after the target.
    AfterEnd,
    /// Delete the target.
    Delete,
    /// Do not swap.
    None,
    /// Morph the target's content.
    InnerMorph,
    /// Morph the target itself.
    OuterMorph,
}

impl SwapStyle {
    /// The style as htmx writes it.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::htmx::SwapStyle;
    /// assert_eq!(SwapStyle::BeforeEnd.as_str(), "beforeend");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InnerHtml => "innerHTML",
            Self::OuterHtml => "outerHTML",
            Self::TextContent => "textContent",
            Self::BeforeBegin => "beforebegin",
            Self::AfterBegin => "afterbegin",
            Self::BeforeEnd => "beforeend",
            Self::AfterEnd => "afterend",
            Self::Delete => "delete",
            Self::None => "none",
            Self::InnerMorph => "innerMorph",
            Self::OuterMorph => "outerMorph",
        }
    }
}

/// Where to scroll or show: `top`, `bottom`, optionally of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// use hyperox_html::htmx::*;
/// assert_eq!(Swap::inner_html().scroll(ScrollTo::BottomOf("#log".into())).to_string(), "innerHTML scroll:#log:bottom");
/// ```
pub enum ScrollTo {
    /// The top of the target.
    Top,
    /// The bottom of the target.
    Bottom,
    /// The top of the element the selector finds.
    TopOf(String),
    /// The bottom of the element the selector finds.
    BottomOf(String),
}

impl fmt::Display for ScrollTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Top => f.write_str("top"),
            Self::Bottom => f.write_str("bottom"),
            Self::TopOf(sel) => write!(f, "{sel}:top"),
            Self::BottomOf(sel) => write!(f, "{sel}:bottom"),
        }
    }
}

/// A full `hx-swap` value: style and modifiers.
///
/// # Example
///
/// ```
/// use hyperox_html::htmx::{Swap, ScrollTo};
/// use std::time::Duration;
/// let swap = Swap::before_end().swap_delay(Duration::from_secs(1)).scroll(ScrollTo::Bottom).transition();
/// assert_eq!(swap.to_string(), "beforeend swap:1s scroll:bottom transition:true");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Swap {
    text: String,
}

/// Writes a duration as htmx reads it: `1s` when whole seconds, else `ms`.
pub(crate) fn duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) && ms > 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

impl Swap {
    /// A swap with this style and no modifiers.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::style(SwapStyle::AfterBegin).to_string(), "afterbegin");
    /// ```
    pub fn style(style: SwapStyle) -> Self {
        Self {
            text: style.as_str().to_owned(),
        }
    }
    /// `innerHTML`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(div(htmx::swap(Swap::inner_html())).render(), "<div hx-swap=\"innerHTML\"></div>");
    /// ```
    pub fn inner_html() -> Self {
        Self::style(SwapStyle::InnerHtml)
    }
    /// `outerHTML`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::outer_html().to_string(), "outerHTML");
    /// ```
    pub fn outer_html() -> Self {
        Self::style(SwapStyle::OuterHtml)
    }
    /// `textContent`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::text_content().to_string(), "textContent");
    /// ```
    pub fn text_content() -> Self {
        Self::style(SwapStyle::TextContent)
    }
    /// `beforebegin`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::before_begin().to_string(), "beforebegin");
    /// ```
    pub fn before_begin() -> Self {
        Self::style(SwapStyle::BeforeBegin)
    }
    /// `afterbegin`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::after_begin().to_string(), "afterbegin");
    /// ```
    pub fn after_begin() -> Self {
        Self::style(SwapStyle::AfterBegin)
    }
    /// `beforeend`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::before_end().to_string(), "beforeend");
    /// ```
    pub fn before_end() -> Self {
        Self::style(SwapStyle::BeforeEnd)
    }
    /// `afterend`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::after_end().to_string(), "afterend");
    /// ```
    pub fn after_end() -> Self {
        Self::style(SwapStyle::AfterEnd)
    }
    /// `delete`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::delete().to_string(), "delete");
    /// ```
    pub fn delete() -> Self {
        Self::style(SwapStyle::Delete)
    }
    /// `none`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::none().to_string(), "none");
    /// ```
    pub fn none() -> Self {
        Self::style(SwapStyle::None)
    }

    fn modifier(mut self, m: &str) -> Self {
        self.text.push(' ');
        self.text.push_str(m);
        self
    }

    /// `swap:<time>`: wait before swapping.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Swap::outer_html().swap_delay(Duration::from_millis(100)).to_string(), "outerHTML swap:100ms");
    /// ```
    pub fn swap_delay(self, d: Duration) -> Self {
        self.modifier(&format!("swap:{}", duration(d)))
    }
    /// `settle:<time>`: wait before settling.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// use std::time::Duration;
    /// assert_eq!(Swap::outer_html().settle(Duration::from_millis(20)).to_string(), "outerHTML settle:20ms");
    /// ```
    pub fn settle(self, d: Duration) -> Self {
        self.modifier(&format!("settle:{}", duration(d)))
    }
    /// `scroll:<where>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::before_end().scroll(ScrollTo::Bottom).to_string(), "beforeend scroll:bottom");
    /// ```
    pub fn scroll(self, to: ScrollTo) -> Self {
        self.modifier(&format!("scroll:{to}"))
    }
    /// `show:<where>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::inner_html().show(ScrollTo::Top).to_string(), "innerHTML show:top");
    /// ```
    pub fn show(self, to: ScrollTo) -> Self {
        self.modifier(&format!("show:{to}"))
    }
    /// `show:none`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::inner_html().show_none().to_string(), "innerHTML show:none");
    /// ```
    pub fn show_none(self) -> Self {
        self.modifier("show:none")
    }
    /// `focus-scroll:<bool>`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::inner_html().focus_scroll(false).to_string(), "innerHTML focus-scroll:false");
    /// ```
    pub fn focus_scroll(self, on: bool) -> Self {
        self.modifier(if on {
            "focus-scroll:true"
        } else {
            "focus-scroll:false"
        })
    }
    /// `transition:true`: use a view transition.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::inner_html().transition().to_string(), "innerHTML transition:true");
    /// ```
    pub fn transition(self) -> Self {
        self.modifier("transition:true")
    }
    /// `ignoreTitle:true`.
    ///
    /// # Example
    ///
    /// ```
    /// use hyperox_html::prelude::*;
    /// use hyperox_html::htmx::*;
    /// assert_eq!(Swap::inner_html().ignore_title().to_string(), "innerHTML ignoreTitle:true");
    /// ```
    pub fn ignore_title(self) -> Self {
        self.modifier("ignoreTitle:true")
    }
}

impl fmt::Display for Swap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<SwapStyle> for Swap {
    fn from(style: SwapStyle) -> Self {
        Self::style(style)
    }
}

impl crate::attr::AttrValue for Swap {
    fn write_value<Out: Buffer + ?Sized>(&self, out: &mut Out) {
        crate::render::escape_into(out, &self.text);
    }
}
