//! The macros of hyperox: `#[partial]`, and the `html!` behind
//! `hyperox_html::html!`.
//!
//! `#[partial(post)]` marks a `pub async fn` in `src/partials/**` as a
//! partial answering the methods it names (GET when none is named). The
//! build step (`hyperox-build`) reads the attribute to register the
//! function; the attribute itself checks its arguments and leaves the
//! function as it is.

mod html;
mod names;

use proc_macro::{Delimiter, Spacing, TokenStream, TokenTree};

/// The implementation of `hyperox_html::html!`, which passes its crate's
/// path first; use that macro.
#[doc(hidden)]
#[proc_macro]
pub fn html_impl(input: TokenStream) -> TokenStream {
    html::expand(input)
}

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// Marks a partial and names the methods it answers:
/// `#[partial]`, `#[partial(post)]`, `#[partial(get, post)]`.
#[proc_macro_attribute]
pub fn partial(args: TokenStream, item: TokenStream) -> TokenStream {
    let mut expect_method = true;
    let mut seen = Vec::new();
    for tt in args {
        match (&tt, expect_method) {
            (TokenTree::Ident(id), true) => {
                let m = id.to_string().to_ascii_lowercase();
                if !METHODS.contains(&m.as_str()) {
                    return error(&format!(
                        "`{id}` is not a method a partial can answer: use get, post, put, patch or delete"
                    ));
                }
                if seen.contains(&m) {
                    return error(&format!("`{id}` is named twice"));
                }
                seen.push(m);
                expect_method = false;
            }
            (TokenTree::Punct(p), false) if p.as_char() == ',' && p.spacing() == Spacing::Alone => {
                expect_method = true;
            }
            _ => return error(&format!("unexpected `{tt}` in `#[partial(..)]`")),
        }
    }
    // The item must be `pub async fn`, after any attributes.
    let toks: Vec<TokenTree> = item.clone().into_iter().collect();
    let mut i = 0;
    while let (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g))) =
        (toks.get(i), toks.get(i + 1))
    {
        if p.as_char() != '#' || g.delimiter() != Delimiter::Bracket {
            break;
        }
        i += 2;
    }
    let words: Vec<String> = toks[i..].iter().take(3).map(ToString::to_string).collect();
    if words != ["pub", "async", "fn"] {
        return error("`#[partial]` goes on a `pub async fn`");
    }
    item
}

fn error(msg: &str) -> TokenStream {
    format!("::core::compile_error!({msg:?});")
        .parse()
        .expect("a compile_error! call parses")
}
