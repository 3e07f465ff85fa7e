//! The benchmark verifier's checks of a Fortunes answer: the headers it
//! requires, and the body equal to the expected document once both are
//! normalised (whitespace between tags dropped, character references read
//! as the characters they stand for) — with every `<` of a message
//! escaped, which a document that executes the script would fail.

use super::{Fortune, ROWS, with_added};

/// Checks an answer's status, headers (name, value; any case) and body.
pub fn answer(status: u16, headers: &[(String, String)], body: &str) -> Result<(), String> {
    if status != 200 {
        return Err(format!("status {status}, not 200"));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if header("server").is_none() {
        return Err("no Server header".into());
    }
    let date = header("date").ok_or("no Date header")?;
    if httpdate::parse_http_date(date).is_err() {
        return Err(format!("Date {date:?} is not an HTTP date"));
    }
    if header("content-length").is_none() && header("transfer-encoding").is_none() {
        return Err("neither Content-Length nor Transfer-Encoding".into());
    }
    let ty = header("content-type").ok_or("no Content-Type")?;
    let ty_norm: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    if !ty_norm.eq_ignore_ascii_case("text/html;charset=utf-8") {
        return Err(format!("Content-Type {ty:?}, not text/html; charset=utf-8"));
    }
    document(body)
}

/// Checks a body against the expected document.
pub fn document(body: &str) -> Result<(), String> {
    if body.contains("<script>") {
        return Err("a message's `<` is not escaped".into());
    }
    let got = normalise(body);
    let want = normalise(&expected());
    if got == want {
        Ok(())
    } else {
        let at = got
            .chars()
            .zip(want.chars())
            .take_while(|(a, b)| a == b)
            .count();
        Err(format!(
            "the body differs from the expected document at character {at}:\n got: {}\nwant: {}",
            got.chars()
                .skip(at.saturating_sub(20))
                .take(80)
                .collect::<String>(),
            want.chars()
                .skip(at.saturating_sub(20))
                .take(80)
                .collect::<String>()
        ))
    }
}

/// The expected document, as the verifier writes it.
pub fn expected() -> String {
    let rows = with_added(
        ROWS.iter()
            .map(|(id, m)| Fortune {
                id: *id,
                message: (*m).to_owned(),
            })
            .collect(),
    );
    let mut out = String::from(
        "<!doctype html><html><head><title>Fortunes</title></head><body><table><tr><th>id</th><th>message</th></tr>",
    );
    for f in rows {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>",
            f.id,
            escape(&f.message)
        ));
    }
    out.push_str("</table></body></html>");
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Whitespace between tags dropped, tag names and the doctype in lower
/// case, character references read, then markup-significant characters
/// in text written one way.
fn normalise(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').map_or(after.len(), |i| i + 1);
            out.push('<');
            out.push_str(&after[..end].to_ascii_lowercase());
            rest = after[end..].trim_start();
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode(&rest[..end]);
            out.push_str(&escape(text.trim_end()));
            rest = &rest[end..];
        }
    }
    out
}

/// Reads the character references of `text`.
fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
