//! A todo list: its state and its pages (one file each under
//! `src/pages`).

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
}

/// The app with every page, and no todos yet.
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
