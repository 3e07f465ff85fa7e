//! A small lexer over Rust source: finds `pub async fn page` and the
//! `#[partial(..)]` functions, skipping comments, strings and chars.

/// A function marked `#[partial(..)]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PartialFn {
    pub name: String,
    pub methods: Vec<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Punct(char),
}

/// The tokens of `src` that matter here, with their line numbers.
fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) && raw_string_at(b, i).is_some() => {
                let end = raw_string_at(b, i).expect("checked");
                line += b[i..end].iter().filter(|&&c| c == b'\n').count();
                i = end;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    line += usize::from(b.get(i) == Some(&b'\n'));
                    i += 1;
                }
                i += 1;
            }
            b'\'' => {
                // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push((Tok::Ident(src[start..i].to_owned()), line));
            }
            c if c.is_ascii_whitespace() => i += 1,
            c if c.is_ascii() => {
                out.push((Tok::Punct(c as char), line));
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// The end of a raw string starting at `i` (`r"..."`, `r#"..."#`).
fn raw_string_at(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut hashes = 0;
    while b.get(j) == Some(&b'#') {
        hashes += 1;
        j += 1;
    }
    if b.get(j) != Some(&b'"') {
        return None;
    }
    j += 1;
    while j < b.len() {
        if b[j] == b'"'
            && b[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == b'#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(b.len())
}

fn is_ident(t: &Tok, s: &str) -> bool {
    matches!(t, Tok::Ident(i) if i == s)
}

/// Whether the source declares `pub async fn page(`.
pub(crate) fn has_page_fn(src: &str) -> bool {
    let toks = tokens(src);
    toks.windows(5).any(|w| {
        is_ident(&w[0].0, "pub")
            && is_ident(&w[1].0, "async")
            && is_ident(&w[2].0, "fn")
            && is_ident(&w[3].0, "page")
            && matches!(w[4].0, Tok::Punct('(' | '<'))
    })
}

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// The functions marked `#[partial]` or `#[partial(post, ..)]` (also
/// `#[hyperox::partial(..)]`), each of which must be a `pub async fn`.
pub(crate) fn partial_fns(src: &str) -> Result<Vec<PartialFn>, String> {
    let toks = tokens(src);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // `#` `[` [`hyperox` `:` `:`] `partial`
        if toks[i].0 != Tok::Punct('#') || toks.get(i + 1).map(|t| &t.0) != Some(&Tok::Punct('[')) {
            i += 1;
            continue;
        }
        let line = toks[i].1;
        let mut j = i + 2;
        if toks.get(j).is_some_and(|t| is_ident(&t.0, "hyperox"))
            && toks.get(j + 1).map(|t| &t.0) == Some(&Tok::Punct(':'))
            && toks.get(j + 2).map(|t| &t.0) == Some(&Tok::Punct(':'))
        {
            j += 3;
        }
        if !toks.get(j).is_some_and(|t| is_ident(&t.0, "partial")) {
            i += 1;
            continue;
        }
        j += 1;
        let mut methods = Vec::new();
        if toks.get(j).map(|t| &t.0) == Some(&Tok::Punct('(')) {
            j += 1;
            loop {
                match toks.get(j).map(|t| &t.0) {
                    Some(Tok::Punct(')')) => {
                        j += 1;
                        break;
                    }
                    Some(Tok::Punct(',')) => j += 1,
                    Some(Tok::Ident(m)) if METHODS.contains(&m.to_ascii_lowercase().as_str()) => {
                        let m = m.to_ascii_uppercase();
                        if methods.contains(&m) {
                            return Err(format!("line {line}: `{m}` is named twice"));
                        }
                        methods.push(m);
                        j += 1;
                    }
                    other => {
                        return Err(format!(
                            "line {line}: `#[partial(..)]` takes methods among get, post, put, patch, delete; found {}",
                            describe(other)
                        ));
                    }
                }
            }
        }
        if toks.get(j).map(|t| &t.0) != Some(&Tok::Punct(']')) {
            return Err(format!("line {line}: malformed `#[partial]` attribute"));
        }
        j += 1;
        if methods.is_empty() {
            methods.push("GET".to_owned());
        }
        // Skip further attributes, then expect `pub async fn name`.
        while toks.get(j).map(|t| &t.0) == Some(&Tok::Punct('#')) {
            let mut depth = 0;
            j += 1;
            while let Some((t, _)) = toks.get(j) {
                j += 1;
                match t {
                    Tok::Punct('[') => depth += 1,
                    Tok::Punct(']') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        let sig: Vec<_> = toks.iter().skip(j).take(4).map(|t| &t.0).collect();
        match sig.as_slice() {
            [
                Tok::Ident(p),
                Tok::Ident(a),
                Tok::Ident(f),
                Tok::Ident(name),
            ] if p == "pub" && a == "async" && f == "fn" => {
                out.push(PartialFn {
                    name: name.clone(),
                    methods,
                    line,
                });
                i = j + 4;
            }
            _ => {
                return Err(format!(
                    "line {line}: `#[partial]` must be followed by a `pub async fn`"
                ));
            }
        }
    }
    Ok(out)
}

fn describe(t: Option<&Tok>) -> String {
    match t {
        Some(Tok::Ident(i)) => format!("`{i}`"),
        Some(Tok::Punct(c)) => format!("`{c}`"),
        None => "the end of the file".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_partials_and_skips_comments_and_strings() {
        let src = r##"
            // #[partial(post)] pub async fn commented() {}
            /* #[partial] pub async fn blocked() {} */
            const S: &str = "#[partial] pub async fn quoted()";
            const R: &str = r#"#[partial] pub async fn raw()"#;
            fn f<'a>(x: &'a str) -> char { '#' }

            /// Adds one.
            #[partial(post)]
            pub async fn add(cx: Cx<'_, S>) {}

            #[hyperox::partial(GET, delete)]
            #[allow(unused)]
            pub async fn list(cx: Cx<'_, S>) {}

            #[partial]
            pub async fn show(cx: Cx<'_, S>) {}
        "##;
        let fns = partial_fns(src).unwrap();
        let names: Vec<_> = fns
            .iter()
            .map(|f| (f.name.as_str(), f.methods.join(",")))
            .collect();
        assert_eq!(
            names,
            [
                ("add", "POST".to_owned()),
                ("list", "GET,DELETE".to_owned()),
                ("show", "GET".to_owned())
            ]
        );
        assert_eq!(fns[0].line, 9);
    }

    #[test]
    fn rejects_bad_partials() {
        let err = partial_fns("#[partial(fetch)] pub async fn a() {}").unwrap_err();
        assert!(err.contains("`fetch`"), "{err}");
        let err = partial_fns("#[partial(post)] fn a() {}").unwrap_err();
        assert!(err.contains("pub async fn"), "{err}");
        let err = partial_fns("#[partial(post, post)] pub async fn a() {}").unwrap_err();
        assert!(err.contains("twice"), "{err}");
    }

    #[test]
    fn finds_the_page_fn() {
        assert!(has_page_fn("pub async fn page(cx: Cx<'_, S>) {}"));
        assert!(!has_page_fn(
            "// pub async fn page(cx) {}\npub fn page() {}"
        ));
    }
}
