//! The page layout every page shares.

use crate::prelude::*;

/// A full page: the document every page shares (`cx.document`: charset,
/// viewport, title, icon, stylesheet, htmx, CSRF token), a header with
/// the site's links, and `content`.
pub fn page(cx: &Cx<'_>, title_text: &str, content: impl Node) -> Page {
    cx.document(
        title_text,
        body((
            class("min-h-screen bg-slate-50 text-slate-900"),
            header((
                class("border-b border-slate-200 bg-white"),
                nav((
                    class("mx-auto flex max-w-2xl gap-4 p-4"),
                    a((
                        class("font-semibold"),
                        urls::pages::index().href(),
                        "{{name}}",
                    )),
                    a((
                        class("text-slate-600 hover:underline"),
                        urls::pages::users::by_id(1).href(),
                        "A user",
                    )),
                    a((
                        class("text-slate-600 hover:underline"),
                        urls::pages::signup().href(),
                        "Sign up",
                    )),
                )),
            )),
            main((class("mx-auto max-w-2xl p-4"), content)),
        )),
    )
}
