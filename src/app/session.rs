//! The open document: the briefing, its history, where it lives on disk and whether what is
//! on disk is still what was loaded. No egui here; the window drives it.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use thiserror::Error;

use crate::io::{self, FileError, LoadError};
use crate::model::{Briefing, Edit, EditError, History};

/// What the file looked like when it was opened or last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let bytes = std::fs::read(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: hash(&bytes),
        })
    }

    /// True when the file at `path` no longer holds what this stamp saw. A touched file with
    /// the same bytes counts as unchanged.
    fn differs(&self, path: &Path) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false; // deleted or moved away: saving recreates it, nothing is lost
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return false;
        }
        std::fs::read(path).map_or(true, |bytes| hash(&bytes) != self.hash)
    }
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// Why a save did not happen. The document stays unsaved in every case.
#[derive(Debug, Error)]
pub enum SaveError {
    /// Someone else changed the file since it was opened or saved here.
    #[error("the file was changed by another program since it was opened: {0}")]
    ChangedOnDisk(PathBuf),
    /// This file could not be opened earlier, so writing over it could destroy work.
    #[error(
        "this file could not be opened, so briefdesk will not write over it; choose another name: {0}"
    )]
    Unreadable(PathBuf),
    /// Writing failed.
    #[error(transparent)]
    File(#[from] FileError),
}

/// The document being edited.
#[derive(Debug)]
pub struct Session {
    /// The briefing.
    pub briefing: Briefing,
    /// Its undo history.
    pub history: History,
    /// Where it is saved, if anywhere.
    pub path: Option<PathBuf>,
    /// True when the content came from the recovery journal and has not been saved since.
    pub recovered: bool,
    /// The article an imported briefing was made from (never written to): until the
    /// briefing is saved, its pictures are found beside the article, and Save offers the
    /// article's folder.
    pub origin: Option<PathBuf>,
    saved_state: Option<u64>,
    stamp: Option<Stamp>,
}

impl Session {
    /// A document not yet saved anywhere. It counts as unchanged until it is edited.
    pub fn new(briefing: Briefing) -> Self {
        let history = History::new();
        Self {
            saved_state: Some(history.state()),
            briefing,
            history,
            path: None,
            recovered: false,
            origin: None,
            stamp: None,
        }
    }

    /// Opens a briefing file; on failure nothing changes and the file is untouched.
    pub fn open(path: &Path) -> Result<(Self, Vec<String>), LoadError> {
        let loaded = io::load(path)?;
        let mut session = Self::new(loaded.briefing);
        session.path = Some(path.to_path_buf());
        session.stamp = Stamp::of(path);
        Ok((session, loaded.migrations))
    }

    /// A new document that has never been saved and holds work (made from an imported
    /// file): closing asks where to keep it.
    pub fn unsaved(briefing: Briefing) -> Self {
        let mut session = Self::new(briefing);
        session.saved_state = None;
        session
    }

    /// An unsaved briefing imported from the article at `origin`.
    pub fn imported(briefing: Briefing, origin: &Path) -> Self {
        let mut session = Self::unsaved(briefing);
        session.origin = Some(origin.to_path_buf());
        session
    }

    /// The file whose folder holds the briefing's pictures: the briefing's own file, or,
    /// until it is saved, the article it was imported from.
    pub fn pictures_file(&self) -> Option<PathBuf> {
        self.path.clone().or_else(|| self.origin.clone())
    }

    /// A draft brought back from the recovery journal: unsaved until saved.
    pub fn recovered(briefing: Briefing, path: Option<PathBuf>) -> Self {
        let mut session = Self::new(briefing);
        session.stamp = path.as_deref().and_then(Stamp::of);
        session.path = path;
        session.saved_state = None;
        session.recovered = true;
        session
    }

    /// True when there are changes not yet written to the file.
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.history.state())
    }

    /// The file's name for titles and messages.
    pub fn name(&self) -> String {
        self.path.as_deref().and_then(Path::file_name).map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Applies an edit through the history. `group` coalesces typing into one undo step.
    pub fn apply(&mut self, edit: Edit, group: Option<&str>) -> Result<(), EditError> {
        self.history.apply(&mut self.briefing, edit, group)
    }

    /// Undoes one step; false when there was none.
    pub fn undo(&mut self) -> Result<bool, EditError> {
        self.history.break_group();
        self.history.undo(&mut self.briefing)
    }

    /// Redoes one step; false when there was none.
    pub fn redo(&mut self) -> Result<bool, EditError> {
        self.history.redo(&mut self.briefing)
    }

    /// True when the file on disk changed since it was opened or saved here.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.stamp) {
            (Some(path), Some(stamp)) => stamp.differs(path),
            _ => false,
        }
    }

    /// Saves to `path` (the current file or a new one). Refuses to overwrite a file changed
    /// by someone else unless `overwrite_changes`, and refuses a file listed in `unreadable`.
    pub fn save(
        &mut self,
        path: &Path,
        overwrite_changes: bool,
        unreadable: &[PathBuf],
    ) -> Result<(), SaveError> {
        if unreadable.iter().any(|p| same_file(p, path)) {
            return Err(SaveError::Unreadable(path.to_path_buf()));
        }
        let same_as_open = self.path.as_deref().is_some_and(|p| same_file(p, path));
        if same_as_open && !overwrite_changes && self.changed_on_disk() {
            return Err(SaveError::ChangedOnDisk(path.to_path_buf()));
        }
        io::save(path, &self.briefing)?;
        self.path = Some(path.to_path_buf());
        self.stamp = Stamp::of(path);
        self.saved_state = Some(self.history.state());
        self.history.break_group();
        self.recovered = false;
        Ok(())
    }
}

/// True when two paths name the same file (or the same path when neither exists yet).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
