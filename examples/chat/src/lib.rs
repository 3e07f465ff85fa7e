//! A multi-room chat in hyperox: each room page listens to one server-sent
//! event stream, which brings the messages sent to the room (HTML swapped
//! out of band) and tells when who is in the room changes. The history is
//! in SQLite or PostgreSQL; with Redis, several instances share the live
//! messages and presence.

pub mod store;
pub mod views;

hyperox::routes!();

use hyperox::App;
use hyperox_ws::Hub;
use store::Store;

/// What every request shares.
#[derive(Debug)]
pub struct AppState {
    /// The rooms and their messages.
    pub store: Store,
    /// The live messages: every room page listens to the room's stream.
    pub hub: Hub,
}

/// The cookie that holds the name a browser chats under.
pub const NAME_COOKIE: &str = "chat_name";

/// The event a room's stream sends when who is in the room changes.
pub const PRESENCE: &str = "presence";

/// The event a room's stream sends when the page missed messages it can
/// no longer replay (it reloads the list).
pub const GAP: &str = "hyperox:gap";

/// The app: the generated routes and assets on `store`, live messages
/// within this process.
///
/// # Errors
///
/// A route that does not register (a malformed pattern).
pub fn app(store: Store) -> Result<App<AppState>, hyperox::router::RouteError> {
    app_with(store, Hub::new(hyperox_ws::HubConfig::default()))
}

/// The app on `store`, live messages through `hub` (several instances
/// share a hub on a Redis broker).
///
/// # Errors
///
/// A route that does not register (a malformed pattern).
pub fn app_with(store: Store, hub: Hub) -> Result<App<AppState>, hyperox::router::RouteError> {
    let mut app = App::new(AppState { store, hub });
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}

/// The name this browser chats under, if it chose one.
pub fn name_of(cx: &Cx<'_>) -> Option<String> {
    cx.cookie(NAME_COOKIE).and_then(|n| validate_name(&n).ok())
}

/// Why a form's text is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// Nothing but spaces.
    Empty,
    /// Longer than its limit (in characters).
    TooLong(usize),
    /// A room name with other than lowercase letters, digits and dashes.
    RoomChars,
    /// A character that cannot be shown (a control character).
    Control,
}

impl Invalid {
    /// What the user is told.
    pub fn message(self) -> String {
        match self {
            Self::Empty => "Write something first.".to_owned(),
            Self::TooLong(max) => format!("Keep it to {max} characters."),
            Self::RoomChars => "Use lowercase letters, digits and dashes.".to_owned(),
            Self::Control => "That has characters that cannot be shown.".to_owned(),
        }
    }

    /// Its name in a page address (`?error=empty`), after a form posted
    /// without JavaScript was refused.
    pub fn as_str(self) -> String {
        match self {
            Self::Empty => "empty".to_owned(),
            Self::TooLong(max) => format!("long-{max}"),
            Self::RoomChars => "chars".to_owned(),
            Self::Control => "control".to_owned(),
        }
    }

    /// The error a page address names.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "empty" => Some(Self::Empty),
            "chars" => Some(Self::RoomChars),
            "control" => Some(Self::Control),
            _ => s
                .strip_prefix("long-")
                .and_then(|n| n.parse().ok())
                .map(Self::TooLong),
        }
    }
}

/// `path` when it is a path on this site (`/rooms/general`), not an
/// address elsewhere (`//evil.example`, `https://…`): where a form may
/// send the browser next.
pub fn local_path(path: Option<&str>) -> Option<&str> {
    path.filter(|p| {
        p.starts_with('/')
            && !p.starts_with("//")
            && !p.starts_with("/\\")
            && !p.contains(['\r', '\n'])
    })
}

/// The longest name.
pub const MAX_NAME: usize = 32;

/// The longest room name.
pub const MAX_ROOM: usize = 32;

/// The longest message.
pub const MAX_MESSAGE: usize = 1000;

/// `text` trimmed, at most `max` characters, with no control characters
/// (but newlines when `lines`).
fn validate_text(text: &str, max: usize, lines: bool) -> Result<String, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        Err(Invalid::Empty)
    } else if t.chars().count() > max {
        Err(Invalid::TooLong(max))
    } else if t
        .chars()
        .any(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
    {
        Err(Invalid::Control)
    } else {
        Ok(t.to_owned())
    }
}

/// A name to chat under, trimmed.
pub fn validate_name(name: &str) -> Result<String, Invalid> {
    validate_text(name, MAX_NAME, false)
}

/// A message, trimmed.
pub fn validate_message(body: &str) -> Result<String, Invalid> {
    validate_text(body, MAX_MESSAGE, true)
}

/// A room name: lowercase letters, digits and dashes, as it appears in
/// the room's address.
pub fn validate_room(name: &str) -> Result<String, Invalid> {
    let n = validate_text(name, MAX_ROOM, false)?.to_lowercase();
    if n.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Ok(n)
    } else {
        Err(Invalid::RoomChars)
    }
}

/// Room `name`, or a 404 when there is none.
pub async fn find_room(cx: &Cx<'_>, name: &str) -> Result<(), hyperox::Rejection> {
    if cx.state().store.has_room(name).await? {
        Ok(())
    } else {
        Err(hyperox::Rejection::not_found(format!(
            "There is no room called {name}."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(validate_name("  ada "), Ok("ada".to_owned()));
        assert_eq!(validate_name("   "), Err(Invalid::Empty));
        assert_eq!(validate_name(&"x".repeat(33)), Err(Invalid::TooLong(32)));
        assert_eq!(
            validate_name("é".repeat(32).as_str()).map(|n| n.len()),
            Ok(64)
        );
        assert_eq!(validate_name("a\u{7}b"), Err(Invalid::Control));
        assert_eq!(validate_message("two\nlines"), Ok("two\nlines".to_owned()));
        assert_eq!(validate_name("two\nlines"), Err(Invalid::Control));
    }

    #[test]
    fn room_names_are_address_safe() {
        assert_eq!(validate_room(" Rust-2026 "), Ok("rust-2026".to_owned()));
        assert_eq!(validate_room("a/b"), Err(Invalid::RoomChars));
        assert_eq!(validate_room("a b"), Err(Invalid::RoomChars));
        assert_eq!(validate_room(""), Err(Invalid::Empty));
    }

    #[test]
    fn errors_survive_a_page_address() {
        for e in [
            Invalid::Empty,
            Invalid::TooLong(32),
            Invalid::RoomChars,
            Invalid::Control,
        ] {
            assert_eq!(Invalid::parse(&e.as_str()), Some(e));
        }
        assert_eq!(Invalid::parse("long-x"), None);
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/rooms/general")), Some("/rooms/general"));
        for p in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "/a\nb",
        ] {
            assert_eq!(local_path(Some(p)), None, "{p}");
        }
    }
}
