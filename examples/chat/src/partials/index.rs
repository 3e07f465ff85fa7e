//! The forms of the front page: the name to chat under, and a new room.
//! Both are plain posts that redirect (they work the same with and
//! without JavaScript).

use crate::prelude::*;
use crate::{NAME_COOKIE, local_path, validate_name, validate_room};
use hyperox::cookie::{SameSite, SetCookie};
use std::time::Duration;

#[derive(serde::Deserialize)]
struct NameForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    next: Option<String>,
}

/// Sets the name this browser chats under (a cookie for a year), then
/// goes on to the page it came from; back to the front page with the
/// error when the name is refused.
#[partial(post)]
pub async fn name(mut cx: Cx<'_>, Form(form): Form<NameForm>) -> Partial {
    let next = local_path(form.next.as_deref()).unwrap_or("/").to_owned();
    match validate_name(&form.name) {
        Ok(name) => {
            cx.set_cookie(
                SetCookie::new(NAME_COOKIE, name)
                    .path("/")
                    .max_age(Duration::from_secs(365 * 86_400))
                    .http_only(true)
                    .same_site(SameSite::Lax),
            );
            Partial::redirect(next)
        }
        Err(e) => Partial::redirect(
            urls::pages::index()
                .query("next", &next)
                .query("name", &form.name)
                .query("error", e.as_str()),
        ),
    }
}

#[derive(serde::Deserialize)]
struct RoomForm {
    #[serde(default)]
    room: String,
}

/// Makes a room (or finds the one of that name) and goes to it; back to
/// the front page with the error when the name is refused.
#[partial(post)]
pub async fn create_room(cx: Cx<'_>, Form(form): Form<RoomForm>) -> Result<Partial, Rejection> {
    match validate_room(&form.room) {
        Ok(room) => {
            cx.state().store.create_room(&room).await?;
            Ok(Partial::redirect(urls::pages::rooms::by_room(&room)))
        }
        Err(e) => Ok(Partial::redirect(
            urls::pages::index()
                .query("room", &form.room)
                .query("error", e.as_str()),
        )),
    }
}
