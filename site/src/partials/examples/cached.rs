//! A cached component: rendered at most once a minute and kept in the
//! app's cache (in memory here; Redis when `HYPEROX_REDIS_URL` is set),
//! so that views go up while renders do not.

use crate::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

static RENDERS: AtomicU64 = AtomicU64::new(0);
static VIEWS: AtomicU64 = AtomicU64::new(0);

/// The component, and the counts.
#[partial]
pub async fn card(cx: Cx<'_>) -> Result<Partial, Rejection> {
    let views = VIEWS.fetch_add(1, Ordering::Relaxed) + 1;
    let card = cx
        .cached(Duration::from_secs(60), || async {
            let n = RENDERS.fetch_add(1, Ordering::Relaxed) + 1;
            div((
                class("rounded border border-slate-200 p-3 dark:border-slate-700"),
                p(textf!("This card was rendered {n} time(s).")),
            ))
        })
        .await?;
    let again = urls::partials::examples::cached::card();
    Ok(Partial::new(div((
        id("cached-example"),
        card,
        p((class("mt-2"), textf!("Shown {views} time(s)."))),
        button((
            class("mt-2 rounded border border-slate-300 px-3 py-1"),
            again.hx(),
            attr("hx-target", "#cached-example"),
            attr("hx-swap", "outerHTML"),
            "Show it again",
        )),
    ))))
}
