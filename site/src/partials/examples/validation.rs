//! Validation on blur: the server checks the address when the field loses
//! focus and puts its answer beside it; the same check runs when the
//! form is sent, with or without JavaScript.

use crate::prelude::*;

/// The field.
#[derive(Debug, serde::Deserialize)]
pub struct Email {
    email: String,
}

/// The form.
#[partial]
pub async fn form(_cx: Cx<'_>) -> Partial {
    let check = urls::partials::examples::validation::check();
    // `form` is this partial's name: the element, by its module path.
    Partial::new(element::form((
        check.form_attrs(),
        check.hx(),
        attr("hx-target", "#email-message"),
        class("flex max-w-sm flex-col gap-1"),
        label((attr("for", "email"), "E-mail")),
        input((
            id("email"),
            type_("email"),
            name("email"),
            check.hx(),
            attr("hx-trigger", "blur changed"),
            attr("hx-target", "#email-message"),
            attr("aria-describedby", "email-message"),
            class("rounded border border-slate-300 bg-white px-2 py-1 text-slate-900"),
        )),
        p((id("email-message"), attr("aria-live", "polite"), "")),
        button((class("w-fit rounded bg-indigo-600 px-3 py-1 text-white"), "Check")),
    )))
}

/// What the server says of the address.
#[partial(post)]
pub async fn check(_cx: Cx<'_>, Form(f): Form<Email>) -> Partial {
    Partial::new(message(&f.email))
}

fn message(email: &str) -> impl Node + use<> {
    let email = email.trim();
    let problem = match email.split_once('@') {
        _ if email.is_empty() => Some("An address is needed."),
        Some((user, host)) if !user.is_empty() && host.contains('.') && !host.ends_with('.') => None,
        _ => Some("That is not an e-mail address: it needs a name, an @ and a domain."),
    };
    match problem {
        Some(why) => span((class("text-red-700 dark:text-red-300"), why)),
        None => span((class("text-green-700 dark:text-green-300"), "That address looks right.")),
    }
}
