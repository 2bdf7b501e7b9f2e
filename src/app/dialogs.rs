//! File dialogs. rfd answers `None` both when the user cancels and when no dialog could be
//! shown at all (no desktop portal, no zenity); [`Picked`] tells the two apart so the app can
//! offer its own path field instead of silently doing nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The outcome of asking for a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// The user chose this path.
    Path(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown; ask in the window instead.
    Unavailable,
}

/// What kind of file a dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A `.briefing.json` document (or a Markdown file to open).
    Briefing,
    /// A PDF export.
    Pdf,
    /// A Markdown export.
    Markdown,
    /// A Word document export.
    Docx,
    /// An article to import (Markdown or plain text).
    Article,
    /// A bibliography to take sources from (BibTeX/BibLaTeX or CSL-JSON).
    Bibliography,
    /// A picture to insert (PNG or JPEG).
    Picture,
}

impl FileKind {
    /// The extension a typed name gets when it has none of the right ones.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Briefing => ".briefing.json",
            FileKind::Pdf => ".pdf",
            FileKind::Docx => ".docx",
            FileKind::Markdown | FileKind::Article => ".md",
            FileKind::Bibliography => ".bib",
            FileKind::Picture => ".png",
        }
    }

    /// Adds the extension when the name lacks it.
    pub fn with_extension(self, path: &Path) -> PathBuf {
        let name = path.to_string_lossy();
        let lower = name.to_lowercase();
        let fine = match self {
            FileKind::Briefing => lower.ends_with(".briefing.json") || lower.ends_with(".json"),
            FileKind::Pdf => lower.ends_with(".pdf"),
            FileKind::Docx => lower.ends_with(".docx"),
            FileKind::Markdown => lower.ends_with(".md") || lower.ends_with(".markdown"),
            FileKind::Article | FileKind::Bibliography | FileKind::Picture => true,
        };
        if fine {
            path.to_path_buf()
        } else {
            PathBuf::from(format!("{name}{}", self.extension()))
        }
    }

    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Briefing => ("Briefing", &["json", "md", "markdown"]),
            FileKind::Pdf => ("PDF", &["pdf"]),
            FileKind::Markdown => ("Markdown", &["md", "markdown"]),
            FileKind::Docx => ("Word document", &["docx"]),
            FileKind::Article => (
                "Article",
                &["md", "markdown", "txt", "text", "html", "htm", "docx"],
            ),
            FileKind::Bibliography => ("Bibliography", &["bib", "json"]),
            FileKind::Picture => ("Picture", &["png", "jpg", "jpeg"]),
        }
    }
}

/// Asks the desktop for files, and for the clipboard's text. The app holds one; tests give it
/// scripted answers.
pub trait Dialogs {
    /// A file to open.
    fn open(&mut self, kind: FileKind, folder: Option<&Path>) -> Picked;
    /// A file to write, suggesting `name`.
    fn save(&mut self, kind: FileKind, folder: Option<&Path>, name: &str) -> Picked;
    /// Hands a file to the desktop (open, show in its folder, print); says what was done.
    fn hand_off(&mut self, what: super::desktop::HandOff, path: &Path) -> Result<String, String> {
        super::desktop::hand_off(what, path)
    }
    /// The text on the system clipboard, or why there is none.
    fn clipboard_text(&mut self) -> Result<String, String> {
        let mut clipboard =
            arboard::Clipboard::new().map_err(|e| format!("the clipboard cannot be read: {e}"))?;
        clipboard
            .get_text()
            .map_err(|e| format!("the clipboard holds no text: {e}"))
    }
}

/// The system's dialogs through rfd.
#[derive(Debug, Default)]
pub struct Native;

/// A `None` from rfd sooner than this is no dialog at all: no person cancels that fast.
const TOO_FAST: Duration = Duration::from_millis(250);

impl Native {
    /// Whether a dialog can possibly be shown: a desktop portal needs a session bus, and the
    /// fallback needs zenity on the path. Other systems always have native dialogs.
    fn possible() -> bool {
        if !cfg!(target_os = "linux") && !cfg!(target_os = "freebsd") {
            return true;
        }
        let zenity = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        });
        zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
    }

    fn run(pick: impl FnOnce() -> Option<PathBuf>) -> Picked {
        if !Self::possible() {
            return Picked::Unavailable;
        }
        let started = Instant::now();
        match pick() {
            Some(path) => Picked::Path(path),
            None if started.elapsed() < TOO_FAST => Picked::Unavailable,
            None => Picked::Cancelled,
        }
    }
}

impl Dialogs for Native {
    fn open(&mut self, kind: FileKind, folder: Option<&Path>) -> Picked {
        let (name, extensions) = kind.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open a briefing")
            .add_filter(name, extensions);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        Self::run(|| dialog.pick_file())
    }

    fn save(&mut self, kind: FileKind, folder: Option<&Path>, name: &str) -> Picked {
        let (filter, extensions) = kind.filter();
        let mut dialog = rfd::FileDialog::new()
            .set_title(match kind {
                FileKind::Briefing => "Save the briefing",
                FileKind::Pdf => "Export PDF",
                FileKind::Markdown => "Export Markdown",
                FileKind::Docx => "Export a Word document",
                FileKind::Article => "Import an article",
                FileKind::Bibliography => "Import sources",
                FileKind::Picture => "Insert a picture",
            })
            .add_filter(filter, extensions)
            .set_file_name(name);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        Self::run(|| dialog.save_file())
    }
}
