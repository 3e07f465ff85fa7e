//! `#[page]` and `#[partial]`: the function stays as written, and beside
//! it comes the function of the one handler shape (`async fn(cx: Cx<'_>)
//! -> Response`) that reads each typed argument and calls it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Pat, Token, Type};

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// Which attribute is expanding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Page,
    Partial,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Self::Page => "page",
            Self::Partial => "partial",
        }
    }
}

pub(crate) fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    match try_expand(kind, args, item.clone()) {
        Ok(out) => out,
        // The function as written stays, so that the error is the only one.
        Err(e) => {
            let err = e.to_compile_error();
            quote!(#err #item)
        }
    }
}

fn try_expand(kind: Kind, args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    check_methods(kind, args)?;
    let mut func: ItemFn = syn::parse2(item).map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("`#[{}]` goes on a `pub async fn`", kind.name()),
        )
    })?;
    let sig = &func.sig;
    let shape = format!("`#[{}]` goes on a `pub async fn`", kind.name());
    if !matches!(func.vis, syn::Visibility::Public(_)) {
        return Err(syn::Error::new(
            sig.fn_token.span(),
            format!("{shape}: this one is not `pub`"),
        ));
    }
    if sig.asyncness.is_none() {
        return Err(syn::Error::new(
            sig.fn_token.span(),
            format!("{shape}: this one is not `async`"),
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new(
            sig.generics.span(),
            "a page or partial cannot be generic: its arguments are read from the request",
        ));
    }
    let mut inputs = sig.inputs.iter();
    let cx_ty = match inputs.next() {
        Some(FnArg::Typed(t)) => &t.ty,
        Some(FnArg::Receiver(r)) => {
            return Err(syn::Error::new(
                r.span(),
                "a page or partial is a free function: its first argument is `cx: Cx<'_>`",
            ));
        }
        None => {
            return Err(syn::Error::new(
                sig.paren_token.span.join(),
                "a page or partial takes `cx: Cx<'_>` first",
            ));
        }
    };

    let name = &sig.ident;
    let adapter = format_ident!("__hyperox_route_{}", name);
    let mut reads = Vec::new();
    let mut passed = Vec::new();
    let mut aliases = Vec::new();
    for (i, arg) in inputs.enumerate() {
        let FnArg::Typed(t) = arg else {
            return Err(syn::Error::new(arg.span(), "unexpected `self`"));
        };
        let ty = &t.ty;
        let arg_name = match &*t.pat {
            Pat::Ident(p) => p.ident.unraw_string(),
            _ => String::new(),
        };
        let var = format_ident!("__arg{}", i);
        let span = ty.span();
        reads.push(quote_spanned! {span=>
            let #var: #ty = match ::hyperox::__private::arg::<_, #ty>(&mut cx, #arg_name).await {
                ::core::result::Result::Ok(v) => v,
                ::core::result::Result::Err(r) => {
                    return ::hyperox::router::IntoResponse::into_response(r);
                }
            };
        });
        // `Form<T>` and `Query<T>`: what `T` lacks is said about `T`.
        if let Some(fields) = fields_type(ty) {
            let fields_span = fields.span();
            reads.push(quote_spanned! {fields_span=>
                ::hyperox::__private::from_fields::<#fields>();
            });
        }
        passed.push(var);
        if !arg_name.is_empty() && is_path_param(ty) {
            let alias = format_ident!("__hyperox_{}_{}", name, arg_name);
            aliases.push(quote_spanned! {span=>
                #[doc(hidden)]
                #[allow(non_camel_case_types)]
                pub type #alias = #ty;
            });
        }
    }
    let ret_span = match &sig.output {
        syn::ReturnType::Default => sig.paren_token.span.join(),
        syn::ReturnType::Type(_, t) => t.span(),
    };
    let call = quote_spanned! {ret_span=>
        ::hyperox::__private::respond(#name(cx, #(#passed),*).await)
    };
    let doc = format!("The handler the router calls for [`{name}`].");
    // It is `pub` for the router only: a private `Form<T>` type is fine.
    func.attrs
        .push(syn::parse_quote!(#[allow(private_interfaces)]));
    Ok(quote! {
        #func

        #(#aliases)*

        #[doc = #doc]
        #[doc(hidden)]
        #[allow(unused_mut, clippy::all)]
        pub async fn #adapter(mut cx: #cx_ty) -> ::hyperox::router::Response {
            #(#reads)*
            #call
        }
    })
}

/// `T` of an argument typed `Form<T>` or `Query<T>`.
fn fields_type(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Form" && last.ident != "Query" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// Whether an argument of this type is a path param: anything but the
/// [`EXTRACTORS`] (`hyperox-build`'s `scan.rs` reads signatures by the
/// same rule, to generate links).
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

/// The argument types read from the request rather than the path: the
/// form, the query string, and the signed-in user (`hyperox::auth`).
/// `hyperox-build`'s `scan.rs` keeps the same list.
const EXTRACTORS: [&str; 3] = ["Form", "Query", "SignedIn"];

trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for Ident {
    fn unraw_string(&self) -> String {
        let s = self.to_string();
        s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
    }
}

/// `#[partial(get, post)]`: known methods, each once; `#[page]`: none.
fn check_methods(kind: Kind, args: TokenStream) -> syn::Result<()> {
    let list = Punctuated::<Ident, Token![,]>::parse_terminated
        .parse2(args.clone())
        .map_err(|e| {
            syn::Error::new(
                e.span(),
                format!(
                    "expected the methods the {} answers, as in `#[partial(get, post)]`",
                    kind.name()
                ),
            )
        })?;
    if kind == Kind::Page {
        if let Some(first) = list.first() {
            return Err(syn::Error::new(
                first.span(),
                "`#[page]` takes no methods: a page answers GET and HEAD (state-changing requests go to a `#[partial(post)]`)",
            ));
        }
        return Ok(());
    }
    let mut seen: Vec<String> = Vec::new();
    for m in &list {
        let lower = m.to_string().to_ascii_lowercase();
        if !METHODS.contains(&lower.as_str()) {
            return Err(syn::Error::new(
                m.span(),
                format!(
                    "`{m}` is not a method a partial can answer: use get, post, put, patch or delete"
                ),
            ));
        }
        if seen.contains(&lower) {
            return Err(syn::Error::new(m.span(), format!("`{m}` is named twice")));
        }
        seen.push(lower);
    }
    Ok(())
}
