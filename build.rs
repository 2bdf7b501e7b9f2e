//! Embeds the built-in templates: writes a list of `(path, include_str!)` pairs for every file
//! under `templates/`, so adding a template file needs no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            relative.to_string_lossy().replace('\\', "/"),
            absolute.to_string_lossy()
        );
    }
    out.push(']');
    let target =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("builtin_templates.rs");
    if let Err(error) = std::fs::write(&target, out) {
        println!("cargo:warning=cannot write {}: {error}", target.display());
    }
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "md" || e == "json") {
            files.push(path);
        }
    }
}
