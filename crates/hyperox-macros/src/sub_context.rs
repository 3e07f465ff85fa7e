//! `#[derive(SubContext)]`: a child context that owns its parent in the
//! field marked `#[parent]`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match try_expand(input) {
        Ok(out) => out,
        Err(e) => e.to_compile_error(),
    }
}

fn try_expand(input: TokenStream) -> syn::Result<TokenStream> {
    let input: DeriveInput = syn::parse2(input)?;
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "`derive(SubContext)` takes a struct without generics",
        ));
    }
    let krate = crate_path(&input)?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            name.span(),
            "`derive(SubContext)` goes on a struct with a `#[parent]` field",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            data.fields.span(),
            "`derive(SubContext)` needs named fields, one of them marked `#[parent]`",
        ));
    };
    let marked: Vec<_> = fields
        .named
        .iter()
        .filter(|f| f.attrs.iter().any(|a| a.path().is_ident("parent")))
        .collect();
    let parent = match marked.as_slice() {
        [one] => *one,
        [] => {
            return Err(syn::Error::new(
                name.span(),
                format!(
                    "`derive(SubContext)` needs the parent context's field marked `#[parent]`, as in `struct {name} {{ #[parent] app: App, .. }}`"
                ),
            ));
        }
        [_, second, ..] => {
            return Err(syn::Error::new(
                second.span(),
                "only one field can be the `#[parent]`",
            ));
        }
    };
    let parent_name = parent.ident.as_ref().expect("named field");
    let parent_ty = &parent.ty;
    let others = fields
        .named
        .iter()
        .filter(|f| f.ident.as_ref() != Some(parent_name))
        .map(|f| {
            let n = f.ident.as_ref().expect("named field");
            let span = f.ty.span();
            quote::quote_spanned!(span=> #n: ::core::default::Default::default())
        });
    Ok(quote! {
        impl #krate::SubContext<#parent_ty> for #name {
            fn from_parent(parent: #parent_ty) -> Self {
                Self {
                    #parent_name: parent,
                    #(#others,)*
                }
            }
            fn into_parent(self) -> #parent_ty {
                self.#parent_name
            }
        }

        impl ::core::ops::Deref for #name {
            type Target = #parent_ty;
            fn deref(&self) -> &#parent_ty {
                &self.#parent_name
            }
        }

        impl ::core::ops::DerefMut for #name {
            fn deref_mut(&mut self) -> &mut #parent_ty {
                &mut self.#parent_name
            }
        }

        // Only usable where the parent is `Default` (the bound with a
        // lifetime is checked where it is used, not here).
        impl ::core::default::Default for #name
        where
            for<'__hyperox> #parent_ty: ::core::default::Default,
        {
            fn default() -> Self {
                <Self as #krate::SubContext<#parent_ty>>::from_parent(
                    ::core::default::Default::default(),
                )
            }
        }
    })
}

/// `#[sub_context(crate = "hyperox::router")]` names the router crate
/// when it is reached through another; `::hyperox_router` otherwise.
fn crate_path(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut path = quote!(::hyperox_router);
    for attr in &input.attrs {
        if !attr.path().is_ident("sub_context") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                let s: syn::LitStr = meta.value()?.parse()?;
                let p: syn::Path = s.parse()?;
                path = quote!(#p);
                Ok(())
            } else {
                Err(meta.error("expected `crate = \"path::to::router\"`"))
            }
        })?;
    }
    Ok(path)
}
