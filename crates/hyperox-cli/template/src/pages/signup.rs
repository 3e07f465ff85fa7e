//! `/signup`: a form validated on the server, with or without JavaScript.

use crate::prelude::*;

/// The empty form.
#[page]
pub async fn page(cx: Cx<'_>) -> Page {
    let form = crate::partials::signup::form_view("", None);
    crate::layout::page(&cx, "Sign up", (h1((class("mb-4 text-2xl font-bold"), "Sign up")), form))
}
