//! The chat's components: plain functions returning nodes.
//!
//! Every form works without JavaScript too: the name and room forms are
//! plain posts that redirect, and a message posted without htmx brings
//! the room page back with it.

use crate::prelude::Cx;
use crate::store::Message;
use crate::urls::partials::rooms::by_room;
use crate::{Invalid, MAX_MESSAGE, MAX_NAME, MAX_ROOM};
use hyperox::html::htmx::{self, OobSwap, SwapStyle, Trigger};
use hyperox::prelude::*;

/// A page: the document around `inner`, titled `page_title`, with
/// the head tags of `cx`.
pub fn layout(cx: &Cx<'_>, page_title: &str, inner: impl Node) -> Page {
    cx.document(
        page_title,
        body((
            class("min-h-screen bg-slate-100 text-slate-800 font-sans antialiased"),
            main((class("mx-auto max-w-4xl px-3 py-8 sm:px-4"), inner)),
        )),
    )
}

/// The header: the app's name and who the browser chats as.
pub fn header_bar(me: Option<&str>, here: &str) -> impl Node + use<> {
    header((
        class("mb-6 flex flex-wrap items-baseline justify-between gap-2"),
        h1((
            class("text-3xl font-bold tracking-tight text-indigo-600"),
            a((href("/"), "chat")),
        )),
        me.map(|me| {
            p((
                class("me text-sm text-slate-600"),
                "You are ",
                strong(me.to_owned()),
                " · ",
                a((
                    class("text-indigo-700 underline"),
                    crate::urls::pages::index().query("next", here).href(),
                    "change",
                )),
            ))
        }),
    ))
}

/// The form that sets the name to chat under, then goes to `next`.
pub fn name_form(typed: &str, error: Option<Invalid>, next: &str) -> impl Node + use<> {
    let set = crate::urls::partials::index::name();
    form((
        id("name-form"),
        class("flex flex-col gap-1"),
        set.form_attrs(),
        input((type_("hidden"), name("next"), value(next.to_owned()))),
        label((
            for_("name"),
            class("text-sm font-medium text-slate-700"),
            "Your name",
        )),
        div((
            class("flex gap-2"),
            input((
                id("name"),
                type_("text"),
                name("name"),
                value(typed.to_owned()),
                maxlength(MAX_NAME.to_string()),
                autocomplete("nickname"),
                required(true),
                autofocus(true),
                aria("describedby", "name-error"),
                if_(error.is_some(), aria("invalid", "true")),
                class(FIELD),
            )),
            button((type_("submit"), class(BUTTON), "Chat")),
        )),
        p((
            id("name-error"),
            class("name-error text-sm text-red-700"),
            role("alert"),
            error.map(Invalid::message),
        )),
    ))
}

/// The name form in a section of its own, under a heading.
pub fn name_section(typed: &str, error: Option<Invalid>, next: &str) -> impl Node + use<> {
    section((
        class("flex flex-col gap-3 rounded-xl bg-white p-4 shadow"),
        aria("labelledby", "name-heading"),
        h2((id("name-heading"), class(SECTION_HEADING), "Choose a name")),
        name_form(typed, error, next),
    ))
}

/// The rooms, `current` marked, and the form that makes one.
pub fn rooms_nav(
    rooms: &[String],
    current: Option<&str>,
    typed: &str,
    error: Option<Invalid>,
) -> impl Node + use<> {
    let create = crate::urls::partials::index::create_room();
    let current = current.map(str::to_owned);
    nav((
        aria("label", "Rooms"),
        class("flex flex-col gap-3"),
        h2((class(SECTION_HEADING), "Rooms")),
        ul((
            id("rooms"),
            class("flex flex-col gap-1"),
            each(rooms.to_vec(), move |r| {
                let here = current.as_deref() == Some(r.as_str());
                li(a((
                    class("room block rounded-md px-2 py-1 hover:bg-indigo-50"),
                    class_if(here, "selected bg-indigo-100 font-semibold text-indigo-800"),
                    if_(here, aria("current", "page")),
                    crate::urls::pages::rooms::by_room(&r).href(),
                    "#",
                    r,
                )))
            }),
        )),
        form((
            id("room-form"),
            class("flex flex-col gap-1"),
            create.form_attrs(),
            label((for_("room"), class("text-sm text-slate-700"), "New room")),
            div((
                class("flex gap-2"),
                input((
                    id("room"),
                    type_("text"),
                    name("room"),
                    value(typed.to_owned()),
                    maxlength(MAX_ROOM.to_string()),
                    placeholder("rust"),
                    autocomplete("off"),
                    aria("describedby", "room-error"),
                    if_(error.is_some(), aria("invalid", "true")),
                    class(FIELD),
                )),
                button((type_("submit"), class(BUTTON_QUIET), "Make")),
            )),
            p((
                id("room-error"),
                class("room-error text-sm text-red-700"),
                role("alert"),
                error.map(Invalid::message),
            )),
        )),
    ))
}

/// One message.
pub fn message(m: &Message) -> impl Node + use<> {
    let at = hyperox::html::Utc::from_unix(m.at);
    article((
        id(("m-", m.id)),
        class("message flex flex-col rounded-lg bg-white px-3 py-2 shadow-sm"),
        header((
            class("flex items-baseline gap-2 text-sm"),
            h3((class("author font-bold text-indigo-700"), m.author.clone())),
            time((
                class("text-xs text-slate-500"),
                datetime(at.to_string()),
                format!("{:02}:{:02}", at.hour, at.minute),
            )),
        )),
        p((
            class("body whitespace-pre-wrap break-words"),
            m.body.clone(),
        )),
    ))
}

/// The list of `room`'s messages, reloaded when its stream says some
/// were missed.
pub fn messages(room: &str, list: &[Message]) -> impl Node + use<> {
    div((
        id("messages"),
        role("log"),
        aria("live", "polite"),
        aria("label", "Messages"),
        class("flex flex-col gap-2"),
        by_room::messages(room).hx(),
        // The stream sends what it still has right after the gap event:
        // reload once those are shown, so the reloaded list (which has
        // them) replaces them rather than the reverse.
        htmx::trigger(
            Trigger::on(crate::GAP)
                .delay(std::time::Duration::from_millis(250))
                .listen_on("#chat-stream"),
        ),
        htmx::target("this"),
        htmx::swap(SwapStyle::OuterHtml),
        // Shown while it is the only child: the first message pushed
        // hides it.
        p((
            class("empty hidden text-sm text-slate-500 only:block"),
            "No messages yet. Say hello.",
        )),
        each(list.to_vec(), |m| message(&m)),
    ))
}

/// The room's messages in a box that scrolls, held at its end as
/// messages are added (a reversed column needs no script for that).
pub fn message_log(room: &str, list: &[Message]) -> impl Node + use<> {
    div((
        class("flex max-h-[60vh] flex-col-reverse overflow-y-auto pr-1"),
        messages(room, list),
    ))
}

/// A message as the room's stream sends it: added at the end of the list.
pub fn pushed(m: &Message) -> impl Node + use<> {
    div((
        id("messages"),
        htmx::swap_oob(OobSwap::style(SwapStyle::BeforeEnd)),
        message(m),
    ))
}

/// Who is in `room`, reloaded when its stream says it changed.
pub fn members(room: &str, names: &[String]) -> impl Node + use<> {
    section((
        id("members"),
        aria("label", "Here now"),
        class("flex flex-col gap-2"),
        by_room::members(room).hx(),
        htmx::trigger(Trigger::on(crate::PRESENCE).listen_on("#chat-stream")),
        htmx::target("this"),
        htmx::swap(SwapStyle::OuterHtml),
        h2((class(SECTION_HEADING), "Here now")),
        ul((
            class("flex flex-col gap-1 text-sm"),
            each(names.to_vec(), |n| li((class("member"), n))),
        )),
    ))
}

/// The form that sends a message to `room`, with the value and error of
/// a refused try. It stays in place and is cleared when the message is
/// stored (the message itself comes over the stream, as it does to every
/// page in the room); a refused message (422) swaps the form with its
/// error.
pub fn compose(room: &str, typed: &str, error: Option<Invalid>) -> impl Node + use<> {
    let send = by_room::send(room);
    form((
        id("compose"),
        class("flex flex-col gap-1"),
        send.form_attrs(),
        send.hx(),
        htmx::target("this"),
        htmx::swap(SwapStyle::None),
        htmx::status("422", "swap:outerHTML"),
        htmx::reset_on_success(),
        div((
            class("flex gap-2"),
            input((
                id("body"),
                type_("text"),
                name("body"),
                value(typed.to_owned()),
                maxlength(MAX_MESSAGE.to_string()),
                placeholder(format!("Message #{room}")),
                autocomplete("off"),
                aria("label", "Message"),
                aria("describedby", "compose-error"),
                if_(error.is_some(), aria("invalid", "true")),
                autofocus(true),
                class(FIELD),
            )),
            button((type_("submit"), class(BUTTON), "Send")),
        )),
        p((
            id("compose-error"),
            class("compose-error text-sm text-red-700"),
            role("alert"),
            htmx::form_error(),
            error.map(Invalid::message),
        )),
    ))
}

/// The element that holds a room page's stream: the room's messages
/// arrive on it (swapped out of band), and its `presence` and gap events.
pub fn stream(room: &str) -> impl Node + use<> {
    div((
        id("chat-stream"),
        hidden(true),
        htmx::sse_connect(by_room::events(room)),
    ))
}

const FIELD: &str = "min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 shadow-sm focus:outline-none focus:ring-2 focus:ring-indigo-400";

/// A section's small heading.
const SECTION_HEADING: &str = "text-xs font-semibold uppercase tracking-wide text-slate-600";

const BUTTON: &str =
    "rounded-lg bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700";

const BUTTON_QUIET: &str = "rounded-lg border border-slate-300 bg-white px-3 py-2 font-medium text-slate-700 hover:bg-slate-50";
