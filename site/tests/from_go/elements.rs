//! htmgo's elements and text, in hyperox.

use hyperox::html::prelude::*;

/// `h.A` … `h.Video`, `h.Input`, `h.Meta`, `h.Link`, `h.Script`,
/// `h.Style`: every element has its function.
#[test]
fn elements() {
    let page = div((
        h1("Title"),
        textarea("notes"),
        iframe(src("/x")),
        table(tbody(tr(td(1)))),
    ));
    assert_eq!(
        page.render(),
        r#"<div><h1>Title</h1><textarea>notes</textarea><iframe src="/x"></iframe><table><tbody><tr><td>1</td></tr></tbody></table></div>"#
    );
    for name in ["div", "h1", "textarea", "iframe", "tbody", "video", "input"] {
        assert!(hyperox::html::element::NAMES.contains(&name), "{name}");
    }
    // Where a local name hides an element's function.
    let meta = "description";
    assert_eq!(
        element::meta((name(meta), content("x"))).render(),
        r#"<meta name="description" content="x">"#
    );
}

/// `h.H1F` … `h.ClassF`: formatted text and classes.
#[test]
fn formatted() {
    let name = "<Ada>";
    assert_eq!(h1(textf!("Hi {name}")).render(), "<h1>Hi &lt;Ada&gt;</h1>");
    let n = 3;
    assert_eq!(
        p(class(format!("col-{n}"))).render(),
        r#"<p class="col-3"></p>"#
    );
}

/// `h.Text`: text is escaped as written.
#[test]
fn text() {
    assert_eq!(p("hi").render(), "<p>hi</p>");
    assert_eq!(p(String::from("a < b")).render(), "<p>a &lt; b</p>");
}

/// `h.UnsafeRaw`: raw HTML says what it is; a script cannot close its
/// element.
#[test]
fn raw() {
    let html = "<b>bold</b>";
    assert_eq!(div(unsafe_raw(html)).render(), "<div><b>bold</b></div>");
    assert_eq!(
        script("let s = '</script>';").render(),
        r"<script>let s = '<\/script>';</script>"
    );
}

/// `h.Tag`: a custom element.
#[test]
fn custom_element() {
    assert_eq!(tag("my-widget", "x").render(), "<my-widget>x</my-widget>");
}

/// `h.Fragment`: a tuple of nodes, or `fragment`; `()` is nothing.
#[test]
fn fragments() {
    assert_eq!((p("a"), p("b")).render(), "<p>a</p><p>b</p>");
    assert_eq!(fragment((p("a"), p("b"))).render(), "<p>a</p><p>b</p>");
    assert_eq!(div(()).render(), "<div></div>");
}

/// `h.Element`: the `Node` trait; a page writes the doctype.
#[test]
fn rendering() {
    let node = p("x");
    assert_eq!(node.render(), "<p>x</p>");
    let page = hyperox::Page::new(html(body("x")));
    assert!(
        page.html().starts_with("<!DOCTYPE html>"),
        "{}",
        page.html()
    );
    assert!(!hyperox::Partial::new(p("x")).html().contains("DOCTYPE"));
}

/// `h.Checkbox`: the input's type is an attribute.
#[test]
fn inputs() {
    assert_eq!(
        input((type_("checkbox"), name("done"))).render(),
        r#"<input type="checkbox" name="done">"#
    );
}

/// `h.LinkWithVersion`: files of `public/` under content-hash URLs
/// (this site's `public/guide.css`).
#[test]
fn versioned_assets() {
    use site::assets;
    let url = assets::GUIDE_CSS.url;
    assert!(url.starts_with("/assets/guide."), "{url}");
    assert_eq!(
        link((rel("stylesheet"), href(url))).render(),
        format!(r#"<link rel="stylesheet" href="{url}">"#)
    );
}

/// `h.LabelFor`.
#[test]
fn label_for() {
    assert_eq!(
        label((attr("for", "email"), "Email")).render(),
        r#"<label for="email">Email</label>"#
    );
}
