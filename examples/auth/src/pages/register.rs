//! `/register`: a new account.

use crate::prelude::*;
use crate::views::{Errors, register_form};

/// The empty form.
#[page]
pub async fn page(mut cx: Cx<'_>) -> Result<Page, Rejection> {
    let flash = cx.session().await?.take_flash();
    let form = register_form("", "", &Errors::default());
    Ok(crate::views::layout(&cx, "Create an account", None, &flash, form))
}
