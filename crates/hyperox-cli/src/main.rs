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
    /// Turns HTML (a page or a fragment, on standard input or in a file)
    /// into the builder's Rust calls: `hyperox html2rs < page.html`.
    Html2rs {
        /// The HTML file (standard input when absent).
        file: Option<PathBuf>,
        /// Write the calls inside `html!(…)`.
        #[arg(long = "macro")]
        as_macro: bool,
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
        Command::Html2rs { file, as_macro } => html2rs(file.as_deref(), as_macro),
    }
}

/// `hyperox html2rs`: the Rust for the HTML of `file` (or standard input).
fn html2rs(file: Option<&std::path::Path>, as_macro: bool) -> Result<(), Failure> {
    let html = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?,
        None => std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure(format!("reading standard input: {e}")))?,
    };
    let form = if as_macro {
        hyperox_convert::Form::Macro
    } else {
        hyperox_convert::Form::Builder
    };
    println!("{}", hyperox_convert::convert(&html, form));
    Ok(())
}
