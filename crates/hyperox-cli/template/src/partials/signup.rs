//! The sign-up form and its validation.

use crate::prelude::*;

/// What the form sends.
#[derive(Debug, serde::Deserialize)]
pub struct Signup {
    /// The address given.
    pub email: String,
}

/// The form, with the address typed so far and the error to show.
pub fn form_view(email: &str, error: Option<&str>) -> impl Node {
    let submit = urls::partials::signup::submit();
    form((
        id("signup"),
        class("flex flex-col gap-2"),
        submit.form_attrs(),
        submit.hx(),
        htmx::target("#signup"),
        htmx::swap(htmx::Swap::outer_html()),
        label((for_("email"), class("font-medium"), "Email")),
        input((
            id("email"),
            name("email"),
            type_("email"),
            value(email.to_owned()),
            class("rounded-md border border-slate-300 px-2 py-1"),
        )),
        if_(error.is_some(), p((class("text-red-600"), error.unwrap_or_default().to_owned()))),
        button((class("self-start rounded-md bg-indigo-600 px-3 py-1 text-white"), "Sign up")),
    ))
}

/// Checks the address: the form again with an error (422), or a thank-you.
#[partial(post)]
pub async fn submit(_cx: Cx<'_>, Form(Signup { email }): Form<Signup>) -> Partial {
    let email = email.trim();
    if !email.contains('@') || email.len() > 254 {
        let form = form_view(email, Some("Enter an email address, such as ada@example.com."));
        return Partial::new(form).status(hyperox::http::StatusCode::UNPROCESSABLE_ENTITY);
    }
    Partial::new(p((id("signup"), class("text-green-700"), textf!("Thanks, {email}!"))))
}
