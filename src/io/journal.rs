//! The recovery journal: a copy of the open briefing written shortly after typing stops (and
//! at least that often while typing goes on without a pause), in
//! the user's data folder (never beside the document), readable only by the user. After a
//! crash the next start finds it and offers the draft back; a clean save or close removes it.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{FileError, read_limited, write_atomic};
use crate::model::Briefing;

/// The journal file format version.
const JOURNAL_VERSION: u32 = 1;

/// What a journal file holds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entry {
    /// Format version of the journal file.
    pub journal_version: u32,
    /// Where the briefing was being saved, if it had a file.
    pub document: Option<PathBuf>,
    /// When the entry was written (ISO 8601, UTC).
    pub written: String,
    /// The process that wrote it, so a window still running is not offered its own draft.
    #[serde(default)]
    pub pid: Option<u32>,
    /// The draft.
    pub briefing: Briefing,
}

/// A journal entry found on disk.
#[derive(Clone, Debug)]
pub struct Found {
    /// The entry's id (its file name without the extension).
    pub id: String,
    /// What it holds.
    pub entry: Entry,
}

/// The folder of journal entries.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
}

impl Journal {
    /// A journal kept in `dir` (created on first write, private to the user).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The journal in the user's data folder: `$XDG_DATA_HOME/briefdesk/recovery`, or
    /// `~/.local/share/briefdesk/recovery`, or `%LOCALAPPDATA%\briefdesk\recovery`.
    pub fn in_user_data() -> Option<Self> {
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/share")))?;
        Some(Self::new(base.join("briefdesk").join("recovery")))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.journal.json"))
    }

    /// Writes (or replaces) the entry `id` atomically with owner-only permissions.
    pub fn write(
        &self,
        id: &str,
        document: Option<&Path>,
        briefing: &Briefing,
    ) -> Result<(), FileError> {
        create_private_dir(&self.dir)?;
        let entry = Entry {
            journal_version: JOURNAL_VERSION,
            document: document.map(Path::to_path_buf),
            written: crate::clock::now_iso(),
            pid: Some(std::process::id()),
            briefing: briefing.clone(),
        };
        let text = serde_json::to_string(&entry).unwrap_or_default();
        write_atomic(&self.file(id), text.as_bytes())
    }

    /// Removes the entry `id`; a missing entry is not an error.
    pub fn remove(&self, id: &str) -> Result<(), FileError> {
        let path = self.file(id);
        match fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(FileError::Io {
                action: "remove the recovery copy",
                path,
                source: error,
            }),
            _ => Ok(()),
        }
    }

    /// Every readable entry, newest first, and a message for each damaged one (which is left
    /// in place for the user to inspect).
    pub fn entries(&self) -> (Vec<Found>, Vec<String>) {
        let mut found = Vec::new();
        let mut damaged = Vec::new();
        let Ok(dir) = fs::read_dir(&self.dir) else {
            return (found, damaged);
        };
        for item in dir.flatten() {
            let path = item.path();
            let Some(id) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".journal.json"))
            else {
                continue;
            };
            let parsed = read_limited(&path, super::MAX_FILE_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    serde_json::from_str::<Entry>(&text).map_err(|e| {
                        format!("the recovery copy is damaged ({e}): {}", path.display())
                    })
                });
            match parsed {
                Ok(entry) => found.push(Found {
                    id: id.to_owned(),
                    entry,
                }),
                Err(message) => damaged.push(message),
            }
        }
        found.sort_by(|a, b| b.entry.written.cmp(&a.entry.written));
        (found, damaged)
    }
}

fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| FileError::Io {
        action: "create the recovery folder",
        path: dir.to_path_buf(),
        source,
    })
}

impl Found {
    /// True when the entry belongs to another briefdesk that is still running (its draft is
    /// not lost, so it is not offered for recovery).
    pub fn writer_is_running(&self) -> bool {
        match self.entry.pid {
            Some(pid) if pid != std::process::id() => {
                cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
            }
            _ => false,
        }
    }
}

/// A fresh entry id for this run of the program.
pub fn fresh_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos:x}", std::process::id())
}
