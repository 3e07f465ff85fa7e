fn main() {
    let _ = hyperox_html::html!(div((class("a"), , "x")));
    let _ = hyperox_html::html!(p("one") p("two"));
}
