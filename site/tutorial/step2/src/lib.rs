//! A todo list: its state, its pages and partials (one file each under
//! `src/pages` and `src/partials`).

use std::sync::Mutex;

hyperox::routes!();

pub mod views;

/// One todo.
#[derive(Debug, Clone)]
pub struct Todo {
    /// Its number, from 1.
    pub id: u64,
    /// What to do.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

/// What every request shares: the todos, in memory.
#[derive(Debug, Default)]
pub struct State {
    /// The todos, oldest first.
    pub todos: Mutex<Vec<Todo>>,
}

impl State {
    /// The todos as they are now.
    pub fn todos(&self) -> Vec<Todo> {
        self.todos
            .lock()
            .expect("no handler panics holding it")
            .clone()
    }

    /// Adds a todo titled `title`; the todos after it.
    pub fn add(&self, title: &str) -> Vec<Todo> {
        let mut todos = self.todos.lock().expect("no handler panics holding it");
        let id = todos.last().map_or(1, |t| t.id + 1);
        todos.push(Todo {
            id,
            title: title.to_owned(),
            done: false,
        });
        todos.clone()
    }
}

/// The app with every page and partial, and no todos yet.
///
/// # Errors
///
/// A route that does not register.
pub fn app() -> Result<hyperox::App<State>, hyperox::router::RouteError> {
    app_with(State::default())
}

/// The app on `state`.
///
/// # Errors
///
/// A route that does not register.
pub fn app_with(state: State) -> Result<hyperox::App<State>, hyperox::router::RouteError> {
    let mut app = hyperox::App::new(state);
    routes(&mut app)?;
    app.assets(assets::ALL);
    Ok(app)
}
