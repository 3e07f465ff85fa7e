//! Rendered pages parsed by a real HTML5 parser (html5ever) give back the
//! tree that was built, and no argument breaks out of its place.

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, parse_document};
use hyperox_html::htmx::{self, Swap, Trigger};
use hyperox_html::js;
use hyperox_html::prelude::*;
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use proptest::prelude::*;

fn parse(html: &str) -> RcDom {
    parse_document(RcDom::default(), ParseOpts::default())
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .expect("parse")
}

/// A compact outline of the tree: `tag[attr=value,...](children)`, text
/// as `"…"`.
fn outline(node: &Handle, out: &mut String) {
    match &node.data {
        NodeData::Document => {
            for c in node.children.borrow().iter() {
                outline(c, out);
            }
        }
        NodeData::Doctype { name, .. } => out.push_str(&format!("<!{name}>")),
        NodeData::Text { contents } => {
            out.push_str(&format!("{:?}", contents.borrow().to_string()))
        }
        NodeData::Element {
            name,
            attrs,
            template_contents,
            ..
        } => {
            out.push_str(&name.local);
            let attrs = attrs.borrow();
            if !attrs.is_empty() {
                let list: Vec<String> = attrs
                    .iter()
                    .map(|a| format!("{}={}", a.name.local, a.value))
                    .collect();
                out.push_str(&format!("[{}]", list.join(",")));
            }
            out.push('(');
            for c in node.children.borrow().iter() {
                outline(c, out);
            }
            if let Some(t) = template_contents.borrow().as_ref() {
                outline(t, out);
            }
            out.push(')');
        }
        _ => {}
    }
}

fn outline_of(html: &str) -> String {
    let dom = parse(html);
    let mut out = String::new();
    outline(&dom.document, &mut out);
    out
}

#[test]
fn a_page_parses_back_to_the_tree_built() {
    let page = html((
        lang("en"),
        head((
            meta(charset("utf-8")),
            title("A & B"),
            style("p > b { color: red }"),
        )),
        body((
            class("p-4"),
            h1(("Todos ", span((class("count"), 2)))),
            form((
                htmx::post("/todos"),
                htmx::target("#list").inherited(),
                htmx::swap(Swap::before_end()),
                input((
                    type_("text"),
                    name("title"),
                    required(true),
                    placeholder("What <next>?"),
                )),
                button((type_("submit"), "Add")),
            )),
            ul((
                id("list"),
                each(["x < y", "\"quoted\""].iter(), |t| {
                    li((class("item"), class_if(t.starts_with('"'), "q"), *t))
                }),
            )),
            div((
                htmx::get("/poll"),
                htmx::trigger(Trigger::load()),
                br(()),
                "after",
            )),
            script("if (1 < 2) { console.log('</p>') }"),
        )),
    ));
    let got = outline_of(&page.render_page());
    let want = concat!(
        "<!html>",
        "html[lang=en](",
        "head(meta[charset=utf-8]()title(\"A & B\")style(\"p > b { color: red }\"))",
        "body[class=p-4](",
        "h1(\"Todos \"span[class=count](\"2\"))",
        "form[hx-post=/todos,hx-target:inherited=#list,hx-swap=beforeend](",
        "input[type=text,name=title,required=,placeholder=What <next>?]()",
        "button[type=submit](\"Add\"))",
        "ul[id=list](li[class=item](\"x < y\")li[class=item q](\"\\\"quoted\\\"\"))",
        "div[hx-get=/poll,hx-trigger=load](br()\"after\")",
        "script(\"if (1 < 2) { console.log('<\\\\/p>') }\")",
        "))"
    );
    assert_eq!(got, want);
}

/// The script of the first `onclick`/`hx-on` attribute of the first
/// button, as the browser decodes it.
fn handler_of(html: &str) -> String {
    fn find(node: &Handle) -> Option<String> {
        if let NodeData::Element { attrs, .. } = &node.data
            && let Some(a) = attrs
                .borrow()
                .iter()
                .find(|a| a.name.local.starts_with("on") || a.name.local.starts_with("hx-on"))
        {
            return Some(a.value.to_string());
        }
        node.children.borrow().iter().find_map(find)
    }
    find(&parse(html).document).expect("a handler attribute")
}

/// The script with every string literal replaced by `S`: what is left is
/// code; user text may only live inside literals.
fn skeleton(script: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut literals = Vec::new();
    let mut chars = script.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            code.push(c);
            continue;
        }
        let mut lit = String::from('"');
        while let Some(d) = chars.next() {
            lit.push(d);
            if d == '\\' {
                lit.push(chars.next().expect("escape is complete"));
            } else if d == '"' {
                break;
            }
        }
        code.push('S');
        literals.push(lit);
    }
    (code, literals)
}

/// The names of all elements and all attributes, in document order.
fn names_in(html: &str) -> (Vec<String>, Vec<String>) {
    fn walk(node: &Handle, elements: &mut Vec<String>, attributes: &mut Vec<String>) {
        if let NodeData::Element { name, attrs, .. } = &node.data {
            elements.push(name.local.to_string());
            attributes.extend(attrs.borrow().iter().map(|a| a.name.local.to_string()));
        }
        for c in node.children.borrow().iter() {
            walk(c, elements, attributes);
        }
    }
    let (mut elements, mut attributes) = (Vec::new(), Vec::new());
    walk(&parse(html).document, &mut elements, &mut attributes);
    (elements, attributes)
}

type Maker = fn(&str) -> js::Js;

const COMMANDS: &[(&str, Maker)] = &[
    ("set_text", |s| js::set_text(s).into()),
    ("set_inner_html", |s| js::set_inner_html(s).into()),
    ("set_outer_html", |s| js::set_outer_html(s).into()),
    ("add_class", |s| js::add_class(s).into()),
    ("remove_class", |s| js::remove_class(s).into()),
    ("toggle_class", |s| {
        js::toggle_class(s).on(js::Target::Parent)
    }),
    ("set_attribute", |s| {
        js::set_attribute(s, s).on(js::Target::Children)
    }),
    ("remove_attribute", |s| {
        js::remove_attribute(s).on(js::Target::Siblings)
    }),
    ("toggle_attribute", |s| js::toggle_attribute(s).into()),
    ("toggle_text", |s| js::toggle_text(s, s).into()),
    ("set_value", |s| js::set_value(s).into()),
    ("selector", |s| {
        js::remove().on(js::Target::Selector(s.to_owned()))
    }),
    ("alert", js::alert),
    ("console_log", js::console_log),
    ("inject_script", js::inject_script),
    ("interval", |s| {
        js::run_on_interval(std::time::Duration::from_secs(1), js::set_text(s))
    }),
    ("timeout", |s| {
        js::run_after_timeout(std::time::Duration::from_secs(1), js::alert(s))
    }),
];

const NASTY: &[&str] = &[
    "\"); alert(1); (\"",
    "'); alert(1); ('",
    "</script><script>alert(1)</script>",
    "\\\"); alert(1); //",
    "\\",
    "line\u{2028}break\u{2029}para",
    "emoji 🦀 and é",
    "\" onmouseover=\"alert(1)",
    "&quot;); alert(1); (&quot;",
    "`${alert(1)}`",
    "\n\r\t\0",
];

#[test]
fn no_argument_breaks_out_of_a_js_command() {
    for (name, make) in COMMANDS {
        let (clean, _) = skeleton(&handler_of(&button(on_click(make("x"))).render_page()));
        for nasty in NASTY {
            let page = div((
                button(on_click(make(nasty))),
                button(js::on_htmx("after:swap", make(nasty))),
            ))
            .render_page();
            let (code, literals) = skeleton(&handler_of(&page));
            assert_eq!(
                code, clean,
                "{name} with {nasty:?}: the code around the literals changed"
            );
            for lit in &literals {
                if lit == "\"x\"" {
                    continue;
                }
                let value: String = serde_json::from_str(lit)
                    .unwrap_or_else(|e| panic!("{name}: {lit} is not a JSON string: {e}"));
                assert!(
                    NASTY.contains(&value.as_str()) || value.contains("script"),
                    "{name}: {value:?}"
                );
            }
            // Nothing the argument holds became an element or an attribute.
            let (elements, attributes) = names_in(&page);
            assert_eq!(
                elements,
                ["html", "head", "body", "div", "button", "button"],
                "{name} with {nasty:?}"
            );
            assert_eq!(
                attributes,
                ["hx-on:click", "hx-on::after:swap"],
                "{name} with {nasty:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever text and attribute values hold, the parser finds exactly
    /// the elements and attributes that were built, with the same values.
    #[test]
    fn text_and_attribute_values_never_escape(t in "\\PC{0,40}", v in "\\PC{0,40}") {
        let page = div((id("root"), attr("data-v", v.clone()), span(t.clone()), p(attr("title", v.clone()))));
        let html = page.render();
        // No unescaped special character outside what we wrote.
        let mut stripped = html.clone();
        for literal in ["<div id=\"root\" data-v=\"", "\"><span>", "</span><p title=\"", "\"></p></div>"] {
            stripped = stripped.replacen(literal, "", 1);
        }
        prop_assert!(!stripped.contains(['<', '"', '>']), "{}", html);
        prop_assert!(!stripped.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace("&quot;", "").replace("&#39;", "").contains('&'), "{}", html);
        let (elements, attributes) = names_in(&html);
        prop_assert_eq!(elements, ["html", "head", "body", "div", "span", "p"]);
        prop_assert_eq!(attributes, ["id", "data-v", "title"]);
    }
}
