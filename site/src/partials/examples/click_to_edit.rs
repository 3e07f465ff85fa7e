//! Click to edit: a record shown as text; Edit swaps in a form, Save
//! stores it and swaps the text back. Without JavaScript the form is a
//! plain post and the page it came from comes back.

use crate::examples::Contact;
use crate::prelude::*;

/// The form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct ContactForm {
    first: String,
    last: String,
    email: String,
}

/// The contact, as text, with an Edit button.
#[partial]
pub async fn view(cx: Cx<'_>) -> Partial {
    Partial::new(shown(&contact(&cx)))
}

/// The contact as a form.
#[partial]
pub async fn edit(cx: Cx<'_>) -> Partial {
    Partial::new(editor(&contact(&cx), None))
}

/// Stores the contact, if every field is filled in, and shows it.
#[partial(put)]
pub async fn save(cx: Cx<'_>, Form(f): Form<ContactForm>) -> Partial {
    let next = Contact {
        first: f.first.trim().to_owned(),
        last: f.last.trim().to_owned(),
        email: f.email.trim().to_owned(),
    };
    if next.first.is_empty() || next.last.is_empty() || !next.email.contains('@') {
        return Partial::new(editor(&next, Some("Fill in both names and an e-mail address.")));
    }
    *cx.state().contact.lock().unwrap_or_else(|p| p.into_inner()) = next.clone();
    Partial::new(shown(&next))
}

fn contact(cx: &Cx<'_>) -> Contact {
    cx.state().contact.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

fn shown(c: &Contact) -> impl Node + use<> {
    let edit = urls::partials::examples::click_to_edit::edit();
    div((
        id("contact"),
        dl((
            class("grid grid-cols-[auto_1fr] gap-x-4 gap-y-1"),
            dt((class("font-medium"), "First name")),
            dd(c.first.clone()),
            dt((class("font-medium"), "Last name")),
            dd(c.last.clone()),
            dt((class("font-medium"), "E-mail")),
            dd(c.email.clone()),
        )),
        button((
            class("mt-3 rounded bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700"),
            edit.hx(),
            attr("hx-target", "#contact"),
            attr("hx-swap", "outerHTML"),
            "Edit",
        )),
    ))
}

fn editor(c: &Contact, error: Option<&'static str>) -> impl Node + use<> {
    let save = urls::partials::examples::click_to_edit::save();
    let view = urls::partials::examples::click_to_edit::view();
    let field = |label_text: &'static str, field_name: &'static str, kind: &'static str, text: String| {
        label((
            class("flex flex-col gap-1"),
            span(label_text),
            input((
                type_(kind),
                name(field_name),
                attr::value(text),
                required(true),
                class("rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"),
            )),
        ))
    };
    form((
        id("contact"),
        save.form_attrs(),
        save.hx(),
        attr("hx-target", "this"),
        attr("hx-swap", "outerHTML"),
        class("grid max-w-sm gap-3"),
        field("First name", "first", "text", c.first.clone()),
        field("Last name", "last", "text", c.last.clone()),
        field("E-mail", "email", "email", c.email.clone()),
        error.map(|e| p((class("text-red-700 dark:text-red-300"), attr("role", "alert"), e))),
        div((
            class("flex gap-2"),
            button((class("rounded bg-indigo-600 px-3 py-1 text-white hover:bg-indigo-700"), "Save")),
            button((
                type_("button"),
                class("rounded border border-slate-300 px-3 py-1"),
                view.hx(),
                attr("hx-target", "#contact"),
                attr("hx-swap", "outerHTML"),
                "Cancel",
            )),
        )),
    ))
}
