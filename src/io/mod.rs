//! Files: loading and saving briefings, reading template folders. Only the app and the
//! command line call into here; the pipeline phases never touch the file system.

mod atomic;
pub mod bibliography;
mod format;
pub mod journal;

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::Briefing;

pub use atomic::{
    FileError, Readers, check_writable, read_limited, read_limited_bytes, remove_stale,
    write_all_atomic, write_atomic,
};
pub use format::{FormatError, MAX_FILE_BYTES, from_json, to_json};

/// Why a briefing could not be opened. The file is never changed by a failed load.
#[derive(Debug, Error)]
pub enum LoadError {
    /// Reading failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// The content is not a usable briefing.
    #[error("could not open the briefing: {source}: {path}")]
    Format {
        /// What is wrong.
        source: FormatError,
        /// The path.
        path: PathBuf,
    },
}

/// A loaded briefing and the migration notes, if the file was in an older format.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The briefing.
    pub briefing: Briefing,
    /// One line per migration step taken.
    pub migrations: Vec<String>,
}

/// Loads a briefing file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let text = read_limited(path, MAX_FILE_BYTES)?;
    let (briefing, migrations) = from_json(&text).map_err(|source| LoadError::Format {
        source,
        path: path.to_path_buf(),
    })?;
    Ok(Loaded {
        briefing,
        migrations,
    })
}

/// Saves a briefing atomically.
pub fn save(path: &Path, briefing: &Briefing) -> Result<(), FileError> {
    write_atomic(path, to_json(briefing).as_bytes())
}

/// Reads every `blocks/*.md` and `briefings/*.md` file of a user template folder as
/// `(relative path, text)`. Unreadable files are returned as errors beside the rest.
pub fn read_template_folder(folder: &Path) -> (Vec<(String, String)>, Vec<FileError>) {
    const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for kind in ["blocks", "briefings"] {
        let Ok(entries) = std::fs::read_dir(folder.join(kind)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let name = format!(
                "{kind}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            match read_limited(&path, MAX_TEMPLATE_BYTES) {
                Ok(text) => files.push((name, text)),
                Err(error) => errors.push(error),
            }
        }
    }
    (files, errors)
}

/// The user's template folder: `$BRIEFDESK_TEMPLATES`, else `$XDG_DATA_HOME/briefdesk/templates`,
/// else `~/.local/share/briefdesk/templates`.
pub fn user_template_folder() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BRIEFDESK_TEMPLATES") {
        return Some(PathBuf::from(dir));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(data.join("briefdesk").join("templates"))
}

/// The largest picture file read.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads and decodes the pictures the document's figures name, from `folder` (the
/// document's own). A path that leaves the folder (through `..` or a link), a missing or
/// unreadable file and a picture over the size caps are each a warning naming the figure;
/// the rest of the document still exports.
pub fn read_images(
    document: &crate::doc::Document,
    folder: &Path,
) -> (
    crate::layout::image::Images,
    Vec<crate::diagnostic::Diagnostic>,
) {
    use crate::diagnostic::Diagnostic;

    let mut images = crate::layout::image::Images::new();
    let mut diagnostics = Vec::new();
    let Ok(root) = std::fs::canonicalize(folder) else {
        return (images, diagnostics);
    };
    for section in &document.sections {
        for (src, line) in section.figures() {
            if images.contains_key(src) {
                continue;
            }
            let warn = |problem: String| {
                Diagnostic::warning(format!(
                    "the image '{src}' {problem}; a box with its alt text stands in"
                ))
                .in_section(section.id.clone())
                .at_line(line)
            };
            let path = match std::fs::canonicalize(root.join(src)) {
                Ok(path) => path,
                Err(_) => {
                    diagnostics.push(warn("cannot be found beside the document".into()));
                    continue;
                }
            };
            if !path.starts_with(&root) {
                diagnostics.push(warn("leads out of the document's folder".into()));
                continue;
            }
            let bytes = match std::fs::File::open(&path).and_then(|f| {
                use std::io::Read;
                let mut bytes = Vec::new();
                f.take(MAX_IMAGE_BYTES + 1).read_to_end(&mut bytes)?;
                Ok(bytes)
            }) {
                Ok(bytes) if bytes.len() as u64 > MAX_IMAGE_BYTES => {
                    diagnostics.push(warn(format!(
                        "is larger than {} MB",
                        MAX_IMAGE_BYTES / 1024 / 1024
                    )));
                    continue;
                }
                Ok(bytes) => bytes,
                Err(error) => {
                    diagnostics.push(warn(format!("cannot be read ({error})")));
                    continue;
                }
            };
            match crate::layout::image::decode(&bytes) {
                Ok(picture) => {
                    images.insert(src.to_owned(), std::sync::Arc::new(picture));
                }
                Err(problem) => diagnostics.push(warn(problem)),
            }
        }
    }
    (images, diagnostics)
}
