//! Reading and writing document files so that a crash, a full disk or a kill at any moment
//! leaves either the old file or the new one, never a mixture.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use thiserror::Error;

/// Why reading or writing a file failed. The message names the path last.
#[derive(Debug, Error)]
pub enum FileError {
    /// The operating system refused.
    #[error("could not {action}: {source}: {path}")]
    Io {
        /// What was being done ("read", "write the temporary file"…).
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is larger than the cap.
    #[error("the file is {size} bytes, more than the {limit} a briefing may be: {path}")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The cap.
        limit: u64,
        /// The path.
        path: PathBuf,
    },
    /// The target is a folder.
    #[error("a folder is in the way; choose a file name instead: {path}")]
    IsFolder {
        /// The path.
        path: PathBuf,
    },
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> FileError {
    let path = path.to_path_buf();
    move |source| FileError::Io {
        action,
        path,
        source,
    }
}

/// Reads a whole file as UTF-8, refusing files over `limit` bytes before reading them.
pub fn read_limited(path: &Path, limit: u64) -> Result<String, FileError> {
    let file = File::open(path).map_err(io("open", path))?;
    let meta = file.metadata().map_err(io("read", path))?;
    if meta.is_dir() {
        return Err(FileError::IsFolder {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > limit {
        return Err(FileError::TooLarge {
            size: meta.len(),
            limit,
            path: path.to_path_buf(),
        });
    }
    let mut bytes = Vec::new();
    // A file that grows while being read is still capped.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(io("read", path))?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge {
            size: bytes.len() as u64,
            limit,
            path: path.to_path_buf(),
        });
    }
    String::from_utf8(bytes).map_err(|_| FileError::Io {
        action: "read",
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text",
        ),
    })
}

/// Writes `bytes` to `path` atomically: a private temporary file in the same folder, flushed
/// to disk, renamed over the target, then the folder flushed. An existing file keeps its
/// permissions; a new one is private to its owner (briefings are often sensitive). On any
/// error the target is untouched and the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    // Write through a symbolic link to the file it names, so the link survives.
    let target = match fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(_) => path.to_path_buf(),
    };
    if target.is_dir() {
        return Err(FileError::IsFolder { path: target });
    }
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing_permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let temp = temp_path(&folder, &target);

    let result = (|| {
        let mut file = create_private(&temp).map_err(io("create a temporary file", &temp))?;
        file.write_all(bytes)
            .map_err(io("write the temporary file", &temp))?;
        file.sync_all()
            .map_err(io("flush the temporary file", &temp))?;
        drop(file);
        fs::rename(&temp, &target).map_err(io("replace the file", &target))?;
        // The old permissions go back on after the rename, so the temporary file is never
        // readable by others, even if the process dies at any moment; a death right here
        // leaves the file more private than before, never less.
        if let Some(permissions) = &existing_permissions {
            fs::set_permissions(&target, permissions.clone())
                .map_err(io("copy the file's permissions", &target))?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
        return result;
    }
    sync_folder(&folder);
    Ok(())
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(folder: &Path, target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "briefing".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

#[cfg(unix)]
fn create_private(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

/// Flushes the folder entry so the rename itself survives a power cut. Best effort: some
/// platforms and file systems cannot open a folder for syncing, and the rename has happened.
fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}
