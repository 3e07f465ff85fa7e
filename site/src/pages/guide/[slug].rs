//! `/guide/:slug`: a page of the guide, rendered from its Markdown once
//! and kept in the app's cache under its slug.

use crate::prelude::*;
use std::time::Duration;

/// One guide page, with links to the one before and after.
#[page]
pub async fn page(cx: Cx<'_>, slug: String) -> Result<Page, Rejection> {
    let Some(page) = crate::guide::page(&slug) else {
        return Err(Rejection::not_found("There is no guide page at this address."));
    };
    let body = cx
        .cached_by(Duration::from_secs(3600), page.slug, |slug| async move {
            let page = crate::guide::page(slug).expect("a known slug");
            crate::guide::body(page, page.html())
        })
        .await?;
    let at = crate::guide::PAGES.iter().position(|p| p.slug == page.slug).unwrap_or(0);
    let before = at.checked_sub(1).and_then(|i| crate::guide::PAGES.get(i));
    let after = crate::guide::PAGES.get(at + 1);
    let step = |p: Option<&crate::guide::GuidePage>, label: &'static str| {
        p.map(|p| {
            a((
                class("text-indigo-700 hover:underline dark:text-indigo-300"),
                urls::pages::guide::by_slug(p.slug).href(),
                textf!("{label}{}", p.title),
            ))
        })
    };
    Ok(crate::layout(
        &cx,
        page.title,
        (
            body,
            nav((
                aria("label", "Next and previous"),
                class("mt-10 flex justify-between gap-4 border-t border-slate-200 pt-4 dark:border-slate-800"),
                span(step(before, "← ")),
                span(step(after, "→ ")),
            )),
        ),
    ))
}
