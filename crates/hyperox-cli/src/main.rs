//! `hyperox`: start an app, serve it with live reload, build it.
//!
//! - `hyperox new NAME` writes a starter app;
//! - `hyperox dev` serves the app in the current folder, rebuilding and
//!   reloading the browser on every save;
//! - `hyperox build` makes the release binary;
//! - `hyperox routes` prints the route table, `hyperox css` the stylesheet.

mod build;
mod dev;
mod new;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// The hyperox command line.
#[derive(Debug, Parser)]
#[command(
    name = "hyperox",
    version,
    about = "Build fast htmx apps in plain Rust"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Writes a starter app into a new folder.
    New(new::Args),
    /// Serves the app with live reload: rebuilds on save, keeps the last
    /// good build serving through compile errors (its answers then carry
    /// `X-Hyperox-Build: failed`, and pages show the error over them).
    Dev(dev::Args),
    /// Builds the release binary, with every asset embedded.
    Build {
        /// The app's folder.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Prints the route table: methods, patterns and source files.
    Routes {
        /// The app's folder.
        #[arg(long, default_value = ".")]
        path: PathBuf,
    },
    /// Writes the stylesheet generated from the classes in `src`.
    Css {
        /// The app's folder.
        #[arg(long, default_value = ".")]
        path: PathBuf,
        /// Where to write it (`-` for standard output).
        #[arg(long, short, default_value = "-")]
        out: PathBuf,
    },
}

/// A failure to report: what went wrong and what to do.
#[derive(Debug)]
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Self(e.to_string())
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::New(args) => new::run(&args),
        Command::Dev(args) => dev::run(args),
        Command::Build { path } => build::release(&path),
        Command::Routes { path } => build::routes(&path),
        Command::Css { path, out } => build::css(&path, &out),
    }
}
