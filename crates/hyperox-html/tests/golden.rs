//! Golden tests: what each kind of part renders, byte for byte.

use hyperox_html::htmx::{self, HxResponse, OobSwap, Queue, ScrollTo, Swap, SwapStyle, Trigger};
use hyperox_html::js::{self, Target};
use hyperox_html::prelude::*;
use hyperox_html::{boxed, if_else_lazy};
use std::time::Duration;

fn check(rows: &[(&str, String, &str)]) {
    let failures: Vec<String> = rows
        .iter()
        .filter(|(_, got, want)| got != want)
        .map(|(name, got, want)| format!("{name}:\n  got:  {got}\n  want: {want}"))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn element_groups() {
    check(&[
        ("text element", div("hi").render(), "<div>hi</div>"),
        (
            "nested",
            ul((li("a"), li("b"))).render(),
            "<ul><li>a</li><li>b</li></ul>",
        ),
        ("void br", p(("a", br(()), "b")).render(), "<p>a<br>b</p>"),
        (
            "void with attrs",
            img((src("/a.png"), alt("A"))).render(),
            r#"<img src="/a.png" alt="A">"#,
        ),
        (
            "void ignores children",
            input((name("q"), "ignored")).render(),
            r#"<input name="q">"#,
        ),
        (
            "table",
            table(tr((th("h"), td(1)))).render(),
            "<table><tr><th>h</th><td>1</td></tr></table>",
        ),
        (
            "form controls",
            form((
                action("/s"),
                method("post"),
                select(option((value("1"), selected(true), "one"))),
                textarea("t"),
            ))
            .render(),
            r#"<form action="/s" method="post"><select><option value="1" selected>one</option></select><textarea>t</textarea></form>"#,
        ),
        (
            "headings",
            fragment((h1("1"), h2("2"), h6("6"))).render(),
            "<h1>1</h1><h2>2</h2><h6>6</h6>",
        ),
        (
            "custom element",
            tag("my-el", (id("x"), "c")).render(),
            r#"<my-el id="x">c</my-el>"#,
        ),
        (
            "custom tag name cleaned",
            tag("x\"><script>", ()).render(),
            "<xscript></xscript>",
        ),
        (
            "page has doctype",
            html(body("x")).render_page(),
            "<!DOCTYPE html><html><body>x</body></html>",
        ),
        ("partial has none", div("x").render(), "<div>x</div>"),
        (
            "meta name",
            meta(meta_name("description", "A & B")).render(),
            r#"<meta name="description" content="A &amp; B">"#,
        ),
        (
            "meta property",
            meta(meta_property("og:title", "T")).render(),
            r#"<meta property="og:title" content="T">"#,
        ),
        (
            "meta charset",
            meta(charset("utf-8")).render(),
            r#"<meta charset="utf-8">"#,
        ),
    ]);
}

#[test]
fn attributes_and_classes() {
    check(&[
        (
            "order as written",
            a((href("/x"), id("l"), rel("nofollow"), "x")).render(),
            r#"<a href="/x" id="l" rel="nofollow">x</a>"#,
        ),
        (
            "classes merge at first",
            div((id("a"), class("x"), title_("t"), class("y z"))).render(),
            r#"<div id="a" class="x y z" title="t"></div>"#,
        ),
        (
            "class_if",
            div((class("a"), class_if(true, "on"), class_if(false, "off"))).render(),
            r#"<div class="a on"></div>"#,
        ),
        (
            "only conditional class",
            div(class_if(true, "on")).render(),
            r#"<div class="on"></div>"#,
        ),
        (
            "no class at all",
            div(class_if(false, "off")).render(),
            "<div></div>",
        ),
        (
            "boolean on/off",
            input((disabled(true), checked(false), required(true))).render(),
            "<input disabled required>",
        ),
        (
            "attr_if",
            div((attr_if(true, "data-a", "1"), attr_if(false, "data-b", "2"))).render(),
            r#"<div data-a="1"></div>"#,
        ),
        (
            "data and aria",
            div((data_attr("id", 7), aria("label", "Close"))).render(),
            r#"<div data-id="7" aria-label="Close"></div>"#,
        ),
        (
            "numbers as values",
            td((colspan(2), width(1.5))).render(),
            r#"<td colspan="2" width="1.5"></td>"#,
        ),
        (
            "style attribute escaped, not mangled",
            div(style_("a:b;content:'x'")).render(),
            r#"<div style="a:b;content:&#39;x&#39;"></div>"#,
        ),
        (
            "attribute name cleaned",
            div(attr("on click\"=", "x")).render(),
            r#"<div onclick="x"></div>"#,
        ),
    ]);
}

#[test]
fn escaping() {
    check(&[
        (
            "text",
            p("<b>&\"'</b>").render(),
            "<p>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</p>",
        ),
        (
            "attribute",
            a(href("/?a=1&b=\"2\"")).render(),
            r#"<a href="/?a=1&amp;b=&quot;2&quot;"></a>"#,
        ),
        (
            "raw is raw",
            div(unsafe_raw("<b>ok</b>")).render(),
            "<div><b>ok</b></div>",
        ),
        (
            "textf",
            p(textf!("{} < {}", 1, 2)).render(),
            "<p>1 &lt; 2</p>",
        ),
        ("display", p(display(3.5)).render(), "<p>3.5</p>"),
        (
            "script is raw text",
            script("if (a < b && c) {}").render(),
            "<script>if (a < b && c) {}</script>",
        ),
        (
            "script cannot be closed",
            script("x = '</script><b>'").render(),
            "<script>x = '<\\/script><b>'</script>",
        ),
        (
            "style is raw text",
            style("a > b { content: \"&\" }").render(),
            "<style>a > b { content: \"&\" }</style>",
        ),
        ("unicode", p("é 🦀").render(), "<p>é 🦀</p>"),
    ]);
}

#[test]
fn conditionals_and_iteration() {
    let items = ["a", "b", "c"];
    check(&[
        ("if true", div(if_(true, "x")).render(), "<div>x</div>"),
        ("if false", div(if_(false, "x")).render(), "<div></div>"),
        (
            "if_else",
            div(if_else(false, "y", span("n"))).render(),
            "<div><span>n</span></div>",
        ),
        (
            "if_lazy",
            div(if_lazy(true, || b("lazy"))).render(),
            "<div><b>lazy</b></div>",
        ),
        (
            "if_else_lazy",
            div(if_else_lazy(false, || "y", || "n")).render(),
            "<div>n</div>",
        ),
        (
            "each",
            ul(each(items.iter(), |s| li(*s))).render(),
            "<ul><li>a</li><li>b</li><li>c</li></ul>",
        ),
        ("each range", p(each(1..=3, |i| i)).render(), "<p>123</p>"),
        (
            "each of classes",
            div(each(["x", "y"], class)).render(),
            r#"<div class="x y"></div>"#,
        ),
        (
            "vec",
            ol(vec![li(1), li(2)]).render(),
            "<ol><li>1</li><li>2</li></ol>",
        ),
        (
            "boxed mix",
            div(vec![boxed(b("b")), boxed("t"), boxed(7)]).render(),
            "<div><b>b</b>t7</div>",
        ),
        (
            "empty each",
            ul(each(Vec::<u8>::new(), li)).render(),
            "<ul></ul>",
        ),
    ]);
}

/// Elements nested around `leaf` (one per `s`), each without attributes,
/// so that their start tags make a lead longer than what is joined at
/// compile time.
macro_rules! nested {
    ($leaf:expr $(,)?) => { $leaf };
    ($leaf:expr, s $($rest:tt)*) => { blockquote(nested!($leaf, $($rest)*)) };
}

#[test]
fn markup_joined_where_nodes_meet() {
    let rows = [[1, 2], [3, 4]];
    let names = ["ada", "<b>"];
    let deep = nested!(
        "x", s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s
    );
    let deep_want = format!(
        "{}x{}",
        "<blockquote>".repeat(30),
        "</blockquote>".repeat(30)
    );
    check(&[
        (
            "loop in loop",
            table(each(rows.iter(), |r| tr(each(r.iter(), |c| td(*c))))).render(),
            "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>",
        ),
        (
            "one item",
            ul(each([7], li)).render(),
            "<ul><li>7</li></ul>",
        ),
        (
            "empty loop between elements",
            div((b(1), each(Vec::<u8>::new(), i), b(2))).render(),
            "<div><b>1</b><b>2</b></div>",
        ),
        (
            "items with attributes",
            ul(each(names.iter().enumerate(), |(n, s)| {
                li((class_if(n == 0, "first"), *s))
            }))
            .render(),
            r#"<ul><li class="first">ada</li><li>&lt;b&gt;</li></ul>"#,
        ),
        (
            "void items",
            p(each(0..3, |_| br(()))).render(),
            "<p><br><br><br></p>",
        ),
        (
            "void items with attributes",
            div(each(names, |n| input(value(n)))).render(),
            r#"<div><input value="ada"><input value="&lt;b&gt;"></div>"#,
        ),
        (
            "raw text items",
            div(each(["a</b", "c"], script)).render(),
            r#"<div><script>a<\/b</script><script>c</script></div>"#,
        ),
        (
            "text then elements then text",
            p(("a", b("b"), i(("c", 1)), "d", br(()), 2)).render(),
            "<p>a<b>b</b><i>c1</i>d<br>2</p>",
        ),
        (
            "options between elements",
            div((b(1), None::<Element<tags::I, u8>>, Some(i(2)), b(3))).render(),
            "<div><b>1</b><i>2</i><b>3</b></div>",
        ),
        (
            "slice and vec of elements",
            div((
                &[li(1), li(2)][..],
                vec![li(3)],
                Vec::<Element<tags::Li, u8>>::new(),
            ))
            .render(),
            "<div><li>1</li><li>2</li><li>3</li></div>",
        ),
        (
            "references and boxes",
            div((&b(1), Box::new(b(2)), &&i(3))).render(),
            "<div><b>1</b><b>2</b><i>3</i></div>",
        ),
        ("lead longer than joined", deep.render(), deep_want.as_str()),
        (
            "attributes before, between and after children",
            div((class("a"), b(1), id("x"), i(2), class("c"))).render(),
            r#"<div class="a c" id="x"><b>1</b><i>2</i></div>"#,
        ),
        (
            "attributes only",
            div((class("a"), (id("b"), ()), class_if(false, "c"))).render(),
            r#"<div class="a" id="b"></div>"#,
        ),
        (
            "optional attributes around children in a loop",
            ul(each(0..3, |n| {
                li((class_if(n == 1, "on"), b(n), attr_if(n == 2, "title", "t")))
            }))
            .render(),
            r#"<ul><li><b>0</b></li><li class="on"><b>1</b></li><li title="t"><b>2</b></li></ul>"#,
        ),
        (
            "nested tuples of attributes and children",
            p(((class("a"), "t"), (id("b"),), (b(1), (i(2), ())))).render(),
            r#"<p class="a" id="b">t<b>1</b><i>2</i></p>"#,
        ),
        (
            "void element with attributes between elements",
            p((b(1), input((name("q"), class("w"))), b(2))).render(),
            r#"<p><b>1</b><input name="q" class="w"><b>2</b></p>"#,
        ),
        (
            "long leads in a loop",
            div(each(0..2, |_| {
                nested!(
                    "y", s s s s s s s s s s s s s s s s s s s s s s s s s s s s s s
                )
            }))
            .render(),
            &format!(
                "<div>{0}y{1}{0}y{1}</div>",
                "<blockquote>".repeat(30),
                "</blockquote>".repeat(30)
            ),
        ),
    ]);
}

#[test]
fn htmx_attributes() {
    check(&[
        (
            "verbs",
            fragment((
                button(htmx::get("/a")),
                button(htmx::post("/b")),
                button(htmx::put("/c")),
                button(htmx::patch("/d")),
                button(htmx::delete("/e")),
            ))
            .render(),
            r#"<button hx-get="/a"></button><button hx-post="/b"></button><button hx-put="/c"></button><button hx-patch="/d"></button><button hx-delete="/e"></button>"#,
        ),
        (
            "inherited",
            div((htmx::target("#out").inherited(), htmx::confirm("Sure?"))).render(),
            r##"<div hx-target:inherited="#out" hx-confirm="Sure?"></div>"##,
        ),
        (
            "misc",
            div((
                htmx::include("#f"),
                htmx::indicator("#spin"),
                htmx::push_url("true"),
                htmx::select("#main"),
                htmx::boost(true),
                htmx::ext("sse"),
                htmx::sync("closest form:abort"),
            ))
            .render(),
            r##"<div hx-include="#f" hx-indicator="#spin" hx-push-url="true" hx-select="#main" hx-boost="true" hx-ext="sse" hx-sync="closest form:abort"></div>"##,
        ),
        (
            "vals json escaped",
            div(htmx::vals(&serde_json::json!({"q": "a\"b"}))).render(),
            r#"<div hx-vals="{&quot;q&quot;:&quot;a\&quot;b&quot;}"></div>"#,
        ),
        (
            "status",
            form(htmx::status("422", "swap:innerHTML target:#errors")).render(),
            r##"<form hx-status:422="swap:innerHTML target:#errors"></form>"##,
        ),
    ]);
}

#[test]
fn swap_syntax() {
    check(&[
        ("plain", Swap::inner_html().to_string(), "innerHTML"),
        (
            "all modifiers",
            Swap::outer_html()
                .swap_delay(Duration::from_millis(200))
                .settle(Duration::from_secs(1))
                .scroll(ScrollTo::Top)
                .show(ScrollTo::BottomOf("#log".into()))
                .focus_scroll(false)
                .transition()
                .to_string(),
            "outerHTML swap:200ms settle:1s scroll:top show:#log:bottom focus-scroll:false transition:true",
        ),
        (
            "styles",
            [
                Swap::text_content(),
                Swap::before_begin(),
                Swap::after_begin(),
                Swap::before_end(),
                Swap::after_end(),
                Swap::delete(),
                Swap::none(),
                Swap::style(SwapStyle::InnerMorph),
            ]
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
            "textContent beforebegin afterbegin beforeend afterend delete none innerMorph",
        ),
        (
            "attribute",
            div(htmx::swap(Swap::before_end().scroll(ScrollTo::Bottom))).render(),
            r#"<div hx-swap="beforeend scroll:bottom"></div>"#,
        ),
    ]);
}

#[test]
fn trigger_syntax() {
    check(&[
        ("event", Trigger::on("click").to_string(), "click"),
        (
            "online keeps its name",
            Trigger::on("online").to_string(),
            "online",
        ),
        (
            "filter and modifiers",
            Trigger::on("keyup")
                .filter("key=='Enter'")
                .once()
                .changed()
                .delay(Duration::from_millis(300))
                .throttle(Duration::from_secs(2))
                .listen_on("body")
                .target("#x")
                .consume()
                .queue(Queue::First)
                .to_string(),
            "keyup[key=='Enter'] once changed delay:300ms throttle:2s from:body target:#x consume queue:first",
        ),
        (
            "every 1s, not every:1s",
            Trigger::every(Duration::from_secs(1)).to_string(),
            "every 1s",
        ),
        (
            "every with filter",
            Trigger::every_if(Duration::from_millis(500), "visible").to_string(),
            "every 500ms [visible]",
        ),
        (
            "load revealed intersect",
            Trigger::load()
                .or(Trigger::revealed())
                .or(Trigger::intersect().root("#r").threshold(0.5))
                .to_string(),
            "load, revealed, intersect root:#r threshold:0.5",
        ),
        (
            "attribute escaped",
            div(htmx::trigger(Trigger::on("click").filter("a&&b"))).render(),
            r#"<div hx-trigger="click[a&amp;&amp;b]"></div>"#,
        ),
    ]);
}

#[test]
fn out_of_band() {
    let count = |n: u32| span((id("count"), n));
    check(&[
        (
            "same id",
            count(3).with(htmx::swap_oob(OobSwap::same_id())).render(),
            r#"<span id="count" hx-swap-oob="true">3</span>"#,
        ),
        (
            "style",
            count(3)
                .with(htmx::swap_oob(OobSwap::style(SwapStyle::OuterHtml)))
                .render(),
            r#"<span id="count" hx-swap-oob="outerHTML">3</span>"#,
        ),
        (
            "style and selector keeps the style",
            div("x")
                .with(htmx::swap_oob(OobSwap::style_at(
                    SwapStyle::AfterBegin,
                    "#list",
                )))
                .render(),
            r##"<div hx-swap-oob="afterbegin:#list">x</div>"##,
        ),
        (
            "many",
            fragment((
                li("main"),
                htmx::oob_all(vec![span((id("a"), 1)), span((id("b"), 2))]),
            ))
            .render(),
            r#"<li>main</li><span id="a" hx-swap-oob="true">1</span><span id="b" hx-swap-oob="true">2</span>"#,
        ),
        (
            "hx-partial",
            htmx::partial("#n", Swap::inner_html(), "5").render(),
            r##"<hx-partial hx-target="#n" hx-swap="innerHTML">5</hx-partial>"##,
        ),
    ]);
}

#[test]
fn js_commands() {
    let r = |attr: hyperox_html::Attr<js::Js>| button(attr).render();
    check(&[
        (
            "set text",
            r(on_click(js::set_text("hi"))),
            r#"<button hx-on:click="this.innerText = &quot;hi&quot;"></button>"#,
        ),
        (
            "inner html",
            r(on_click(js::set_inner_html("<b>"))),
            r#"<button hx-on:click="this.innerHTML = &quot;\u003cb\u003e&quot;"></button>"#,
        ),
        (
            "outer html",
            r(on_click(js::set_outer_html("x"))),
            r#"<button hx-on:click="this.outerHTML = &quot;x&quot;"></button>"#,
        ),
        (
            "classes on parent",
            r(on_click(js::add_class("a").on(Target::Parent))),
            r#"<button hx-on:click="for (const el of [this.parentElement]) { if (el) el.classList.add(&quot;a&quot;); }"></button>"#,
        ),
        (
            "remove class on children",
            r(on_click(js::remove_class("a").on(Target::Children))),
            r#"<button hx-on:click="for (const el of Array.from(this.children)) { if (el) el.classList.remove(&quot;a&quot;); }"></button>"#,
        ),
        (
            "toggle class on siblings",
            r(on_click(js::toggle_class("a").on(Target::Siblings))),
            r#"<button hx-on:click="for (const el of Array.from(this.parentElement ? this.parentElement.children : []).filter(e =&gt; e !== this)) { if (el) el.classList.toggle(&quot;a&quot;); }"></button>"#,
        ),
        (
            "selector",
            r(on_click(js::remove().on(Target::Selector(".x".into())))),
            r#"<button hx-on:click="for (const el of document.querySelectorAll(&quot;.x&quot;)) { if (el) el.remove(); }"></button>"#,
        ),
        (
            "attributes",
            r(on_click(
                js::set_attribute("aria-busy", "true")
                    .then(js::remove_attribute("title"))
                    .then(js::toggle_attribute("open")),
            )),
            r#"<button hx-on:click="this.setAttribute(&quot;aria-busy&quot;, &quot;true&quot;); this.removeAttribute(&quot;title&quot;); this.toggleAttribute(&quot;open&quot;)"></button>"#,
        ),
        (
            "toggle text",
            r(on_click(js::toggle_text("Show", "Hide"))),
            r#"<button hx-on:click="this.innerText = this.innerText === &quot;Show&quot; ? &quot;Hide&quot; : &quot;Show&quot;"></button>"#,
        ),
        (
            "increment",
            r(on_click(js::increment(2))),
            r#"<button hx-on:click="this.innerText = String((parseFloat(this.innerText) || 0) + (2))"></button>"#,
        ),
        (
            "set value",
            r(on_change(js::set_value(""))),
            r#"<button hx-on:change="this.value = &quot;&quot;"></button>"#,
        ),
        (
            "prevent alert log",
            r(on_click(
                js::prevent_default()
                    .then(js::alert("a"))
                    .then(js::console_log("b")),
            )),
            r#"<button hx-on:click="event.preventDefault(); alert(&quot;a&quot;); console.log(&quot;b&quot;)"></button>"#,
        ),
        (
            "interval",
            r(on_click(js::run_on_interval(
                Duration::from_secs(1),
                js::increment(1),
            ))),
            r#"<button hx-on:click="setInterval(() =&gt; { this.innerText = String((parseFloat(this.innerText) || 0) + (1)) }, 1000)"></button>"#,
        ),
        (
            "timeout",
            r(on_click(js::run_after_timeout(
                Duration::from_millis(50),
                js::remove(),
            ))),
            r#"<button hx-on:click="setTimeout(() =&gt; { this.remove() }, 50)"></button>"#,
        ),
        (
            "inject",
            r(on_click(js::inject_script("/a.js"))),
            r#"<button hx-on:click="(() =&gt; { const s = document.createElement(&quot;script&quot;); s.src = &quot;/a.js&quot;; document.head.appendChild(s); })()"></button>"#,
        ),
        (
            "htmx event",
            r(js::on_htmx("after:swap", js::console_log("swapped"))),
            r#"<button hx-on::after:swap="console.log(&quot;swapped&quot;)"></button>"#,
        ),
        (
            "dom event keeps on-prefix names",
            r(js::on_event("online", js::alert("x"))),
            r#"<button hx-on:online="alert(&quot;x&quot;)"></button>"#,
        ),
        (
            "submit on enter",
            r(on_keydown(js::submit_on_enter()))
                .contains("requestSubmit()")
                .to_string(),
            "true",
        ),
    ]);
}

#[test]
fn response_headers() {
    let mut h = http::HeaderMap::new();
    HxResponse::new()
        .trigger("a")
        .trigger("b")
        .redirect("/login")
        .push_url("/x")
        .replace_url("/y")
        .refresh()
        .retarget("#t")
        .reselect("#s")
        .location(htmx::HxLocation {
            path: "/p".into(),
            target: Some("#main".into()),
            ..Default::default()
        })
        .apply(&mut h);
    check(&[
        (
            "trigger list",
            h["hx-trigger"].to_str().unwrap().to_owned(),
            "a, b",
        ),
        (
            "redirect",
            h["hx-redirect"].to_str().unwrap().to_owned(),
            "/login",
        ),
        (
            "push url is push, not replace",
            h["hx-push-url"].to_str().unwrap().to_owned(),
            "/x",
        ),
        (
            "replace url",
            h["hx-replace-url"].to_str().unwrap().to_owned(),
            "/y",
        ),
        (
            "refresh",
            h["hx-refresh"].to_str().unwrap().to_owned(),
            "true",
        ),
        (
            "retarget",
            h["hx-retarget"].to_str().unwrap().to_owned(),
            "#t",
        ),
        (
            "reselect",
            h["hx-reselect"].to_str().unwrap().to_owned(),
            "#s",
        ),
        (
            "location json",
            h["hx-location"].to_str().unwrap().to_owned(),
            r##"{"path":"/p","target":"#main"}"##,
        ),
    ]);
    let mut h = http::HeaderMap::new();
    HxResponse::new()
        .location(htmx::HxLocation::new("/plain"))
        .redirect("/a\nb")
        .apply(&mut h);
    assert_eq!(h["hx-location"], "/plain");
    assert_eq!(h["hx-redirect"], "/a%0Ab");
}

#[test]
fn lazy_nodes_are_built_once_per_render() {
    use std::cell::Cell;
    let calls = Cell::new(0);
    let items = [1, 2, 3];
    let list = ul((
        id("todo-list"),
        class("list"),
        each(items.iter(), |n| {
            calls.set(calls.get() + 1);
            li(textf!("{n}"))
        }),
    ));
    assert_eq!(
        list.render(),
        r#"<ul id="todo-list" class="list"><li>1</li><li>2</li><li>3</li></ul>"#
    );
    assert_eq!(calls.get(), 3, "one call per item beside an attribute");

    calls.set(0);
    let node = div((
        id("x"),
        if_lazy(true, || {
            calls.set(calls.get() + 1);
            p("yes")
        }),
        if_else_lazy(
            false,
            || {
                calls.set(calls.get() + 10);
                p("a")
            },
            || {
                calls.set(calls.get() + 1);
                p("b")
            },
        ),
    ));
    assert_eq!(node.render(), r#"<div id="x"><p>yes</p><p>b</p></div>"#);
    assert_eq!(calls.get(), 2);

    // Attributes made in a loop still land on the element.
    let tags = ["a", "b"];
    let node = div((id("t"), each(tags.iter(), |t| data_attr(t, "1")), "x"));
    assert_eq!(
        node.render(),
        r#"<div id="t" data-a="1" data-b="1">x</div>"#
    );
}
