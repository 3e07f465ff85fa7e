//! `hyperox build`, `hyperox routes` and `hyperox css`.

use crate::Failure;
use std::path::Path;
use std::process::Command;

fn app_root(path: &Path) -> Result<std::path::PathBuf, Failure> {
    let root = path
        .canonicalize()
        .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    if !root.join("Cargo.toml").exists() {
        return Err(Failure(format!(
            "{} has no Cargo.toml: run this in an app's folder (or pass --path)",
            root.display()
        )));
    }
    Ok(root)
}

/// The release build; prints the binary's path and size.
pub(crate) fn release(path: &Path) -> Result<(), Failure> {
    let root = app_root(path)?;
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "build",
            "--release",
            "--message-format=json-render-diagnostics",
        ])
        .current_dir(&root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(Failure(
            "the release build failed (the errors are above)".to_owned(),
        ));
    }
    let name = crate::dev::package_name(&root);
    let mut exe = None;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        crate::dev::pick_binary(&msg, name.as_deref(), &mut exe);
    }
    let exe = exe.ok_or_else(|| {
        Failure("the build made no binary: does the app have a src/main.rs?".to_owned())
    })?;
    let size = std::fs::metadata(&exe)?.len();
    println!(
        "{}  ({:.1} MiB, every asset embedded)",
        exe.display(),
        size as f64 / 1048576.0
    );
    println!(
        "SIGTERM stops it after the requests in flight; restarts that refuse no connection \
         pass it the listening socket (LISTEN_FDS): systemd with deploy/*.socket, or \
         scripts/handoff.py from the hyperox repository, which restarts it on SIGHUP"
    );
    Ok(())
}

/// Prints the route table.
pub(crate) fn routes(path: &Path) -> Result<(), Failure> {
    let root = app_root(path)?;
    let table = hyperox_build::routes::scan(&root.join("src"))?;
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let rel = |f: &Path| f.strip_prefix(&root).unwrap_or(f).display().to_string();
    for p in &table.pages {
        rows.push(("GET".to_owned(), p.pattern.clone(), rel(&p.file)));
    }
    for p in &table.partials {
        rows.push((
            p.methods.join(","),
            p.pattern.clone(),
            format!("{} ({})", rel(&p.file), p.function),
        ));
    }
    let w0 = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(6);
    let w1 = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(7);
    println!("{:<w0$}  {:<w1$}  SOURCE", "METHOD", "PATTERN");
    for (m, p, f) in rows {
        println!("{m:<w0$}  {p:<w1$}  {f}");
    }
    Ok(())
}

/// Writes the stylesheet to `out` (`-`: standard output).
pub(crate) fn css(path: &Path, out: &Path) -> Result<(), Failure> {
    let root = app_root(path)?;
    let config = hyperox_build::css::load_config(&root.join("hyperox.toml"))?;
    let sheet = hyperox_build::css::generate(&root.join("src"), &config)?;
    if out == Path::new("-") {
        print!("{sheet}");
    } else {
        std::fs::write(out, &sheet).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
        eprintln!("wrote {} ({} bytes)", out.display(), sheet.len());
    }
    Ok(())
}
