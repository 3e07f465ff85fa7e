//! HTML to hyperox: a page or a fragment turned into the Rust calls of
//! the builder (`div((class("card"), p("Hi")))`), or the same calls in
//! the `html!` macro, keeping every element, attribute, text and comment
//! in its order.
//!
//! The HTML is parsed as a browser parses it (html5ever): entities come
//! out decoded, omitted end tags are closed, SVG names keep their case.
//! Whitespace between elements that holds a line break is layout and is
//! left out, except where it is content (`pre`, `textarea`, `script`,
//! `style`); every other text is kept as it is.
//!
//! ```
//! use hyperox_convert::{Form, convert};
//! let code = convert("<p class=\"lead\">Hi &amp; <b>welcome</b></p>", Form::Builder);
//! assert_eq!(code, "p((class(\"lead\"), \"Hi & \", b(\"welcome\")))");
//! let code = convert("<p>Hi</p>", Form::Macro);
//! assert_eq!(code, "html!(p(\"Hi\"))");
//! ```

#![forbid(unsafe_code)]

use html5ever::tendril::TendrilSink;
use html5ever::{QualName, local_name, ns};
use markup5ever_rcdom::{Handle, NodeData, RcDom};
use std::fmt::Write as _;

/// Which Rust to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The builder's calls.
    Builder,
    /// The same calls inside `html!(…)`, whose literal parts are rendered
    /// while compiling.
    Macro,
}

/// The Rust for `html`: a whole document when it begins with a doctype
/// or `<html>`, else a fragment (as in `<body>`). Several top-level
/// nodes are written as a tuple.
pub fn convert(html: &str, form: Form) -> String {
    let nodes = tree(html);
    let code = match nodes.as_slice() {
        [] => "()".to_owned(),
        [one] => write_node(one, 0),
        many => tuple(many.iter().map(|n| write_node(n, 1)).collect(), 0),
    };
    match form {
        Form::Builder => code,
        Form::Macro => format!("html!({code})"),
    }
}

/// Whether `html` is a whole document.
pub fn is_document(html: &str) -> bool {
    let start = html
        .trim_start()
        .get(..9)
        .unwrap_or("")
        .to_ascii_lowercase();
    start.starts_with("<!doctype") || start.starts_with("<html")
}

/// The top-level nodes of `html`, parsed and with layout whitespace
/// left out, as [`convert`] reads them (for comparing a document with
/// what its code renders).
pub fn tree(html: &str) -> Vec<Node> {
    if is_document(html) {
        let dom = html5ever::parse_document(RcDom::default(), Default::default()).one(html);
        children(&dom.document, false)
    } else {
        let body = QualName::new(None, ns!(html), local_name!("body"));
        let dom = html5ever::parse_fragment(
            RcDom::default(),
            Default::default(),
            body,
            Vec::new(),
            false,
        )
        .one(html);
        // The fragment parser puts the nodes under an `<html>` element.
        let root = dom.document.children.borrow().first().cloned();
        root.map(|r| children(&r, false)).unwrap_or_default()
    }
}

/// The parsed tree, as the writer needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element: its name (with its SVG case), attributes (with their
    /// prefix: `xlink:href`) and children.
    Element {
        /// Its name.
        name: String,
        /// Its attributes, in order.
        attrs: Vec<(String, String)>,
        /// Its children (a `<template>`'s content).
        children: Vec<Node>,
    },
    /// Text, decoded.
    Text(String),
    /// A comment's text.
    Comment(String),
}

/// Where whitespace is content, not layout.
fn keeps_whitespace(name: &str) -> bool {
    matches!(name, "pre" | "textarea" | "script" | "style" | "listing")
}

fn children(handle: &Handle, keep_space: bool) -> Vec<Node> {
    let mut out = Vec::new();
    let kids: Vec<Handle> = match &handle.data {
        NodeData::Element {
            template_contents, ..
        } => match template_contents.borrow().as_ref() {
            Some(content) => content.children.borrow().clone(),
            None => handle.children.borrow().clone(),
        },
        _ => handle.children.borrow().clone(),
    };
    for kid in &kids {
        match &kid.data {
            NodeData::Text { contents } => {
                let text = contents.borrow().to_string();
                let layout = text.trim().is_empty() && text.contains('\n');
                if keep_space || !layout {
                    match out.last_mut() {
                        // The parser may hand text over in pieces.
                        Some(Node::Text(before)) => before.push_str(&text),
                        _ => out.push(Node::Text(text)),
                    }
                }
            }
            NodeData::Comment { contents } => out.push(Node::Comment(contents.to_string())),
            NodeData::Element { name, attrs, .. } => {
                let tag = name.local.to_string();
                let attrs = attrs
                    .borrow()
                    .iter()
                    .map(|a| {
                        let local = a.name.local.to_string();
                        let name = match &a.name.prefix {
                            Some(p) => format!("{p}:{local}"),
                            None => local,
                        };
                        (name, a.value.to_string())
                    })
                    .collect();
                let keep = keep_space || keeps_whitespace(&tag);
                out.push(Node::Element {
                    children: children(kid, keep),
                    name: tag,
                    attrs,
                });
            }
            NodeData::Document
            | NodeData::Doctype { .. }
            | NodeData::ProcessingInstruction { .. } => {}
        }
    }
    out
}

/// A Rust string literal of `text`.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// `parts` as one part: itself, or a tuple (nested past the builder's
/// 16 parts a tuple).
fn tuple(parts: Vec<String>, depth: usize) -> String {
    const MOST: usize = 16;
    if parts.len() > MOST {
        let grouped: Vec<String> = parts
            .chunks(MOST)
            .map(|chunk| tuple(chunk.to_vec(), depth + 1))
            .collect();
        return tuple(grouped, depth);
    }
    let one_line = parts.iter().map(String::len).sum::<usize>() + 2 * parts.len() < 72
        && parts.iter().all(|p| !p.contains('\n'));
    if one_line {
        return format!("({})", parts.join(", "));
    }
    let pad = "    ".repeat(depth + 1);
    let mut out = String::from("(\n");
    for p in &parts {
        let _ = writeln!(
            out,
            "{pad}{},",
            p.replace('\n', &format!("\n{pad}")).trim_end()
        );
    }
    let _ = write!(out, "{})", "    ".repeat(depth));
    out
}

fn write_node(node: &Node, depth: usize) -> String {
    match node {
        Node::Text(text) => literal(text),
        Node::Comment(text) => format!("unsafe_raw({})", literal(&format!("<!--{text}-->"))),
        Node::Element {
            name,
            attrs,
            children,
        } => {
            let mut parts: Vec<String> = attrs.iter().map(|(k, v)| write_attr(k, v)).collect();
            let raw = matches!(name.as_str(), "script" | "style");
            let first_newline = matches!(name.as_str(), "pre" | "textarea" | "listing");
            for (i, child) in children.iter().enumerate() {
                let part = match child {
                    // `</` in a script or style is written `<\/` by the
                    // builder: kept as it was, raw.
                    Node::Text(t) if raw && t.contains("</") => {
                        format!("unsafe_raw({})", literal(t))
                    }
                    // A leading line break after `<pre>` is dropped by the
                    // parser: one more keeps the one the text has.
                    Node::Text(t) if first_newline && i == 0 && t.starts_with('\n') => {
                        literal(&format!("\n{t}"))
                    }
                    other => write_node(other, 0),
                };
                parts.push(part);
            }
            let call = if hyperox_html::element::NAMES
                .binary_search(&name.as_str())
                .is_ok()
            {
                name.clone()
            } else {
                format!("tag({}, ", literal(name))
            };
            let body = match parts.len() {
                0 => "()".to_owned(),
                1 if !parts[0].contains('\n') && parts[0].len() < 72 => parts.remove(0),
                _ => tuple(parts, depth),
            };
            if call.starts_with("tag(") {
                format!("{call}{body})")
            } else {
                format!("{call}({body})")
            }
        }
    }
}

fn write_attr(name: &str, value: &str) -> String {
    let plain_classes = !value.is_empty()
        && value
            .split(' ')
            .all(|c| !c.is_empty() && !c.contains(char::is_whitespace));
    match name {
        "class" if plain_classes => format!("class({})", literal(value)),
        "id" if !value.is_empty() => format!("id({})", literal(value)),
        _ => format!("attr({}, {})", literal(name), literal(value)),
    }
}
