//! The guide: its pages (`guide/NN-slug.md`, listed and link-checked by
//! `build.rs`), rendered from Markdown, and searched.

use hyperox::html::prelude::*;

/// One page of the guide.
#[derive(Debug, Clone, Copy)]
pub struct GuidePage {
    /// Its address: `/guide/{slug}`.
    pub slug: &'static str,
    /// Its `# title`.
    pub title: &'static str,
    /// Its text.
    pub markdown: &'static str,
}

/// Every page, in reading order.
pub const PAGES: &[GuidePage] = include!(concat!(env!("OUT_DIR"), "/guide_pages.rs"));

/// The workspace files the guide shows (`{{source path}}`, and folded,
/// `{{tests path}}`), as compiled.
pub const SOURCES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/guide_sources.rs"));

/// A file a tutorial step touched, as the guide shows it.
#[derive(Debug, Clone, Copy)]
pub struct StepFile {
    /// Its path in the step's crate.
    pub path: &'static str,
    /// What happened to it: `new`, `changed`, `moved` or `removed`.
    pub change: &'static str,
    /// Its text (new), its diff from the step before (changed), or the
    /// path it moved from (moved).
    pub text: &'static str,
}

/// The tutorial's steps as the guide shows them (`{{step N}}`): the
/// files each touched.
pub const STEPS: &[(u32, &[StepFile])] = include!(concat!(env!("OUT_DIR"), "/tutorial_steps.rs"));

/// The page at `slug`.
pub fn page(slug: &str) -> Option<&'static GuidePage> {
    PAGES.iter().find(|p| p.slug == slug)
}

impl GuidePage {
    /// The page as HTML: its Markdown with `guide:` links made paths,
    /// the API names it mentions linked to the reference, and
    /// each `{{example name}}` line replaced by the example (its source,
    /// and the running example, loaded by htmx).
    pub fn html(&self) -> String {
        let mut html = String::new();
        let mut rest = String::new();
        let flush = |md: &mut String, html: &mut String| {
            let md_text = md.replace("](guide:", "](/guide/");
            html.push_str(&crate::api::markdown(&md_text));
            md.clear();
        };
        // The title is the page's heading already.
        for line in self
            .markdown
            .lines()
            .skip_while(|l| !l.starts_with("# "))
            .skip(1)
        {
            let directive = |name: &str| {
                line.trim()
                    .strip_prefix("{{")
                    .and_then(|r| r.strip_suffix("}}"))
                    .and_then(|r| r.strip_prefix(name))
                    .map(str::trim)
            };
            if let Some(name) = directive("example ") {
                flush(&mut rest, &mut html);
                if let Some(example) = crate::examples::find(name) {
                    html.push_str(&example.panel().render());
                }
            } else if let Some(n) = directive("step ") {
                flush(&mut rest, &mut html);
                if let Some((n, files)) = STEPS.iter().find(|(s, _)| s.to_string() == n) {
                    html.push_str(&step(*n, files).render());
                }
            } else if let Some(rel) = directive("source ") {
                flush(&mut rest, &mut html);
                if let Some((_, text)) = SOURCES.iter().find(|(p, _)| *p == rel) {
                    html.push_str(&source(rel, text).render());
                }
            } else if let Some(rel) = directive("tests ") {
                // Tests that hold a table to the code: folded.
                flush(&mut rest, &mut html);
                if let Some((_, text)) = SOURCES.iter().find(|(p, _)| *p == rel) {
                    let folded = details((
                        class("my-4"),
                        summary((
                            class("cursor-pointer text-indigo-700 dark:text-indigo-300"),
                            "This table as compiled, tested code",
                        )),
                        source(rel, text),
                    ));
                    html.push_str(&folded.render());
                }
            } else {
                rest.push_str(line);
                rest.push('\n');
            }
        }
        flush(&mut rest, &mut html);
        html
    }

    /// The page's text without Markdown marks, for search.
    fn plain(&self) -> String {
        self.markdown
            .chars()
            .filter(|c| !matches!(c, '#' | '*' | '`' | '[' | ']' | '|'))
            .collect()
    }
}

/// A workspace file as the guide shows it: its path, then its text.
fn source(rel: &str, text: &str) -> impl Node + use<> {
    figure((
        class("my-4"),
        figcaption((
            class("mb-1 text-sm text-slate-600 dark:text-slate-300"),
            code(rel.to_owned()),
        )),
        pre((class("example-source text-sm"), code(text.to_owned()))),
    ))
}

/// What tutorial step `n` changed: its new files whole, its changed
/// files as a diff (added lines green, removed red), its moved and
/// removed files named.
fn step(n: u32, files: &'static [StepFile]) -> impl Node + use<> {
    let crate_dir = format!("site/tutorial/step{n}/");
    div((
        class("my-4 flex flex-col gap-4"),
        each(
            files.iter(),
            move |&StepFile {
                      path,
                      change: kind,
                      text,
                  }| {
                let what = match kind {
                    "new" => "new".to_owned(),
                    "changed" => "changed".to_owned(),
                    "moved" => format!("moved from {text}, unchanged"),
                    _ => "removed".to_owned(),
                };
                let body = matches!(kind, "new" | "changed").then(|| {
                pre((
                    class("example-source text-sm"),
                    code(each(text.lines(), move |line| {
                        let mark = if kind == "changed" {
                            line.chars().next()
                        } else {
                            None
                        };
                        span((
                            class("block"),
                            class_if(
                                mark == Some('+'),
                                "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100",
                            ),
                            class_if(
                                mark == Some('-'),
                                "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100",
                            ),
                            format!("{line}\n"),
                        ))
                    })),
                ))
            });
                figure((
                    figcaption((
                        class("mb-1 text-sm text-slate-600 dark:text-slate-300"),
                        code(format!("{crate_dir}{path}")),
                        format!(" ({what})"),
                    )),
                    body,
                ))
            },
        ),
    ))
}

/// The rendered page (from [`GuidePage::html`]), as a node.
pub fn body(page: &GuidePage, html: String) -> impl Node + use<> {
    article((class("prose"), aria("label", page.title), unsafe_raw(html)))
}

/// One search hit: the page and the line around the term.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The page.
    pub page: &'static GuidePage,
    /// The sentence the term is in.
    pub excerpt: String,
}

/// A page as search reads it: made once, on the first search.
struct Indexed {
    page: &'static GuidePage,
    /// The title, in lower case.
    title: String,
    /// The text without Markdown marks, in lower case.
    lower: String,
    /// Each line without Markdown marks, and the same in lower case.
    lines: Vec<(String, String)>,
}

static INDEX: std::sync::LazyLock<Vec<Indexed>> = std::sync::LazyLock::new(|| {
    PAGES
        .iter()
        .map(|page| {
            let text = page.plain();
            Indexed {
                page,
                title: page.title.to_lowercase(),
                lower: text.to_lowercase(),
                lines: text
                    .lines()
                    .map(|l| (l.trim().to_owned(), l.to_lowercase()))
                    .collect(),
            }
        })
        .collect()
});

/// The pages whose text holds every word of `query` (any case), with a
/// line that holds the first; pages whose title holds it first.
pub fn search(query: &str) -> Vec<Hit> {
    let words: Vec<String> = query
        .split_whitespace()
        .map(str::to_lowercase)
        .take(8)
        .collect();
    let Some(first) = words.first() else {
        return Vec::new();
    };
    let mut hits: Vec<(bool, Hit)> = INDEX
        .iter()
        .filter(|ix| words.iter().all(|w| ix.lower.contains(w.as_str())))
        .map(|ix| {
            let excerpt = ix
                .lines
                .iter()
                .find(|(_, lower)| lower.contains(first.as_str()))
                .map_or("", |(line, _)| line.as_str())
                .chars()
                .take(160)
                .collect();
            let in_title = ix.title.contains(first.as_str());
            (
                !in_title,
                Hit {
                    page: ix.page,
                    excerpt,
                },
            )
        })
        .collect();
    hits.sort_by_key(|(later, _)| *later);
    hits.into_iter().map(|(_, h)| h).collect()
}
