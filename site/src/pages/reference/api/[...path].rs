//! `/reference/api/hyperox/..`: a public module of `hyperox`, its items
//! with their signatures and first paragraphs, read from the sources
//! (`build/api.rs`), so that the reference cannot fall behind the API.

use crate::api::{ApiItem, ApiModule, MODULES};
use crate::prelude::*;
use hyperox::html::boxed;
use std::time::Duration;

/// A module's page, rendered once and kept in the app's cache.
#[page]
pub async fn page(cx: Cx<'_>, path: String) -> Result<Page, Rejection> {
    let Some(module) = crate::api::module(&path.replace('/', "::")) else {
        return Err(Rejection::not_found("hyperox has no public module at this address."));
    };
    let body = cx
        .cached_by(Duration::from_secs(3600), module.path, |path| async move {
            let module = crate::api::module(path).expect("a known module");
            unsafe_raw(body(module).render())
        })
        .await?;
    Ok(crate::layout(&cx, module.path, body))
}

fn body(module: &'static ApiModule) -> impl Node {
    let feature = |f: Option<&'static str>| {
        f.map(|f| {
            span((
                class("ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100"),
                textf!("feature {f}"),
            ))
        })
    };
    let entry = move |item: &'static ApiItem, owner: Option<&'static str>| {
        let name = match owner {
            Some(t) => format!("{t}::{}", item.name),
            None => item.name.to_owned(),
        };
        let head = if item.kind == "mod" {
            boxed(a((
                href(crate::api::page_of(&format!("{}::{}", module.path, item.name))),
                code(name),
            )))
        } else {
            boxed(code(name))
        };
        div((
            id(item.anchor(owner)),
            class("scroll-mt-4 border-t border-slate-200 py-3 dark:border-slate-800"),
            p((
                class("font-semibold"),
                span((class("mr-2 text-sm font-normal text-slate-600 dark:text-slate-300"), item.kind)),
                head,
                feature(item.feature),
            )),
            if_(item.kind != "mod", pre((class("my-2 whitespace-pre-wrap break-words text-sm"), code(item.sig)))),
            div(unsafe_raw(crate::api::markdown(item.doc))),
        ))
    };
    article((
        class("prose"),
        aria("label", module.path),
        feature(module.feature),
        div((class("mb-6"), unsafe_raw(crate::api::markdown(module.doc)))),
        if_lazy(!module.globs.is_empty(), move || {
            p((
                class("mb-4"),
                "Every public item of ",
                each(module.globs.iter().enumerate(), |(i, g)| {
                    (
                        if_(i > 0, ", "),
                        a((href(crate::api::page_of(g)), code(*g))),
                    )
                }),
                " is re-exported here.",
            ))
        }),
        if_lazy(!module.reexports.is_empty(), move || {
            section((
                class("mb-6"),
                h2((class("mb-2 text-xl font-semibold"), "Re-exports")),
                ul((
                    each(module.reexports.iter(), |&(name, kind, to)| {
                        if kind == "crate" {
                            return boxed(li((
                                id(format!("crate.{name}")),
                                code(name),
                                ": the ",
                                a((href(format!("https://docs.rs/{to}")), code(to))),
                                " crate, whole",
                            )));
                        }
                        let target = match crate::api::link(to) {
                            Some(url) => boxed(a((href(url), code(to)))),
                            None => boxed(code(to)),
                        };
                        boxed(li((code(name), textf!(" ({kind}): "), target)))
                    }),
                )),
            ))
        }),
        section((
            h2((class("mb-2 text-xl font-semibold"), "Items")),
            each(module.items.iter(), move |item| {
                (
                    entry(item, None),
                    div((
                        class("ml-6"),
                        each(item.methods.iter(), move |m| entry(m, Some(item.name))),
                    )),
                )
            }),
        )),
        nav((
            aria("label", "Modules"),
            class("mt-10 border-t border-slate-200 pt-4 text-sm dark:border-slate-800"),
            h2((class("mb-2 font-semibold"), "Modules")),
            ul((
                class("flex list-none flex-wrap gap-x-4 gap-y-1 pl-0"),
                each(MODULES.iter(), |m| li(a((href(m.url()), code(m.path))))),
            )),
        )),
    ))
}
