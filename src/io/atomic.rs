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
    /// The input is not a regular file (a folder, a named pipe, a device).
    #[error("{what}, not a file; name a file to read: {path}")]
    NotAFile {
        /// What it is instead ("it is a folder").
        what: &'static str,
        /// The path.
        path: PathBuf,
    },
    /// The folder an output should go in does not exist.
    #[error("the folder does not exist; create it or choose another: {folder}")]
    NoFolder {
        /// The folder.
        folder: PathBuf,
    },
}

/// Who may read a file written here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readers {
    /// Only its owner (briefings and recovery copies are often sensitive).
    Owner,
    /// As the user's umask says, like any file a program writes (exports are meant to be
    /// handed out).
    Umask,
}

/// How old a temporary file of ours must be before a later write to the same folder removes
/// it as left behind by a killed process.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(15 * 60);

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> FileError {
    let path = path.to_path_buf();
    move |source| FileError::Io {
        action,
        path,
        source,
    }
}

/// Reads a whole file as UTF-8, refusing files over `limit` bytes before reading them and
/// anything that is not a regular file before opening it (opening a named pipe would wait
/// for a writer forever; a device may never end).
pub fn read_limited(path: &Path, limit: u64) -> Result<String, FileError> {
    let bytes = read_limited_bytes(path, limit)?;
    String::from_utf8(bytes).map_err(|_| FileError::Io {
        action: "read",
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text",
        ),
    })
}

/// Reads a regular file's bytes, refusing one over `limit` bytes (as [`read_limited`]).
pub fn read_limited_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    regular_file(&fs::metadata(path).map_err(io("open", path))?, path)?;
    let file = File::open(path).map_err(io("open", path))?;
    let meta = file.metadata().map_err(io("read", path))?;
    regular_file(&meta, path)?;
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
    Ok(bytes)
}

/// Refuses what is not a regular file, saying what it is.
fn regular_file(meta: &fs::Metadata, path: &Path) -> Result<(), FileError> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    let special = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            Some("it is a named pipe (FIFO)")
        } else if kind.is_char_device() || kind.is_block_device() {
            Some("it is a device")
        } else if kind.is_socket() {
            Some("it is a socket")
        } else {
            None
        }
    };
    #[cfg(not(unix))]
    let special = None;
    let what = match special {
        Some(what) => what,
        None if kind.is_dir() => "it is a folder",
        None => "it is not a regular file",
    };
    Err(FileError::NotAFile {
        what,
        path: path.to_path_buf(),
    })
}

/// Checks, before anything is written, that a file can be written at `path`: its folder
/// exists and is a folder, the path is not a folder, and the folder accepts new files.
pub fn check_writable(path: &Path) -> Result<(), FileError> {
    let (target, folder) = target_and_folder(path)?;
    let probe = temp_path(&folder, &target);
    create_file(&probe, Readers::Owner).map_err(io("create a file in the folder", &folder))?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

/// The file a write to `path` replaces (through a symbolic link, to the file it names, so the
/// link survives) and the folder it sits in, or why nothing can be written there.
fn target_and_folder(path: &Path) -> Result<(PathBuf, PathBuf), FileError> {
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if target.is_dir() {
        return Err(FileError::IsFolder { path: target });
    }
    let folder = folder_of(&target);
    if !folder.is_dir() {
        return Err(FileError::NoFolder { folder });
    }
    Ok((target, folder))
}

/// The folder a path's file lives in (`.` for a bare name).
fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes several files so that either all of them are replaced or none is: each is written
/// to a temporary file beside it and flushed first, and only when every one is on disk are
/// they renamed over their targets. Each new file gets `readers`; an existing one keeps its
/// permissions. Temporary files of ours left in those folders by a killed process are
/// removed on the way.
pub fn write_all_atomic(files: &[(&Path, &[u8])], readers: Readers) -> Result<(), FileError> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match stage(path, bytes, readers) {
            Ok(file) => staged.push(file),
            Err(error) => {
                for file in &staged {
                    let _ = fs::remove_file(&file.temp);
                }
                return Err(error);
            }
        }
    }
    let mut result = Ok(());
    for file in &staged {
        if result.is_ok() {
            result = file.commit();
        }
        // A failed rename leaves its temporary file, and the ones after it, to remove.
        let _ = fs::remove_file(&file.temp);
    }
    for file in &staged {
        remove_stale(&file.folder);
    }
    result
}

/// A file written to its temporary name, flushed, not yet renamed.
struct Staged {
    temp: PathBuf,
    target: PathBuf,
    folder: PathBuf,
    permissions: Option<fs::Permissions>,
}

impl Staged {
    fn commit(&self) -> Result<(), FileError> {
        fs::rename(&self.temp, &self.target).map_err(io("replace the file", &self.target))?;
        // The old permissions go back on after the rename, so the temporary file is never
        // readable by others, even if the process dies at any moment; a death right here
        // leaves the file more private than before, never less.
        if let Some(permissions) = &self.permissions {
            fs::set_permissions(&self.target, permissions.clone())
                .map_err(io("copy the file's permissions", &self.target))?;
        }
        sync_folder(&self.folder);
        Ok(())
    }
}

fn stage(path: &Path, bytes: &[u8], readers: Readers) -> Result<Staged, FileError> {
    let (target, folder) = target_and_folder(path)?;
    let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let temp = temp_path(&folder, &target);
    let written = (|| {
        let mut file = create_file(&temp, readers).map_err(io("create a temporary file", &temp))?;
        file.write_all(bytes)
            .map_err(io("write the temporary file", &temp))?;
        file.sync_all()
            .map_err(io("flush the temporary file", &temp))
    })();
    match written {
        Ok(()) => Ok(Staged {
            temp,
            target,
            folder,
            permissions,
        }),
        Err(error) => {
            let _ = fs::remove_file(&temp);
            Err(error)
        }
    }
}

/// Removes temporary files of ours (`.NAME.PID-N.tmp`) older than [`STALE_AFTER`] from
/// `folder`: a process killed mid-write leaves one behind. Nothing else is touched.
pub fn remove_stale(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !is_our_temp(&name.to_string_lossy()) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a file name has the shape of our temporary files: `.NAME.PID-N.tmp`.
pub fn is_our_temp(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((stem, counter)) = rest.rsplit_once('.') else {
        return false;
    };
    let Some((pid, n)) = counter.split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    !stem.is_empty() && digits(pid) && digits(n)
}

/// Writes `bytes` to `path` atomically: a private temporary file in the same folder, flushed
/// to disk, renamed over the target, then the folder flushed. An existing file keeps its
/// permissions; a new one is private to its owner (briefings are often sensitive). On any
/// error the target is untouched and the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_all_atomic(&[(path, bytes)], Readers::Owner)
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
fn create_file(path: &Path, readers: Readers) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // The system takes the umask off 0o666, as for any file a program creates.
    let mode = match readers {
        Readers::Owner => 0o600,
        Readers::Umask => 0o666,
    };
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
}

#[cfg(not(unix))]
fn create_file(path: &Path, _: Readers) -> std::io::Result<File> {
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
