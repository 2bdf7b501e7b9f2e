//! The file flow: new, open, import, save and the paths asked for them, with unsaved changes
//! dealt with first and an existing file never replaced without asking.

use std::path::{Path, PathBuf};

use super::App;
use super::dialogs::{FileKind, Picked};
use super::modal::Modal;
use super::session::{SaveError, Session};
use crate::io::journal;
use crate::model::Briefing;
use crate::templates::Library;

/// What a path asked for in the window will be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a document.
    Open,
    /// Import an article as a new briefing.
    Import,
    /// Add a bibliography's entries to the source ledger.
    ImportSources,
    /// Save the document.
    SaveAs,
    /// Write the PDF.
    ExportPdf,
    /// Write Markdown.
    ExportMarkdown,
    /// Write a Word document.
    ExportDocx,
    /// Insert a picture into the body.
    InsertPicture,
    /// Write the review copy (comments and suggestions shown) as a PDF.
    ExportReview,
    /// Choose a version to compare the briefing with.
    CompareFile,
    /// Write the redline of a comparison as a PDF.
    Redline,
}

impl Purpose {
    fn kind(self) -> FileKind {
        match self {
            Purpose::Open | Purpose::SaveAs | Purpose::CompareFile => FileKind::Briefing,
            Purpose::ExportReview | Purpose::Redline => FileKind::Pdf,
            Purpose::Import => FileKind::Article,
            Purpose::ImportSources => FileKind::Bibliography,
            Purpose::ExportPdf => FileKind::Pdf,
            Purpose::ExportMarkdown => FileKind::Markdown,
            Purpose::ExportDocx => FileKind::Docx,
            Purpose::InsertPicture => FileKind::Picture,
        }
    }
}

/// What happens once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Close the window.
    Quit,
    /// Show the template picker.
    New,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open the built-in sample.
    Sample,
    /// Ask for an article to import.
    Import,
}

/// Opens a briefing, or a Markdown file as a new untitled briefing. Errors are sentences that
/// say the file was not changed.
pub(super) fn open_document(
    path: &Path,
    library: &Library,
) -> Result<(Session, Vec<String>), String> {
    if is_article(path) {
        let bytes = crate::io::read_limited_bytes(path, crate::io::MAX_FILE_BYTES)
            .map_err(|e| format!("{e}. The file was not changed."))?;
        let imported =
            crate::templates::import::import_bytes(path, &bytes, library, &crate::clock::today())
                .map_err(|e| format!("{e}. The file was not changed."))?;
        return Ok((Session::imported(imported.briefing, path), Vec::new()));
    }
    Session::open(path).map_err(|e| format!("{e}. The file was not changed."))
}

/// Whether a file is an article (Markdown or text) rather than a briefing.
fn is_article(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_lowercase();
    [
        ".md",
        ".markdown",
        ".txt",
        ".text",
        ".html",
        ".htm",
        ".docx",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

/// The built-in sample briefing (falls back to an empty one if the embedded copy is damaged,
/// which a test guards against).
pub fn sample() -> Briefing {
    crate::io::from_json(crate::templates::sample_json())
        .map(|(b, _)| b)
        .unwrap_or_else(|_| Briefing::new("Untitled briefing"))
}

impl App {
    /// Starts a new briefing from a template (after unsaved changes were dealt with).
    pub fn new_from_template(&mut self, template: &str) {
        let briefing = if template == "sample" {
            Some(sample())
        } else {
            self.library.new_briefing(template, &crate::clock::today())
        };
        match briefing {
            Some(briefing) => {
                self.replace_session(Session::new(briefing));
                self.modal = None;
            }
            None => self.fail(format!("There is no briefing template '{template}'")),
        }
    }

    /// Makes a new, unsaved briefing from an article (after unsaved changes were dealt with).
    /// The article itself is never written to.
    pub fn import_path(&mut self, path: &Path) {
        let bytes = match crate::io::read_limited_bytes(path, crate::io::MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.modal = Some(Modal::Error(format!("{e}. Nothing was imported.")));
                return;
            }
        };
        let imported = match crate::templates::import::import_bytes(
            path,
            &bytes,
            &self.library,
            &crate::clock::today(),
        ) {
            Ok(imported) => imported,
            Err(e) => {
                self.modal = Some(Modal::Error(format!(
                    "Cannot import {}: {e}. Nothing was imported.",
                    path.display()
                )));
                return;
            }
        };
        let sections = imported.briefing.sections.len();
        let matched = imported
            .briefing
            .sections
            .iter()
            .filter(|s| !s.block.is_empty())
            .count();
        self.replace_session(Session::imported(imported.briefing, path));
        let dropped: usize = imported.report.len();
        self.status = Some((
            format!(
                "Imported {} as a new briefing: {sections} sections, {matched} matched to blocks, \
                 {dropped} runs of boilerplate left out; Save asks where to keep it",
                path.display()
            ),
            false,
        ));
    }

    /// Adds a bibliography's entries to the ledger as one undoable change; an id the ledger
    /// has keeps the ledger's entry.
    pub fn import_sources(&mut self, path: &Path) {
        let read = crate::io::read_limited(path, crate::io::MAX_FILE_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|text| crate::io::bibliography::read(&text));
        let imported = match read {
            Ok(imported) => imported,
            Err(e) => {
                self.modal = Some(Modal::Error(format!(
                    "{e}: {}. No sources were added.",
                    path.display()
                )));
                return;
            }
        };
        let mut ledger = self.session.briefing.sources.clone();
        let read = imported.sources.len();
        let kept = crate::io::bibliography::merge(&mut ledger, imported.sources);
        let start = self.session.briefing.sources.len();
        let edits: Vec<crate::model::Edit> = ledger
            .drain(start..)
            .enumerate()
            .map(|(i, source)| crate::model::Edit::InsertSource {
                index: start + i,
                source: Box::new(source),
            })
            .collect();
        let added = edits.len();
        if added > 0 {
            self.apply(crate::model::Edit::Batch(edits), None);
        }
        let mut message = format!("Added {added} of {read} sources from {}", path.display());
        if !kept.is_empty() {
            message.push_str(&format!(
                "; already in the ledger, kept as they were: {}",
                kept.join(", ")
            ));
        }
        if !imported.skipped.is_empty() {
            message.push_str(&format!("; {}", imported.skipped.join("; ")));
        }
        self.status = Some((message, false));
    }

    /// Opens a file (after unsaved changes were dealt with). A Markdown file becomes a new,
    /// untitled briefing; the Markdown file itself is never written to.
    pub fn open_path(&mut self, path: &Path) {
        if is_article(path) {
            self.import_path(path);
            return;
        }
        match open_document(path, &self.library) {
            Ok((session, notes)) => {
                let imported = session.path.is_none();
                self.replace_session(session);
                if !imported {
                    self.remember_recent(path);
                }
                self.unreadable.retain(|p| p != path);
                self.status = Some(if imported {
                    (
                        format!(
                            "Opened {} as a new briefing; Save asks where to keep it",
                            path.display()
                        ),
                        false,
                    )
                } else if notes.is_empty() {
                    (format!("Opened {}", path.display()), false)
                } else {
                    (notes.join("; "), false)
                });
            }
            Err(message) => {
                if !self.unreadable.iter().any(|p| p == path) {
                    self.unreadable.push(path.to_path_buf());
                }
                self.modal = Some(Modal::Error(message));
            }
        }
    }

    /// Saves to the current file, or asks for one.
    pub fn save(&mut self) {
        match self.session.path.clone() {
            Some(path) => self.save_to(&path, false),
            None => self.ask_path(Purpose::SaveAs),
        }
    }

    /// Writes the briefing to `path`; `overwrite_changes` confirms replacing a file someone
    /// else changed.
    pub fn save_to(&mut self, path: &Path, overwrite_changes: bool) {
        match self.session.save(path, overwrite_changes, &self.unreadable) {
            Ok(()) => {
                self.remember_recent(path);
                self.forget_journal();
                self.note(&format!("Saved {}", path.display()));
            }
            Err(SaveError::ChangedOnDisk(path)) => {
                self.modal = Some(Modal::ChangedOnDisk { path });
            }
            Err(error) => self.fail(format!("Not saved: {error}")),
        }
    }

    /// Takes a path for `purpose` from a dialog or the in-window field. `confirmed` is true
    /// when a native dialog already asked about replacing this exact name.
    pub fn use_path(&mut self, purpose: Purpose, chosen: &Path, confirmed: bool) {
        self.modal = None;
        // A folder that is not there is named as such, for reading and writing alike.
        if let Some(folder) = chosen.parent().filter(|f| !f.as_os_str().is_empty())
            && !folder.is_dir()
        {
            self.fail(format!(
                "There is no folder {}; choose a folder that exists",
                folder.display()
            ));
            return;
        }
        let reads = matches!(
            purpose,
            Purpose::Open | Purpose::Import | Purpose::ImportSources | Purpose::InsertPicture
        );
        // A bare name opens the file Save would have written under it ("albania" →
        // "albania.briefing.json").
        let completed = purpose.kind().with_extension(chosen);
        let chosen = if reads && !chosen.exists() && completed.is_file() {
            completed.as_path()
        } else {
            chosen
        };
        if purpose == Purpose::Open {
            self.open_path(chosen);
            return;
        }
        if purpose == Purpose::Import {
            self.import_path(chosen);
            return;
        }
        if purpose == Purpose::ImportSources {
            self.import_sources(chosen);
            return;
        }
        if purpose == Purpose::InsertPicture {
            self.insert_picture_file(chosen);
            return;
        }
        if purpose == Purpose::CompareFile {
            self.review_action(super::review::ReviewAction::CompareWith(
                chosen.to_path_buf(),
            ));
            return;
        }
        let path = purpose.kind().with_extension(chosen);
        let renamed = path != chosen;
        if path.is_dir() {
            self.fail(format!(
                "A folder is in the way; choose a file name instead: {}",
                path.display()
            ));
            return;
        }
        if path.exists() && (renamed || !confirmed) {
            self.modal = Some(Modal::ConfirmOverwrite { purpose, path });
            return;
        }
        self.write_to(purpose, &path);
    }

    /// Writes for `purpose` without further questions.
    pub fn write_to(&mut self, purpose: Purpose, path: &Path) {
        self.modal = None;
        match purpose {
            Purpose::Open => self.open_path(path),
            Purpose::Import => self.import_path(path),
            Purpose::ImportSources => self.import_sources(path),
            Purpose::SaveAs => self.save_to(path, true),
            Purpose::ExportPdf => self.export_to(path, FileKind::Pdf),
            Purpose::ExportMarkdown => self.export_to(path, FileKind::Markdown),
            Purpose::ExportDocx => self.export_to(path, FileKind::Docx),
            Purpose::InsertPicture => self.insert_picture_file(path),
            Purpose::ExportReview => {
                self.export_as(path, FileKind::Pdf, super::export::What::Review)
            }
            Purpose::CompareFile => {
                self.review_action(super::review::ReviewAction::CompareWith(path.to_path_buf()));
            }
            Purpose::Redline => match self.redline.take() {
                Some(redline) => {
                    self.export_as(path, FileKind::Pdf, super::export::What::Redline(redline));
                }
                None => self.note("Nothing to write: compare again"),
            },
        }
    }

    /// Continues after unsaved changes were saved or discarded.
    pub fn then(&mut self, then: Then) {
        self.modal = None;
        match then {
            Then::Quit => {
                self.quit_confirmed = true;
                self.forget_journal();
            }
            Then::New => self.modal = Some(Modal::New),
            Then::Open => self.ask_path(Purpose::Open),
            Then::OpenPath(path) => self.open_path(&path),
            Then::Sample => {
                self.replace_session(Session::new(sample()));
                self.note("Opened the sample briefing; Save as keeps a copy of your own");
            }
            Then::Import => self.ask_path(Purpose::Import),
        }
    }

    /// Discards the unsaved changes and continues. The recovery copy stays until the next
    /// document replaces this one (or the window closes), so cancelling later loses nothing.
    pub fn discard_and(&mut self, then: Then) {
        self.then(then);
    }

    /// Saves, then continues when the save worked.
    pub fn save_and(&mut self, then: Then) {
        self.modal = None;
        self.save();
        if !self.session.is_dirty() {
            self.then(then);
        }
    }

    pub(super) fn guard_unsaved(&mut self, then: Then) {
        if self.session.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.then(then);
        }
    }

    pub(super) fn ask_path(&mut self, purpose: Purpose) {
        let kind = purpose.kind();
        let folder = self
            .session
            .pictures_file()
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let stem = crate::model::slug(&self.session.briefing.meta.title);
        let stem = if stem.is_empty() {
            "briefing".to_owned()
        } else {
            stem
        };
        // An export of one variant says so in the name the dialog offers ("…-memo.pdf"):
        // the preview's variant is what gets written.
        let stem = match (purpose, self.variant) {
            (Purpose::ExportPdf | Purpose::ExportMarkdown | Purpose::ExportDocx, Some(v)) => {
                format!("{stem}-{}", v.name())
            }
            (Purpose::ExportReview, _) => format!("{stem}-review-copy"),
            (Purpose::Redline, _) => format!("{stem}-changes"),
            _ => stem,
        };
        let picked = match purpose {
            Purpose::Open
            | Purpose::Import
            | Purpose::ImportSources
            | Purpose::InsertPicture
            | Purpose::CompareFile => self.dialogs.open(kind, folder.as_deref()),
            _ => {
                let name = format!("{stem}{}", kind.extension());
                self.dialogs.save(kind, folder.as_deref(), &name)
            }
        };
        match picked {
            Picked::Path(path) => self.use_path(purpose, &path, true),
            Picked::Cancelled => {}
            Picked::Unavailable => {
                // Start from the document's folder, or the working folder, written out in
                // full so the author sees where the file will go.
                let folder = folder
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default();
                let text = match purpose {
                    Purpose::Open
                    | Purpose::Import
                    | Purpose::ImportSources
                    | Purpose::InsertPicture
                    | Purpose::CompareFile => format!("{}/", folder.display()),
                    _ => folder
                        .join(format!("{stem}{}", kind.extension()))
                        .display()
                        .to_string(),
                };
                self.modal = Some(Modal::PathEntry { purpose, text });
            }
        }
    }

    pub(super) fn replace_session(&mut self, session: Session) {
        self.forget_journal();
        self.journal_id = journal::fresh_id();
        self.session = session;
        self.serial += 1;
        self.selected = self.session.briefing.sections.first().map(|s| s.id.clone());
        self.preview.sent = None;
    }

    fn remember_recent(&mut self, path: &Path) {
        self.preferences.remember(path);
    }

    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.guard_unsaved(Then::OpenPath(path));
        }
    }
}
