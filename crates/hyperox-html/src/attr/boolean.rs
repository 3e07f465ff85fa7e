//! Boolean attributes: a name written alone, or nothing.

use super::clean_name;
use crate::render::{Buffer, Node};
use std::borrow::Cow;

/// A boolean attribute: ` name` when on, nothing when off.
#[derive(Debug, Clone)]
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(input((type_("checkbox"), checked(true), disabled(false))).render(), "<input type=\"checkbox\" checked>");
/// ```
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
///
/// # Example
///
/// ```
/// use hyperox_html::prelude::*;
/// assert_eq!(video(bool_attr("playsinline", true)).render(), "<video playsinline></video>");
/// ```
pub fn bool_attr(name: impl Into<Cow<'static, str>>, on: bool) -> BoolAttr {
    BoolAttr {
        name: clean_name(name.into()),
        on,
    }
}

impl BoolAttr {
    /// A boolean attribute known to be valid: used by the typed helpers.
    #[inline]
    pub(crate) const fn known(name: &'static str, on: bool) -> Self {
        Self {
            name: Cow::Borrowed(name),
            on,
        }
    }
}
