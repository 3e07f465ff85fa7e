//! Partials on the list.

use crate::prelude::*;
use crate::{validate_title, views};
use hyperox::http::StatusCode;

/// What the form sends.
#[derive(Debug, serde::Deserialize)]
pub struct NewTodo {
    #[serde(default)]
    title: String,
}

/// Adds a todo and answers with the list, swapped out of band; a title
/// that is refused gets the form with its error and 422. A form posted
/// without JavaScript is sent back to the page, which shows it (with the
/// refused title and its error in the page's address).
#[partial(post)]
pub async fn add(cx: Cx<'_>, Form(new): Form<NewTodo>) -> Partial {
    let page = urls::pages::index();
    let title = match validate_title(&new.title) {
        Ok(title) => title,
        Err(error) if cx.is_htmx() => {
            return Partial::new(views::add_form(&new.title, Some(error)))
                .status(StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(error) => {
            return Partial::redirect(page.query("title", &new.title).query("error", error));
        }
    };
    let todos = cx.state().add(title);
    if !cx.is_htmx() {
        return Partial::redirect(page);
    }
    Partial::new(views::todo_list(todos, true))
}
