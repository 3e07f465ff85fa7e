//! Embedded assets: content-hash URLs, ETags and gzip/brotli copies made
//! at build time, written as Rust statics that `include_bytes!` the files.

use crate::routes::walk;
use crate::{BuildError, io_err};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Where assets are served.
///
/// # Example
///
/// ```
/// assert_eq!(hyperox_build::assets::ASSETS_PREFIX, "/assets");
/// ```
pub const ASSETS_PREFIX: &str = "/assets";

/// A file to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
///
/// # Example
///
/// ```
/// use hyperox_build::assets::public_files;
/// # let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(dir.path().join("js")).unwrap();
/// std::fs::write(dir.path().join("js/app.js"), "1").unwrap();
/// let files = public_files(dir.path()).unwrap();
/// assert_eq!(files[0].name, "js/app.js");
/// ```
pub struct SourceFile {
    /// Its path below the assets root, with `/` separators: `js/app.js`.
    pub name: String,
    /// The file to embed.
    pub path: PathBuf,
    /// The file to read instead in development, when it exists.
    pub dev_path: Option<PathBuf>,
}

/// Every file of the app's `public/` folder (none when it is missing).
///
/// # Example
///
/// ```
/// use hyperox_build::assets::public_files;
/// # let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("robots.txt"), "").unwrap();
/// assert_eq!(public_files(dir.path()).unwrap().len(), 1);
/// assert!(public_files(&dir.path().join("missing")).unwrap().is_empty());
/// ```
pub fn public_files(dir: &Path) -> Result<Vec<SourceFile>, BuildError> {
    let mut out = Vec::new();
    let mut bad = None;
    walk(dir, &mut |p| {
        let rel = p.strip_prefix(dir).unwrap_or(p);
        match rel.to_str() {
            Some(s) => {
                let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
                out.push(SourceFile {
                    name: s.replace(std::path::MAIN_SEPARATOR, "/"),
                    path: abs.clone(),
                    dev_path: Some(abs),
                });
            }
            None => bad = Some(p.to_owned()),
        }
    })?;
    if let Some(file) = bad {
        return Err(BuildError::Malformed {
            file,
            reason: "an asset's path must be valid UTF-8".to_owned(),
        });
    }
    Ok(out)
}

/// The `Content-Type` of a file, by its extension: `mime_guess`'s table
/// (the one the router's static files use), with `charset=utf-8` on
/// text, JavaScript and JSON.
///
/// # Example
///
/// ```
/// use hyperox_build::assets::content_type;
/// assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
/// assert_eq!(content_type("logo.png"), "image/png");
/// ```
pub fn content_type(name: &str) -> String {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::JAVASCRIPT
        || mime.subtype() == mime_guess::mime::JSON;
    if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("image/svg")
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/manifest")
        || content_type.starts_with("application/xml")
        || content_type.starts_with("application/wasm")
        || content_type == "image/x-icon"
}

/// The hashed URL of an asset: `js/app.js` with hash `h` is
/// `/assets/js/app.h.js`.
///
/// # Example
///
/// ```
/// assert_eq!(hyperox_build::assets::hashed_url("js/app.js", "3f9a"), "/assets/js/app.3f9a.js");
/// ```
pub fn hashed_url(name: &str, hash: &str) -> String {
    let (dir, file) = name.rsplit_once('/').map_or(("", name), |(d, f)| (d, f));
    let hashed = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        format!("{ASSETS_PREFIX}/{hashed}")
    } else {
        format!("{ASSETS_PREFIX}/{dir}/{hashed}")
    }
}

/// The constant name of an asset: `js/app.js` → `JS_APP_JS`.
///
/// # Example
///
/// ```
/// assert_eq!(hyperox_build::assets::const_name("js/app-v2.js"), "JS_APP_V2_JS");
/// ```
pub fn const_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'A');
    }
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

#[cfg(feature = "brotli")]
fn brotli(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        enc.write_all(data).expect("writing to a Vec cannot fail");
    }
    Some(out)
}

/// Without the `brotli` feature, no brotli copies: gzip alone (a few
/// percent larger) and a cold build 3 s shorter.
#[cfg(not(feature = "brotli"))]
fn brotli(_: &[u8]) -> Option<Vec<u8>> {
    None
}

/// Writes compressed copies into `out_dir` and returns Rust code for
/// `pub mod {module}` holding one `static` per file (of type
/// `{asset_type}::Asset`) and `ALL`.
///
/// # Example
///
/// ```
/// use hyperox_build::assets::{SourceFile, generate};
/// # let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("robots.txt");
/// std::fs::write(&path, "User-agent: *").unwrap();
/// let files = [SourceFile { name: "robots.txt".into(), path, dev_path: None }];
/// let code = generate(&files, dir.path(), "assets", "::hyperox::assets").unwrap();
/// assert!(code.contains("pub static ROBOTS_TXT"));
/// ```
pub fn generate(
    files: &[SourceFile],
    out_dir: &Path,
    module: &str,
    assets_path: &str,
) -> Result<String, BuildError> {
    std::fs::create_dir_all(out_dir).map_err(io_err(out_dir))?;
    let mut code = format!(
        "/// The embedded assets, with content-hash URLs.\n#[allow(missing_docs)]\npub mod {module} {{\n"
    );
    let mut names = Vec::new();
    let mut taken = HashSet::new();
    for f in files {
        let data = std::fs::read(&f.path).map_err(io_err(&f.path))?;
        let digest = Sha256::digest(&data);
        let hex: String = digest.iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        });
        let url = hashed_url(&f.name, &hex[..12]);
        let ctype = content_type(&f.name);
        let encoded = |ext: &str, bytes: Option<Vec<u8>>| -> Result<Option<PathBuf>, BuildError> {
            let Some(bytes) = bytes else { return Ok(None) };
            if bytes.len() * 20 >= data.len() * 19 {
                return Ok(None);
            }
            let path = out_dir.join(format!("{}.{ext}", &hex[..32]));
            std::fs::write(&path, bytes).map_err(io_err(&path))?;
            Ok(Some(path))
        };
        let (gz, br) = if compressible(&ctype) && data.len() > 256 {
            (
                encoded("gz", Some(gzip(&data)))?,
                encoded("br", brotli(&data))?,
            )
        } else {
            (None, None)
        };
        let mut name = const_name(&f.name);
        while !taken.insert(name.clone()) {
            name.push('_');
        }
        let include = |p: &Option<PathBuf>| match p {
            Some(p) => format!(
                "::std::option::Option::Some(include_bytes!({:?}))",
                p.display().to_string()
            ),
            None => "::std::option::Option::None".to_owned(),
        };
        let dev = match &f.dev_path {
            Some(p) => format!("::std::option::Option::Some({:?})", p.display().to_string()),
            None => "::std::option::Option::None".to_owned(),
        };
        let _ = write!(
            code,
            "    /// `{name_s}`, served at `{url}`.\n    pub static {name}: {assets_path}::Asset = {assets_path}::Asset {{\n        name: {name_s:?},\n        url: {url:?},\n        content_type: {ctype:?},\n        etag: {etag:?},\n        body: include_bytes!({path:?}),\n        gzip: {gz},\n        brotli: {br},\n        dev_path: {dev},\n    }};\n",
            name_s = f.name,
            etag = format!("\"{}\"", &hex[..32]),
            path = f.path.display().to_string(),
            gz = include(&gz),
            br = include(&br),
        );
        names.push(name);
    }
    let _ = writeln!(
        code,
        "    /// Every asset above.\n    pub static ALL: &[&{assets_path}::Asset] = &[{}];\n}}",
        names
            .iter()
            .map(|n| format!("&{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_names() {
        assert_eq!(hashed_url("app.js", "abc"), "/assets/app.abc.js");
        assert_eq!(
            hashed_url("js/app.min.js", "abc"),
            "/assets/js/app.min.abc.js"
        );
        assert_eq!(hashed_url("LICENSE", "abc"), "/assets/LICENSE.abc");
        assert_eq!(hashed_url(".well", "abc"), "/assets/.well.abc");
        assert_eq!(const_name("js/app.js"), "JS_APP_JS");
        assert_eq!(const_name("404.html"), "A404_HTML");
        assert_eq!(content_type("a.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("a.bin"), "application/octet-stream");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("font.woff2"), "font/woff2");
    }

    #[test]
    fn compresses_text_and_leaves_images() {
        let dir = tempfile::tempdir().unwrap();
        let css = dir.path().join("a.css");
        std::fs::write(&css, ".a{color:red}\n".repeat(100)).unwrap();
        let png = dir.path().join("b.png");
        std::fs::write(
            &png,
            (0..2000u32)
                .map(|i| (i * 7919 % 251) as u8)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let files = [
            SourceFile {
                name: "a.css".into(),
                path: css,
                dev_path: None,
            },
            SourceFile {
                name: "b.png".into(),
                path: png,
                dev_path: None,
            },
        ];
        let code = generate(&files, &dir.path().join("out"), "assets", "crate").unwrap();
        assert!(code.contains("pub static A_CSS"), "{code}");
        let a = code.split("pub static B_PNG").next().unwrap();
        assert!(a.contains("gzip: ::std::option::Option::Some"), "{a}");
        assert_eq!(
            a.contains("brotli: ::std::option::Option::Some"),
            cfg!(feature = "brotli"),
            "{a}"
        );
        let b = code.split("pub static B_PNG").nth(1).unwrap();
        assert!(b.contains("gzip: ::std::option::Option::None"), "{b}");
        // Round trip of the gzip copy.
        let gz = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "gz"))
            .unwrap();
        let mut dec = flate2::read::GzDecoder::new(std::fs::File::open(gz).unwrap());
        let mut back = String::new();
        std::io::Read::read_to_string(&mut dec, &mut back).unwrap();
        assert_eq!(back, ".a{color:red}\n".repeat(100));
    }
}
