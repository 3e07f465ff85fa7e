//! `html!` renders exactly what the builder renders: every element, every
//! typed attribute, escaping, raw text, class merging, and static parts
//! mixed with dynamic ones. Each case compares the macro with the plain
//! builder.

mod cases {
    use hyperox_html::prelude::*;

    macro_rules! same {
        ($($e:tt)+) => {
            assert_eq!(
                hyperox_html::html!($($e)+).render(),
                ($($e)+).render(),
                "{}",
                stringify!($($e)+)
            );
        };
    }

    // `every_element`, `every_typed_attribute` and `every_boolean_attribute`,
    // generated from the element table.
    hyperox_macros::__parity_tests!();

    #[test]
    fn literals_escapes_and_attribute_forms() {
        same!(p("tab\there \u{e9} \x41 \\ \" \' \
                 continued"));
        same!(p(r#"raw "quoted" <b>"#));
        same!(p((1_000u32, " ", 7, " ", 0)));
        same!(div((
            bool_attr("hidden", true),
            bool_attr("open", false),
            "x"
        )));
        same!(div((
            data_attr("user-id", "7"),
            aria("label", "Close <x>"),
            attr("bad name!", "v")
        )));
        same!(div((class(""), class("a"), id("i"), class("b"))));
        same!(div((text("a<b"), unsafe_raw("<i>raw</i>"))));
        same!(script("if (a < b) { x = '</script>'; }"));
        same!(style(("a > b { color: red }", "</style>")));
        same!(script((attr("type", "module"), "import x from '/x.js';")));
        same!(html((head(title("T")), body(()))));
        same!(div(()));
        same!(br(()));
        same!(input((
            attr("type", "text"),
            "children of void elements are dropped"
        )));
    }

    #[test]
    fn dynamic_parts_stay_dynamic() {
        let name = "<ada>";
        let n = 3;
        let items = ["x", "y&z"];
        same!(div((
            class("card"),
            h1("Hi"),
            p(name),
            span("static"),
            em("tail")
        )));
        same!(div((
            id(format!("todo-{n}")),
            class("a"),
            p("one"),
            p("two"),
            class(name)
        )));
        same!(ul((
            li("first"),
            each(items, |i| li((class("item"), i))),
            li("last")
        )));
        same!(ul(each(items.iter().enumerate(), |(k, i)| li((
            class_if(k == 0, "first"),
            b(*i),
            ": ",
            k
        )))));
        same!(ul(each(items, move |i| li((
            "static ",
            em("part"),
            " then ",
            i
        )))));
        same!(ul(each(items, |i| { li(i) })));
        same!(div((if_(n > 2, p("big")), p(("n = ", n)), "end")));
        same!(section((
            class("s"),
            (p("a"), p("b")),
            (p("c"), name),
            div((class("x"), (span("y"), (span("z"),)))),
        )));
        same!(div((
            p("1"),
            p("2"),
            p("3"),
            p("4"),
            p("5"),
            p("6"),
            p("7"),
            p("8"),
            p("9"),
            p("10"),
            p("11"),
            p("12"),
            p("13"),
            p("14"),
            p("15"),
            name,
        )));
        same!(script((attr("src", name), "let a = '</b>';")));
        // Variables that turn out to be attributes: the element falls back
        // to the builder's way of writing its start tag.
        let an_id = id("v");
        let a_class = class("from-var");
        let both = (attr("data-k", "1"), "child");
        same!(div((class("c"), &an_id, "t", p("x"))));
        same!(div((class("c"), &a_class, p("x"), class("d"))));
        same!(section((p("x"), &both, attr("title", "t"))));
        same!(input((attr("type", "text"), bool_attr("required", n > 1))));
        same!(script((name, "let a = 1 </ 2;")));
        let dynamic_class = if n > 1 { "on" } else { "off" };
        same!(button((
            class("btn"),
            class(dynamic_class),
            attr("hx-post", "/x"),
            "Go"
        )));
    }

    #[test]
    fn fully_static_expressions_render_once() {
        let page = hyperox_html::html!(div((class("a"), p("b"))));
        // A fully literal expression is one pre-rendered constant: the
        // value holds nothing.
        assert_eq!(std::mem::size_of_val(&page), 0);
        assert_eq!(page.render(), r#"<div class="a"><p>b</p></div>"#);
    }
}
