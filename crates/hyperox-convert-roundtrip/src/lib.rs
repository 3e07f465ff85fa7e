//! The converter's corpus, converted by `build.rs` and compiled here:
//! `DOCS` holds each document with the functions that render its code.

#![allow(clippy::too_many_lines, missing_docs)]

use hyperox_html::html;
use hyperox_html::prelude::*;

/// One document of the corpus.
#[derive(Debug, Clone, Copy)]
pub struct Doc {
    /// Its file's name.
    pub name: &'static str,
    /// Its HTML.
    pub html: &'static str,
    /// Renders the `html!` form of its code.
    pub from_macro: fn() -> String,
    /// Renders the builder form of its code (every fifth document).
    pub from_builder: Option<fn() -> String>,
}

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
