//! Reads the pages and partials of a source file with `syn`: the
//! functions marked `#[page]` or `#[partial(..)]`, their methods and
//! their typed arguments.

use quote::ToTokens;
use syn::{FnArg, Item, Pat, Type};

/// A function marked `#[page]` or `#[partial(..)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RouteFn {
    pub name: String,
    /// `page` or `partial`.
    pub kind: &'static str,
    /// The methods named, upper case; GET when none.
    pub methods: Vec<String>,
    /// The path params it takes, in order.
    pub params: Vec<ParamArg>,
    pub line: usize,
}

/// A path param argument: `id: i64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamArg {
    pub name: String,
    /// The type as written, to tell `String` (linked with `&str`).
    pub ty: String,
}

/// The functions of `src` marked `#[page]` or `#[partial]`, and the
/// names of `pub async fn`s left unmarked.
pub(crate) fn route_fns(src: &str) -> Result<(Vec<RouteFn>, Vec<String>), String> {
    let file = syn::parse_file(src).map_err(|e| {
        let at = e.span().start();
        let what = e.to_string();
        if what == "cannot parse string into token stream" {
            // The lexer's error: it names no place of its own.
            format!("line {}: unbalanced `(`, `[` or `{{`, or an unterminated string or comment, at or after this line", at.line)
        } else {
            format!("line {}: {what}", at.line)
        }
    })?;
    let mut found = Vec::new();
    let mut unmarked = Vec::new();
    for item in &file.items {
        let Item::Fn(f) = item else { continue };
        let marker = f.attrs.iter().find_map(|a| {
            let last = a.path().segments.last()?.ident.to_string();
            match last.as_str() {
                "page" => Some(("page", a)),
                "partial" => Some(("partial", a)),
                _ => None,
            }
        });
        let name = f.sig.ident.to_string();
        let Some((kind, attr)) = marker else {
            if f.sig.asyncness.is_some() && matches!(f.vis, syn::Visibility::Public(_)) {
                unmarked.push(name);
            }
            continue;
        };
        let line = f.sig.ident.span().start().line;
        let mut methods = Vec::new();
        if let syn::Meta::List(list) = &attr.meta {
            let idents = list
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated,
                )
                .map_err(|e| format!("line {line}: `#[{kind}(..)]`: {e}"))?;
            methods.extend(idents.iter().map(|i| i.to_string().to_ascii_uppercase()));
        }
        if methods.is_empty() {
            methods.push("GET".to_owned());
        }
        let mut params = Vec::new();
        for arg in f.sig.inputs.iter().skip(1) {
            let FnArg::Typed(t) = arg else { continue };
            let Pat::Ident(p) = &*t.pat else { continue };
            if !is_path_param(&t.ty) {
                continue;
            }
            let name = p.ident.to_string();
            let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
            params.push(ParamArg {
                name,
                ty: t.ty.to_token_stream().to_string(),
            });
        }
        found.push(RouteFn {
            name,
            kind,
            methods,
            params,
            line,
        });
    }
    Ok((found, unmarked))
}

/// The argument types read from the request rather than the path: the
/// form, the query string and the signed-in user (as the attribute
/// macros read them).
const EXTRACTORS: [&str; 3] = ["Form", "Query", "SignedIn"];

/// Anything but the [`EXTRACTORS`] is a path param.
fn is_path_param(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p
            .path
            .segments
            .last()
            .is_none_or(|s| !EXTRACTORS.iter().any(|e| s.ident == e)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_marked_functions_and_their_params() {
        let src = r##"
            //! #[partial(post)] pub async fn in_a_comment() {}
            use hyperox::prelude::*;
            const S: &str = "#[partial] pub async fn in_a_string() {}";

            /// Adds.
            #[partial(post)]
            pub async fn add(cx: Cx<'_>, Form(f): Form<New>) -> Partial { todo!() }

            #[hyperox::partial(get, post)]
            pub async fn show(cx: Cx<'_>, id: i64, r#type: String, q: Query<Q>) -> Partial { todo!() }

            pub async fn helper() {}
            async fn private() {}
        "##;
        let (fns, unmarked) = route_fns(src).unwrap();
        assert_eq!(fns.len(), 2);
        assert_eq!(fns[0].name, "add");
        assert_eq!(fns[0].methods, ["POST"]);
        assert!(fns[0].params.is_empty());
        assert_eq!(fns[1].methods, ["GET", "POST"]);
        let names: Vec<&str> = fns[1].params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "type"]);
        assert_eq!(fns[1].params[1].ty, "String");
        assert_eq!(unmarked, ["helper"]);
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let err = route_fns("fn ok() {}\n\nfn broken( {").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
    }
}
