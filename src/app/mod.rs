//! The desktop window: the document session, commands, the preview worker and the recovery
//! journal, drawn by the `*_ui` functions in [`crate::ui`].
//!
//! Every change to the briefing goes through [`Session::apply`] (so undo, the dirty flag, the
//! journal and the preview all follow), and every action through [`App::execute`] with a
//! [`Command`].

pub mod command;
pub mod dialogs;
pub mod session;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{ColorImage, TextureHandle, TextureOptions};

use crate::pipeline::preview::{self, PageInfo, Request, Update, Worker};
pub use command::Command;
use dialogs::{Dialogs, FileKind, Picked};
use session::{SaveError, Session};

use crate::diagnostic::Diagnostic;
use crate::io::journal::{self, Journal};
use crate::model::{Briefing, Edit, Variant};
use crate::templates::Library;

/// How long after the last change the recovery copy is written.
pub const JOURNAL_DELAY: Duration = Duration::from_millis(1500);

/// While typing goes on without a pause, a recovery copy is still written this often.
pub const JOURNAL_MAX_GAP: Duration = Duration::from_millis(1000);

/// A pause in typing this long ends one undo step.
const TYPING_PAUSE: Duration = Duration::from_millis(1000);

/// How many recent files are remembered.
const RECENT_LIMIT: usize = 8;

/// Everything the window is started with; tests build their own.
pub struct Options {
    /// The file to open; `None` opens the built-in sample.
    pub file: Option<PathBuf>,
    /// Where recovery copies go; `None` keeps none.
    pub journal: Option<Journal>,
    /// Quiet time before a recovery copy is written.
    pub journal_delay: Duration,
    /// How files are asked for.
    pub dialogs: Box<dyn Dialogs>,
    /// Block and briefing templates.
    pub library: Library,
    /// When the program started, for the start-up time.
    pub started: Instant,
    /// Close as soon as the first frame is drawn (start-up measurement and smoke tests).
    pub exit_after_first_frame: bool,
}

impl Options {
    /// Options for a test: no file, scripted dialogs, the journal in `journal_dir`, copies
    /// written at once.
    pub fn for_tests(journal_dir: &Path, dialogs: dialogs::Scripted) -> Self {
        Self {
            file: None,
            journal: Some(Journal::new(journal_dir)),
            journal_delay: Duration::ZERO,
            dialogs: Box::new(dialogs),
            library: Library::builtin(),
            started: Instant::now(),
            exit_after_first_frame: false,
        }
    }
}

/// Preview zoom: fit the panel's width, or a fixed number of screen points per PDF point.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Zoom {
    /// Page width fills the panel.
    Fit,
    /// Fixed scale.
    Scale(f32),
}

/// A page of the preview as the window holds it.
pub struct PageView {
    /// Regions and text.
    pub info: PageInfo,
    /// The painted page; `None` until the first paint arrives.
    pub texture: Option<TextureHandle>,
}

/// The preview as shown: the newest layout, and the newest paint of each page.
pub struct PreviewView {
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// The pages.
    pub pages: Vec<PageView>,
    /// The problems list: compose's, layout's and the checks' findings, the worst first.
    pub diagnostics: Vec<Diagnostic>,
    /// What compose and layout found for the shown layout.
    pub(crate) layout_diagnostics: Vec<Diagnostic>,
    /// What the reviewer's checks found, once they ran.
    check_diagnostics: Vec<Diagnostic>,
    /// Zoom.
    pub zoom: Zoom,
    /// Screen points per PDF point used for the current layout of pages.
    pub points_per_pt: f32,
    /// The newest request sent.
    pub requested: u64,
    /// The newest request whose layout arrived.
    pub laid: u64,
    /// The newest request fully painted.
    pub done: u64,
    /// Request-to-page time of the last paint.
    pub latency: Option<Duration>,
    /// Scroll the preview to the selected section's first page on the next frame.
    pub reveal: bool,
    /// The pages on screen.
    pub visible: std::ops::Range<usize>,
    sent: Option<SentKey>,
}

#[derive(Clone, Debug, PartialEq)]
struct SentKey {
    serial: u64,
    visible: std::ops::Range<usize>,
    state: u64,
    scale: f32,
    variant: Option<Variant>,
    file: Option<PathBuf>,
}

/// What a path asked for in the window will be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a document.
    Open,
    /// Import an article as a new briefing.
    Import,
    /// Save the document.
    SaveAs,
    /// Write the PDF.
    ExportPdf,
    /// Write Markdown.
    ExportMarkdown,
}

impl Purpose {
    fn kind(self) -> FileKind {
        match self {
            Purpose::Open | Purpose::SaveAs => FileKind::Briefing,
            Purpose::Import => FileKind::Article,
            Purpose::ExportPdf => FileKind::Pdf,
            Purpose::ExportMarkdown => FileKind::Markdown,
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
    /// Ask for an article to import.
    Import,
}

/// A question or notice that takes the window's attention.
#[derive(Clone, Debug)]
pub enum Modal {
    /// Drafts found in the recovery journal.
    Recover(Vec<journal::Found>),
    /// No file dialog could be shown: type a path.
    PathEntry {
        /// What the path is for.
        purpose: Purpose,
        /// The text typed so far.
        text: String,
    },
    /// The chosen file exists and no dialog has confirmed replacing it.
    ConfirmOverwrite {
        /// What is being written.
        purpose: Purpose,
        /// The file.
        path: PathBuf,
    },
    /// The file changed on disk since it was opened.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// Unsaved changes would be lost.
    Unsaved(Then),
    /// Pick a briefing template.
    New,
    /// Pick a block to add; the highlighted block's guidance is shown beside the list.
    Gallery {
        /// The highlighted block's id.
        chosen: Option<String>,
    },
    /// Something went wrong; nothing was lost.
    Error(String),
}

/// The window's state.
pub struct App {
    pub(crate) session: Session,
    pub(crate) library: Library,
    pub(crate) selected: Option<String>,
    pub(crate) modal: Option<Modal>,
    pub(crate) status: Option<(String, bool)>,
    pub(crate) recent: Vec<PathBuf>,
    pub(crate) variant: Option<Variant>,
    pub(crate) preview: PreviewView,
    dialogs: Box<dyn Dialogs>,
    journal: Option<Journal>,
    journal_id: String,
    journal_delay: Duration,
    last_edit: Option<Instant>,
    /// The first change not yet in the recovery copy: while typing goes on without a pause,
    /// a copy is still written once this is `journal_delay` old.
    unjournaled_since: Option<Instant>,
    journaled: Option<u64>,
    unreadable: Vec<PathBuf>,
    worker: Option<Worker>,
    quit_confirmed: bool,
    started: Instant,
    first_frame: Option<Duration>,
    exit_after_first_frame: bool,
    last_export: Option<PathBuf>,
    pixels_per_point: f32,
    title: String,
    /// The context, to save the theme preference with the other preferences.
    theme: Option<egui::Context>,
    /// Counts documents opened in this window, so a new document's pages are never taken
    /// for the last one's.
    serial: u64,
}

impl App {
    /// The app with its document loaded (or the sample), and any recovery offered.
    pub fn new(options: Options) -> Self {
        let mut status = None;
        let mut unreadable = Vec::new();
        let mut modal = None;
        let session = match &options.file {
            Some(path) => match open_document(path, &options.library) {
                Ok((session, notes)) => {
                    if !notes.is_empty() {
                        status = Some((notes.join("; "), false));
                    }
                    session
                }
                Err(message) => {
                    unreadable.push(path.clone());
                    modal = Some(Modal::Error(message));
                    Session::new(Briefing::new("Untitled briefing"))
                }
            },
            None => Session::new(sample()),
        };
        if let Some(journal) = &options.journal {
            let (mut found, damaged) = journal.entries();
            found.retain(|entry| !entry.writer_is_running());
            if let Some(first) = damaged.first() {
                status = Some((first.clone(), true));
            }
            if !found.is_empty() {
                modal = Some(Modal::Recover(found));
            }
        }
        let selected = session.briefing.sections.first().map(|s| s.id.clone());
        Self {
            session,
            library: options.library,
            selected,
            modal,
            status,
            recent: Vec::new(),
            variant: None,
            preview: PreviewView {
                width: 595.0,
                height: 842.0,
                pages: Vec::new(),
                diagnostics: Vec::new(),
                layout_diagnostics: Vec::new(),
                check_diagnostics: Vec::new(),
                zoom: Zoom::Fit,
                points_per_pt: 0.6,
                requested: 0,
                laid: 0,
                done: 0,
                latency: None,
                reveal: false,
                visible: 0..2,
                sent: None,
            },
            dialogs: options.dialogs,
            journal: options.journal,
            journal_id: journal::fresh_id(),
            journal_delay: options.journal_delay,
            last_edit: None,
            unjournaled_since: None,
            journaled: None,
            unreadable,
            worker: None,
            quit_confirmed: false,
            started: options.started,
            first_frame: None,
            exit_after_first_frame: options.exit_after_first_frame,
            last_export: None,
            pixels_per_point: 1.0,
            title: String::new(),
            serial: 0,
            theme: None,
        }
    }

    /// Restores what eframe's storage remembers: UI preferences only, never the document.
    pub fn restore_preferences(&mut self, storage: &dyn eframe::Storage) {
        if let Some(recent) = eframe::get_value::<Vec<PathBuf>>(storage, "recent") {
            self.recent = recent;
        }
        if let Some(zoom) = eframe::get_value::<Zoom>(storage, "zoom") {
            self.preview.zoom = zoom;
        }
    }

    /// The open document.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The briefing being edited.
    pub fn briefing(&self) -> &Briefing {
        &self.session.briefing
    }

    /// The selected section's id.
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// The window title as last set.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The question or notice on screen, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// The status line's message and whether it is an error.
    pub fn status(&self) -> Option<&(String, bool)> {
        self.status.as_ref()
    }

    /// The preview's pages and problems.
    pub fn preview(&self) -> &PreviewView {
        &self.preview
    }

    /// Recently opened files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    /// The last file exported.
    pub fn last_export(&self) -> Option<&Path> {
        self.last_export.as_deref()
    }

    /// Time from start to the end of the first frame.
    pub fn first_frame(&self) -> Option<Duration> {
        self.first_frame
    }

    /// The journal entry id of this run.
    pub fn journal_id(&self) -> &str {
        &self.journal_id
    }

    /// Draws the whole window and handles its input: the eframe entry point calls this, and
    /// so do the UI tests.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.worker.is_none() {
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            let wake = ctx.clone();
            self.worker = Some(Worker::with_library(self.library.clone(), move || {
                wake.request_repaint()
            }));
        }
        self.receive_preview(&ctx);
        self.handle_shortcuts(&ctx);
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);
        crate::ui::window_ui(self, ui);
        if self.quit_confirmed && self.modal.is_none() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.update_title(&ctx);
        self.request_preview();
        self.keep_journal(&ctx);
        if self.first_frame.is_none() {
            let elapsed = self.started.elapsed();
            self.first_frame = Some(elapsed);
            if std::env::var_os("BRIEFDESK_TIMING").is_some() {
                eprintln!("first frame after {} ms", elapsed.as_millis());
            }
            if self.exit_after_first_frame {
                self.quit_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Whether a command can run now (menus grey it out otherwise).
    pub fn can(&self, command: Command) -> bool {
        let sections = &self.session.briefing.sections;
        let index = self.selected_index();
        match command {
            Command::Undo => self.session.history.can_undo(),
            Command::Redo => self.session.history.can_redo(),
            Command::MoveUp => index.is_some_and(|i| i > 0),
            Command::MoveDown => index.is_some_and(|i| i + 1 < sections.len()),
            Command::Duplicate | Command::Delete => index.is_some(),
            _ => true,
        }
    }

    /// Runs a command.
    pub fn execute(&mut self, command: Command) {
        if !self.can(command) {
            return;
        }
        match command {
            Command::New => self.guard_unsaved(Then::New),
            Command::Open => self.guard_unsaved(Then::Open),
            Command::Import => self.guard_unsaved(Then::Import),
            Command::Save => self.save(),
            Command::SaveAs => self.ask_path(Purpose::SaveAs),
            Command::ExportPdf => self.ask_path(Purpose::ExportPdf),
            Command::ExportMarkdown => self.ask_path(Purpose::ExportMarkdown),
            Command::Undo => self.undo_redo(true),
            Command::Redo => self.undo_redo(false),
            Command::AddSection => self.modal = Some(Modal::Gallery { chosen: None }),
            Command::MoveUp | Command::MoveDown => {
                if let Some(from) = self.selected_index() {
                    let to = if command == Command::MoveUp {
                        from.saturating_sub(1)
                    } else {
                        from + 1
                    };
                    self.move_section(from, to);
                }
            }
            Command::Duplicate => {
                if let Some(index) = self.selected_index() {
                    let edit = self.session.briefing.duplicate_section_edit(index);
                    if let Ok(edit) = edit {
                        self.apply(edit, None);
                        self.selected = self
                            .session
                            .briefing
                            .sections
                            .get(index + 1)
                            .map(|s| s.id.clone());
                    }
                }
            }
            Command::Delete => {
                if let Some(index) = self.selected_index() {
                    self.apply(Edit::RemoveSection { index }, None);
                    let sections = &self.session.briefing.sections;
                    self.selected = sections
                        .get(index)
                        .or_else(|| sections.last())
                        .map(|s| s.id.clone());
                    self.note("Section deleted; Undo brings it back");
                }
            }
            Command::ZoomIn | Command::ZoomOut => {
                let current = match self.preview.zoom {
                    Zoom::Fit => self.preview.points_per_pt,
                    Zoom::Scale(s) => s,
                };
                let factor = if command == Command::ZoomIn {
                    1.25
                } else {
                    0.8
                };
                self.preview.zoom = Zoom::Scale((current * factor).clamp(0.25, 4.0));
            }
            Command::ZoomFit => self.preview.zoom = Zoom::Fit,
            Command::Quit => self.guard_unsaved(Then::Quit),
        }
    }

    /// Applies an edit; `group` coalesces typing in one field into one undo step, and a
    /// pause in typing starts a new step, so undo takes back a burst of typing at a time.
    pub fn apply(&mut self, edit: Edit, group: Option<&str>) {
        if self.last_edit.is_none_or(|t| t.elapsed() >= TYPING_PAUSE) {
            self.session.history.break_group();
        }
        match self.session.apply(edit, group) {
            Ok(()) => self.last_edit = Some(Instant::now()),
            Err(error) => self.fail(format!("That change could not be made: {error}")),
        }
    }

    /// Selects a section by id.
    pub fn select(&mut self, id: &str) {
        if self.session.briefing.sections.iter().any(|s| s.id == id) {
            self.session.history.break_group();
            self.selected = Some(id.to_owned());
            self.preview.reveal = true;
        }
    }

    /// Adds a section made from the block `block_id` after the selected one, and selects it.
    pub fn add_block(&mut self, block_id: &str) {
        let Some(block) = self.library.block(block_id).cloned() else {
            self.fail(format!("There is no block '{block_id}'"));
            return;
        };
        let index = self.selected_index().map_or(0, |i| i + 1);
        let index = index.min(self.session.briefing.sections.len());
        let edit = self
            .library
            .add_block_edit(&self.session.briefing, &block, index);
        self.apply(edit, None);
        self.selected = self
            .session
            .briefing
            .sections
            .get(index)
            .map(|s| s.id.clone());
        self.preview.reveal = true;
        self.modal = None;
    }

    /// Moves a section (drag in the outline, or the move commands).
    pub fn move_section(&mut self, from: usize, to: usize) {
        let len = self.session.briefing.sections.len();
        if from == to || from >= len || to >= len {
            return;
        }
        self.apply(Edit::MoveSection { from, to }, None);
    }

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
        let text = match crate::io::read_limited(path, crate::io::MAX_FILE_BYTES) {
            Ok(text) => text,
            Err(e) => {
                self.modal = Some(Modal::Error(format!("{e}. Nothing was imported.")));
                return;
            }
        };
        let imported =
            crate::templates::import::import(&text, &self.library, &crate::clock::today());
        let sections = imported.briefing.sections.len();
        let matched = imported
            .briefing
            .sections
            .iter()
            .filter(|s| !s.block.is_empty())
            .count();
        self.replace_session(Session::unsaved(imported.briefing));
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

    /// Exports to `path` as PDF or Markdown.
    pub fn export_to(&mut self, path: &Path, kind: FileKind) {
        let options = crate::pipeline::RenderOptions::beside(self.session.path.as_deref())
            .with_variant(self.variant)
            .dated_now();
        let bytes = match kind {
            FileKind::Pdf => crate::pipeline::Renderer::new()
                .pdf(&self.session.briefing, &options)
                .map(|exported| exported.output)
                .map_err(|e| e.to_string()),
            _ => crate::pipeline::markdown(&self.session.briefing, &options)
                .map(|exported| exported.output.into_bytes())
                .map_err(|e| e.to_string()),
        };
        let written = bytes.and_then(|bytes| {
            if self
                .session
                .path
                .as_deref()
                .is_some_and(|own| session::same_file(own, path))
            {
                return Err(
                    "the export would overwrite the briefing itself; choose another name"
                        .to_owned(),
                );
            }
            crate::io::write_atomic(path, &bytes).map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => {
                self.last_export = Some(path.to_path_buf());
                self.note(&format!("Exported {}", path.display()));
            }
            Err(message) => self.fail(format!("Not exported: {message}")),
        }
    }

    /// Takes a path for `purpose` from a dialog or the in-window field. `confirmed` is true
    /// when a native dialog already asked about replacing this exact name.
    pub fn use_path(&mut self, purpose: Purpose, chosen: &Path, confirmed: bool) {
        self.modal = None;
        if purpose == Purpose::Open {
            self.open_path(chosen);
            return;
        }
        if purpose == Purpose::Import {
            self.import_path(chosen);
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
            Purpose::SaveAs => self.save_to(path, true),
            Purpose::ExportPdf => self.export_to(path, FileKind::Pdf),
            Purpose::ExportMarkdown => self.export_to(path, FileKind::Markdown),
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

    /// Takes back a draft from the recovery journal.
    pub fn recover(&mut self, found: &journal::Found) {
        let path = found.entry.document.clone();
        self.replace_session(Session::recovered(found.entry.briefing.clone(), path));
        // The recovered draft continues under its old entry until it is saved.
        self.journal_id = found.id.clone();
        self.journaled = None;
        self.last_edit = Some(Instant::now());
        self.modal = None;
        self.note("Recovered the unsaved draft; save it to keep it");
    }

    /// Deletes recovery copies the user chose not to keep.
    pub fn discard_recovery(&mut self, found: &[journal::Found]) {
        if let Some(journal) = &self.journal {
            for entry in found {
                if let Err(error) = journal.remove(&entry.id) {
                    self.status = Some((error.to_string(), true));
                }
            }
        }
        self.modal = None;
    }

    /// Waits until the preview has answered the newest request (tests and benchmarks).
    pub fn wait_for_preview(&mut self, ctx: &egui::Context, timeout: Duration) -> bool {
        self.request_preview();
        let deadline = Instant::now() + timeout;
        while self.preview.done < self.preview.requested {
            let Some(worker) = &self.worker else {
                return false;
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(update) = worker.wait(left) {
                self.apply_update(ctx, update);
            }
        }
        true
    }

    /// Writes the recovery copy now if one is due (tests call this after a simulated crash).
    pub fn flush_journal(&mut self) {
        if let Some(journal) = &self.journal
            && self.session.is_dirty()
            && self.journaled != Some(self.session.history.state())
        {
            match journal.write(
                &self.journal_id,
                self.session.path.as_deref(),
                &self.session.briefing,
            ) {
                Ok(()) => {
                    self.journaled = Some(self.session.history.state());
                    self.unjournaled_since = None;
                }
                Err(error) => {
                    self.status = Some((format!("The recovery copy failed: {error}"), true));
                }
            }
        }
    }

    pub(crate) fn selected_index(&self) -> Option<usize> {
        let id = self.selected.as_deref()?;
        self.session
            .briefing
            .sections
            .iter()
            .position(|s| s.id == id)
    }

    pub(crate) fn note(&mut self, message: &str) {
        self.status = Some((message.to_owned(), false));
    }

    pub(crate) fn fail(&mut self, message: String) {
        self.status = Some((message.clone(), true));
        self.modal = Some(Modal::Error(message));
    }

    fn undo_redo(&mut self, undo: bool) {
        let result = if undo {
            self.session.undo()
        } else {
            self.session.redo()
        };
        match result {
            Ok(_) => {
                self.last_edit = Some(Instant::now());
                if self.selected_index().is_none() {
                    self.selected = self.session.briefing.sections.first().map(|s| s.id.clone());
                }
            }
            Err(error) => self.fail(format!("Could not undo: {error}")),
        }
    }

    fn guard_unsaved(&mut self, then: Then) {
        if self.session.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.then(then);
        }
    }

    fn ask_path(&mut self, purpose: Purpose) {
        let kind = purpose.kind();
        let folder = self
            .session
            .path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf);
        let stem = crate::model::slug(&self.session.briefing.meta.title);
        let stem = if stem.is_empty() {
            "briefing".to_owned()
        } else {
            stem
        };
        let picked = match purpose {
            Purpose::Open | Purpose::Import => self.dialogs.open(kind, folder.as_deref()),
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
                    Purpose::Open | Purpose::Import => format!("{}/", folder.display()),
                    _ => folder
                        .join(format!("{stem}{}", kind.extension()))
                        .display()
                        .to_string(),
                };
                self.modal = Some(Modal::PathEntry { purpose, text });
            }
        }
    }

    fn replace_session(&mut self, session: Session) {
        self.forget_journal();
        self.journal_id = journal::fresh_id();
        self.session = session;
        self.serial += 1;
        self.selected = self.session.briefing.sections.first().map(|s| s.id.clone());
        self.preview.sent = None;
    }

    fn remember_recent(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    fn forget_journal(&mut self) {
        if let Some(journal) = &self.journal
            && let Err(error) = journal.remove(&self.journal_id)
        {
            self.status = Some((error.to_string(), true));
        }
        self.journaled = None;
        self.unjournaled_since = None;
    }

    fn keep_journal(&mut self, ctx: &egui::Context) {
        // Closing after "Don't save": the draft was let go on purpose.
        if self.journal.is_none() || self.quit_confirmed {
            return;
        }
        if !self.session.is_dirty() {
            if self.journaled.is_some() {
                self.forget_journal();
            }
            return;
        }
        if self.journaled == Some(self.session.history.state()) {
            return;
        }
        let quiet = self.last_edit.map_or(self.journal_delay, |t| t.elapsed());
        let waiting = self
            .unjournaled_since
            .get_or_insert_with(Instant::now)
            .elapsed();
        let gap = self.journal_delay.min(JOURNAL_MAX_GAP);
        if quiet >= self.journal_delay || waiting >= gap {
            self.flush_journal();
        } else {
            let next = (self.journal_delay - quiet).min(gap - waiting);
            ctx.request_repaint_after(next);
        }
    }

    /// The window title names the document and marks unsaved changes.
    fn update_title(&mut self, ctx: &egui::Context) {
        let mark = if self.session.is_dirty() { " •" } else { "" };
        let title = format!("{}{mark} — briefdesk", self.session.name());
        if self.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() {
            return;
        }
        let mut fired = None;
        ctx.input_mut(|input| {
            for (command, shortcut) in Command::by_shortcut_specificity() {
                if input.consume_shortcut(&shortcut) {
                    fired = Some(command);
                    break;
                }
            }
        });
        if let Some(command) = fired {
            self.execute(command);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.quit_confirmed {
            if self.session.is_dirty() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Then::Quit));
            } else {
                self.forget_journal();
            }
        }
    }

    fn request_preview(&mut self) {
        let Some(worker) = &self.worker else {
            return;
        };
        let key = SentKey {
            serial: self.serial,
            visible: self.preview.visible.clone(),
            state: self.session.history.state(),
            scale: self.raster_scale(),
            variant: self.variant,
            file: self.session.path.clone(),
        };
        if self.preview.sent.as_ref() == Some(&key) {
            return;
        }
        self.preview.requested += 1;
        if std::env::var_os("BRIEFDESK_TIMING").is_some() {
            eprintln!(
                "preview request {}: state {}, scale {}",
                self.preview.requested, key.state, key.scale
            );
        }
        let content = {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (key.serial, key.state, &key.variant, &key.file).hash(&mut hasher);
            hasher.finish()
        };
        // A scroll or zoom alone reuses the last layout; pixels far from the screen go.
        let keep = preview::kept(&key.visible, self.preview.pages.len());
        for (index, page) in self.preview.pages.iter_mut().enumerate() {
            if !keep.contains(&index) {
                page.texture = None;
            }
        }
        worker.request(Request {
            generation: self.preview.requested,
            briefing: Arc::new(self.session.briefing.clone()),
            file: key.file.clone(),
            scale: key.scale,
            focus: self.selected.clone(),
            variant: key.variant,
            content,
            visible: key.visible.clone(),
        });
        self.preview.sent = Some(key);
    }

    /// Pixels per PDF point for painting: the zoom times the screen's pixel density, in
    /// steps of 5 % so resizing the panel by a pixel does not repaint every page.
    fn raster_scale(&self) -> f32 {
        let ppp = self.pixels_per_point;
        let scale = self.preview.points_per_pt * ppp;
        (scale * 20.0).round().max(1.0) / 20.0
    }

    fn receive_preview(&mut self, ctx: &egui::Context) {
        self.pixels_per_point = ctx.pixels_per_point();
        let updates = self.worker.as_ref().map(Worker::poll).unwrap_or_default();
        for update in updates {
            self.apply_update(ctx, update);
        }
    }

    fn apply_update(&mut self, ctx: &egui::Context, update: Update) {
        let preview = &mut self.preview;
        match update {
            Update::Laid {
                generation,
                width,
                height,
                pages,
                diagnostics,
                ..
            } => {
                preview.laid = generation;
                preview.width = width;
                preview.height = height;
                preview.layout_diagnostics = diagnostics;
                self.merge_problems();
                let preview = &mut self.preview;
                preview.pages.truncate(pages.len());
                for (index, info) in pages.into_iter().enumerate() {
                    match preview.pages.get_mut(index) {
                        Some(page) => page.info = info,
                        None => preview.pages.push(PageView {
                            info,
                            texture: None,
                        }),
                    }
                }
            }
            Update::Page {
                index,
                raster,
                elapsed,
                ..
            } => {
                let image = ColorImage::from_rgba_premultiplied(
                    [raster.width, raster.height],
                    &raster.rgba,
                );
                let keep = preview::kept(&preview.visible, preview.pages.len());
                if let Some(page) = preview
                    .pages
                    .get_mut(index)
                    .filter(|_| keep.contains(&index))
                {
                    match &mut page.texture {
                        Some(texture) => texture.set(image, TextureOptions::LINEAR),
                        None => {
                            page.texture = Some(ctx.load_texture(
                                format!("page-{index}"),
                                image,
                                TextureOptions::LINEAR,
                            ));
                        }
                    }
                }
                preview.latency = Some(elapsed);
            }
            Update::Checked { diagnostics, .. } => {
                preview.check_diagnostics = diagnostics;
                self.merge_problems();
            }
            Update::Done { generation } => preview.done = preview.done.max(generation),
        }
    }

    /// The problems list: compose's and layout's findings and the checks', the worst first,
    /// each severity in document order.
    fn merge_problems(&mut self) {
        let preview = &mut self.preview;
        let mut all = preview.layout_diagnostics.clone();
        all.extend(preview.check_diagnostics.iter().cloned());
        crate::pipeline::sort_by_place(&self.session.briefing, &mut all);
        all.sort_by_key(|d| std::cmp::Reverse(d.severity));
        preview.diagnostics = all;
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, "recent", &self.recent);
        eframe::set_value(storage, "zoom", &self.preview.zoom);
        let theme = self
            .theme
            .as_ref()
            .map(|ctx| ctx.options(|o| o.theme_preference));
        if let Some(theme) = theme {
            eframe::set_value(storage, "theme", &theme);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }
}

/// Opens a briefing, or a Markdown file as a new untitled briefing. Errors are sentences that
/// say the file was not changed.
fn open_document(path: &Path, library: &Library) -> Result<(Session, Vec<String>), String> {
    if is_article(path) {
        let text = crate::io::read_limited(path, crate::io::MAX_FILE_BYTES)
            .map_err(|e| format!("{e}. The file was not changed."))?;
        let imported = crate::templates::import::import(&text, library, &crate::clock::today());
        return Ok((Session::unsaved(imported.briefing), Vec::new()));
    }
    Session::open(path).map_err(|e| format!("{e}. The file was not changed."))
}

/// Whether a file is an article (Markdown or text) rather than a briefing.
fn is_article(path: &Path) -> bool {
    let lower = path.to_string_lossy().to_lowercase();
    [".md", ".markdown", ".txt", ".text"]
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

/// Opens the window and runs until it closes.
pub fn run(options: Options) -> Result<(), String> {
    let title = "briefdesk";
    let viewport = egui::ViewportBuilder::default()
        .with_title(title)
        .with_app_id("briefdesk")
        .with_inner_size([1400.0, 900.0])
        .with_min_inner_size([900.0, 560.0])
        .with_drag_and_drop(true);
    let native = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        title,
        native,
        Box::new(move |cc| {
            crate::ui::setup(&cc.egui_ctx);
            let mut app = App::new(options);
            if let Some(storage) = cc.storage {
                app.restore_preferences(storage);
                if let Some(theme) = eframe::get_value::<egui::ThemePreference>(storage, "theme") {
                    cc.egui_ctx.set_theme(theme);
                }
            }
            app.theme = Some(cc.egui_ctx.clone());
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("the window could not be opened: {e}"))
}
