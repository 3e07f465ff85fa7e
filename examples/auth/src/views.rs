//! The documents and forms.

use crate::Cx;
use crate::db::User;
use crate::urls;
use hyperox::html::Either;
use hyperox::prelude::*;

const FIELD: &str = "w-full rounded-md border border-slate-300 px-3 py-2 focus:outline-none focus:ring-2 focus:ring-indigo-400";
const BUTTON: &str =
    "rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700";
const LINK: &str = "text-indigo-700 underline";

/// A page: the document around `inner`, titled `page_title`, with the
/// navigation for `me` (signed in or not) and the flash messages.
pub fn layout(
    cx: &Cx<'_>,
    page_title: &str,
    me: Option<&User>,
    flash: &[String],
    inner: impl Node,
) -> Page {
    let account = match me {
        Some(user) => Either::Left((
            a((
                class(LINK),
                urls::pages::account().href(),
                user.name.clone(),
            )),
            form((
                urls::partials::auth::logout().form_attrs(),
                urls::partials::auth::logout().hx(),
                button((class("text-slate-600 underline"), "Log out")),
            )),
        )),
        None => Either::Right((
            a((class(LINK), urls::pages::login().href(), "Log in")),
            a((class(LINK), urls::pages::register().href(), "Register")),
        )),
    };
    Page::new(html((
        lang("en"),
        head((
            meta(charset("utf-8")),
            meta((
                name("viewport"),
                content("width=device-width, initial-scale=1"),
            )),
            title(format!("{page_title} · auth · hyperox")),
            cx.head(),
        )),
        body((
            class("min-h-screen bg-slate-50 font-sans text-slate-900"),
            header((
                class("border-b border-slate-200 bg-white"),
                nav((
                    class("mx-auto flex max-w-xl items-center gap-4 p-4"),
                    a((
                        class("mr-auto font-semibold"),
                        urls::pages::index().href(),
                        "auth",
                    )),
                    account,
                )),
            )),
            main((
                class("mx-auto max-w-xl p-4"),
                each(flash.iter(), |m| {
                    p((
                        class("mb-4 rounded-md bg-green-50 p-3 text-green-800"),
                        attr("role", "status"),
                        m.clone(),
                    ))
                }),
                h1((class("mb-4 text-2xl font-bold"), page_title.to_owned())),
                inner,
            )),
        )),
    )))
}

/// A labelled field with its error.
fn field(
    field_id: &'static str,
    label_text: &'static str,
    kind: &'static str,
    typed: &str,
    error: Option<&str>,
    complete: &'static str,
) -> impl Node + use<> {
    let described = format!("{field_id}-error");
    div((
        class("mb-3 flex flex-col gap-1"),
        label((for_(field_id), class("font-medium"), label_text)),
        input((
            id(field_id),
            name(field_id),
            type_(kind),
            class(FIELD),
            value(typed.to_owned()),
            attr("autocomplete", complete),
            required(true),
            if_(
                error.is_some(),
                (
                    aria("invalid", "true"),
                    aria("describedby", described.clone()),
                ),
            ),
        )),
        error.map(|e| p((id(described), class("text-sm text-red-700"), e.to_owned()))),
    ))
}

/// The errors of a form, by field.
#[derive(Debug, Default)]
pub struct Errors {
    /// Of the address.
    pub email: Option<String>,
    /// Of the name.
    pub name: Option<String>,
    /// Of the password.
    pub password: Option<String>,
    /// Of the whole form.
    pub form: Option<String>,
}

/// The registration form, with what was typed (never the password).
pub fn register_form(email: &str, user_name: &str, errors: &Errors) -> impl Node + use<> {
    let to = urls::partials::auth::register();
    form((
        id("register"),
        class("rounded-xl bg-white p-4 shadow"),
        to.form_attrs(),
        to.hx(),
        htmx::target("#register"),
        htmx::swap(htmx::Swap::outer_html()),
        field(
            "email",
            "Email",
            "email",
            email,
            errors.email.as_deref(),
            "email",
        ),
        field(
            "name",
            "Name",
            "text",
            user_name,
            errors.name.as_deref(),
            "name",
        ),
        field(
            "password",
            "Password (12 characters or more)",
            "password",
            "",
            errors.password.as_deref(),
            "new-password",
        ),
        button((class(BUTTON), "Create account")),
    ))
}

/// The sign-in form, with the address typed and where to go after.
pub fn login_form(email: &str, next: &str, error: Option<&str>) -> impl Node + use<> {
    let to = urls::partials::auth::login();
    form((
        id("login"),
        class("rounded-xl bg-white p-4 shadow"),
        to.form_attrs(),
        to.hx(),
        htmx::target("#login"),
        htmx::swap(htmx::Swap::outer_html()),
        error.map(|e| {
            p((
                class("mb-3 text-red-700"),
                attr("role", "alert"),
                e.to_owned(),
            ))
        }),
        input((type_("hidden"), name("next"), value(next.to_owned()))),
        field("email", "Email", "email", email, None, "username"),
        field(
            "password",
            "Password",
            "password",
            "",
            None,
            "current-password",
        ),
        label((
            class("mb-3 flex items-center gap-2"),
            input((type_("checkbox"), name("remember"), value("on"))),
            "Keep me signed in on this computer",
        )),
        button((class(BUTTON), "Log in")),
    ))
}

/// The password change form.
pub fn password_form(errors: &Errors) -> impl Node + use<> {
    let to = urls::partials::auth::password();
    form((
        id("password-change"),
        class("rounded-xl bg-white p-4 shadow"),
        to.form_attrs(),
        to.hx(),
        htmx::target("#password-change"),
        htmx::swap(htmx::Swap::outer_html()),
        h2((class("mb-3 text-lg font-semibold"), "Change your password")),
        errors
            .form
            .as_ref()
            .map(|e| p((class("mb-3 text-red-700"), attr("role", "alert"), e.clone()))),
        field(
            "current",
            "Current password",
            "password",
            "",
            None,
            "current-password",
        ),
        field(
            "password",
            "New password (12 characters or more)",
            "password",
            "",
            errors.password.as_deref(),
            "new-password",
        ),
        button((class(BUTTON), "Change password")),
    ))
}

/// "Log out everywhere".
pub fn everywhere_form() -> impl Node {
    let to = urls::partials::auth::everywhere();
    form((
        class("rounded-xl bg-white p-4 shadow"),
        to.form_attrs(),
        to.hx(),
        h2((class("mb-3 text-lg font-semibold"), "Sessions")),
        p((
            class("mb-3 text-slate-600"),
            "Signed in on a computer you no longer use? Sign out every browser, this one too.",
        )),
        button((class(BUTTON), "Log out everywhere")),
    ))
}
