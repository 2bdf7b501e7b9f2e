//! The shape of the code that the one-render-pipeline work set up, kept by a test: egui only
//! in the window's two modules and `main.rs`, layout entered only by the pipeline's renderer,
//! and no source file grown past ~900 lines (a sign it holds several rooms).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The code of a file without its comments (what the compiler reads).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn egui_is_used_only_by_the_window() {
    let mut found = Vec::new();
    for (name, text) in all() {
        let window =
            name.starts_with("src/app/") || name.starts_with("src/ui/") || name == "src/main.rs";
        let code = code(&text);
        if !window && (code.contains("egui") || code.contains("eframe")) {
            found.push(name);
        }
    }
    assert!(found.is_empty(), "egui outside the window: {found:?}");
}

#[test]
fn layout_is_entered_only_by_the_renderer() {
    let mut found = Vec::new();
    for (name, text) in all() {
        let code = code(&text);
        let calls = code.contains("layout::layout(") || code.contains("layout_cached(");
        if calls && !name.starts_with("src/pipeline/") {
            found.push(name);
        }
    }
    assert!(
        found.is_empty(),
        "layout called around the renderer: {found:?}"
    );
}

#[test]
fn no_source_file_holds_several_rooms() {
    let long: Vec<(String, usize)> = all()
        .into_iter()
        .map(|(name, text)| (name, text.lines().count()))
        .filter(|(_, lines)| *lines > 900)
        .collect();
    assert!(long.is_empty(), "split these along their seams: {long:?}");
}
