//! The desktop window's state and the order of one frame.
//!
//! Each frame: take in the preview worker's updates and the finished export, run the
//! keyboard shortcuts, let [`crate::ui`] draw every panel from a read-only view of the app
//! (the panels push [`Action`]s and the preview reports what it [`Measured`]), then carry out
//! those actions, ask the worker for new pages if the briefing changed, and keep the recovery
//! journal. Every change to the briefing goes through [`Session::apply`], so undo, the dirty
//! flag, the journal and the preview all follow.
//!
//! The rooms: [`commands`] (commands and the actions dispatcher), [`files`] (new, open,
//! import, save and the paths for them), [`export`] (exports off the UI thread),
//! [`journal`] (recovery copies), [`preview_view`] (the preview as the window holds it),
//! [`preferences`] (what the window remembers), [`modal`] (questions and notices),
//! [`editor`] (the commands that work on the text being edited: clipboard and formatting),
//! [`find`] (find and replace), [`spelling`] (misspelt words, checked off the UI thread),
//! [`review`] (comments, suggest mode, accept and reject, snapshots and compare).

pub mod action;
pub mod command;
pub mod commands;
pub mod desktop;
pub mod dialogs;
pub mod editor;
pub mod export;
pub mod files;
pub mod find;
pub mod insert;
pub mod journal;
pub mod modal;
pub mod preferences;
pub mod preview_view;
pub mod review;
pub mod session;
pub mod spelling;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use action::{Action, Actions};
pub use command::Command;
use dialogs::Dialogs;
pub use editor::{Editing, TextTarget};
pub use files::{Purpose, Then, sample};
pub use journal::{JOURNAL_DELAY, JOURNAL_MAX_GAP};
pub use modal::Modal;
pub use preferences::Preferences;
pub use preview_view::{Measured, PageView, PreviewView, Zoom};
use session::Session;

use crate::io::journal::{self as recovery, Journal};
use crate::model::{Briefing, Variant};
use crate::pipeline::preview::Worker;
use crate::templates::Library;

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
    /// The desktop's text size setting as a factor, 1.0 where it has none (see
    /// [`desktop::text_scale`]); the window's own text size multiplies it.
    pub system_text_scale: f32,
    /// The user's own spelling word list (`None`: words added are kept for this run only).
    pub words: Option<PathBuf>,
}

/// A part of the window the keyboard can be moved to (F6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Part {
    /// The outline's rows.
    #[default]
    Outline,
    /// The section editor's body.
    Editor,
    /// The preview's pages.
    Preview,
}

/// What the space beside the outline shows in a narrow window (a wide one shows both).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pane {
    /// The section editor.
    #[default]
    Editor,
    /// The preview and the problems list.
    Preview,
}

/// The window's state.
pub struct App {
    pub(crate) session: Session,
    pub(crate) library: Library,
    pub(crate) selected: Option<String>,
    pub(crate) modal: Option<Modal>,
    pub(crate) status: Option<(String, bool)>,
    pub(crate) preferences: Preferences,
    pub(crate) variant: Option<Variant>,
    pub(crate) pane: Pane,
    /// Whether the last frame was too narrow for the editor and the preview side by side.
    pub(crate) narrow: bool,
    pub(crate) preview: PreviewView,
    /// The export under way, if any.
    pub(crate) export: Option<export::Job>,
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
    system_text_scale: f32,
    last_export: Option<PathBuf>,
    pixels_per_point: f32,
    title: String,
    /// Counts documents opened in this window, so a new document's pages are never taken
    /// for the last one's.
    serial: u64,
    /// The text field last typed or clicked in, with its selection: what Cut, Paste and
    /// formatting work on.
    pub(crate) editing: Option<Editing>,
    /// The part of the window the keyboard was last moved to, and whether the panel still
    /// has to give it the focus.
    pub(crate) part: (Part, bool),
    /// Each section's words, counted once per change of the briefing (the outline and the
    /// status line read them every frame), with the document and state they were counted at.
    word_counts: (u64, u64, Vec<usize>),
    /// The window was started without a file, on the sample.
    started_on_sample: bool,
    /// The editor should scroll to the body's cursor (a problem was clicked).
    pub(crate) cursor_scroll: bool,
    /// The status message as last seen, and since when: messages expire.
    status_seen: Option<((String, bool), Instant)>,
    /// Find and replace.
    pub(crate) find: find::Finder,
    /// Spelling: misspelt words per text, checked off the UI thread.
    pub(crate) spelling: spelling::Spelling,
    /// The window's egui context, from the first frame on (the editing commands read and
    /// set the text fields' selections through it).
    ctx: Option<egui::Context>,
    /// Suggest mode: typing in a body records suggestions.
    pub(crate) suggesting: bool,
    /// The comment being written.
    pub(crate) comment_draft: Option<review::Draft>,
    /// A comparison's redline waiting for its file name.
    pub(crate) redline: Option<Box<Briefing>>,
}

impl App {
    /// The app with its document loaded (or the sample), and any recovery offered.
    pub fn new(options: Options) -> Self {
        let mut status = None;
        let mut unreadable = Vec::new();
        let mut modal = None;
        let session = match &options.file {
            Some(path) => match files::open_document(path, &options.library) {
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
            preferences: Preferences::default(),
            variant: None,
            pane: Pane::Editor,
            narrow: false,
            preview: PreviewView::new(),
            export: None,
            dialogs: options.dialogs,
            journal: options.journal,
            journal_id: recovery::fresh_id(),
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
            system_text_scale: options.system_text_scale.clamp(0.5, 4.0),
            last_export: None,
            pixels_per_point: 1.0,
            title: String::new(),
            serial: 0,
            editing: None,
            find: find::Finder::default(),
            status_seen: None,
            cursor_scroll: false,
            started_on_sample: options.file.is_none(),
            word_counts: (u64::MAX, 0, Vec::new()),
            part: (Part::Outline, false),
            spelling: spelling::Spelling::new(options.words.clone()),
            ctx: None,
            suggesting: false,
            comment_draft: None,
            redline: None,
        }
    }

    /// Restores what eframe's storage remembers: UI preferences only, never the document.
    pub fn restore_preferences(&mut self, storage: &dyn eframe::Storage) {
        self.preferences = Preferences::load(storage);
        // Started without a file: the last document comes back (the sample only the very
        // first time, or from File → Open sample briefing).
        if self.started_on_sample
            && !self.session.is_dirty()
            && let Some(last) = self.preferences.recent.first().cloned()
            && last.is_file()
        {
            self.open_path(&last);
        }
    }

    /// What the window remembers between runs.
    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    /// The part of the window the keyboard should move to this frame, if any.
    pub fn focus_request(&self) -> Option<Part> {
        (self.part.1).then_some(self.part.0)
    }

    /// Each section's words, in outline order (as of the last frame).
    pub fn word_counts(&self) -> &[usize] {
        &self.word_counts.2
    }

    /// The block and briefing templates.
    pub fn library(&self) -> &Library {
        &self.library
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

    /// The status message while it is fresh: a note for 10 s, an error for 30 s (the
    /// problems list and the modal keep what matters longer); with the time it has left.
    pub fn fresh_status(&self) -> Option<(&(String, bool), Duration)> {
        let (status, since) = self.status_seen.as_ref()?;
        let life = if status.1 {
            Duration::from_secs(30)
        } else {
            Duration::from_secs(10)
        };
        let left = life.checked_sub(since.elapsed())?;
        Some((status, left))
    }

    /// The preview's pages and problems.
    pub fn preview(&self) -> &PreviewView {
        &self.preview
    }

    /// Recently opened files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.preferences.recent
    }

    /// The export under way, if any.
    pub fn export(&self) -> Option<&export::Job> {
        self.export.as_ref()
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
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        if self.worker.is_none() {
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            let wake = ctx.clone();
            self.worker = Some(Worker::with_library(self.library.clone(), move || {
                wake.request_repaint()
            }));
        }
        // Text at the desktop's size times the window's own; egui scales the whole window.
        let zoom = self.text_zoom();
        if (ctx.zoom_factor() - zoom).abs() > 1e-3 {
            ctx.set_zoom_factor(zoom);
        }
        self.receive_preview(&ctx);
        self.poll_export(&ctx);
        self.handle_shortcuts(&ctx);
        self.refresh_find();
        self.refresh_spelling();
        let counted = (self.serial, self.session.history.state());
        if (self.word_counts.0, self.word_counts.1) != counted {
            let counts = self
                .session
                .briefing
                .sections
                .iter()
                .map(|s| crate::lint::word_count(&s.body))
                .collect();
            self.word_counts = (counted.0, counted.1, counts);
        }
        if self.status_seen.as_ref().map(|(s, _)| s) != self.status.as_ref() {
            self.status_seen = self.status.clone().map(|s| (s, Instant::now()));
        }
        self.handle_dropped_files(&ctx);
        self.handle_close_request(&ctx);
        let mut actions = Actions::default();
        let measured = crate::ui::window_ui(ui, self, &mut actions);
        if let Some(measured) = measured {
            self.take_measure(measured);
        }
        self.perform(&ctx, actions);
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

    /// Whether the window is too narrow for the editor and the preview side by side.
    pub fn narrow(&self) -> bool {
        self.narrow
    }

    /// What a narrow window shows beside the outline.
    pub fn pane(&self) -> Pane {
        self.pane
    }

    /// The window's scale: the desktop's text size times the one chosen in View.
    pub fn text_zoom(&self) -> f32 {
        self.system_text_scale * self.preferences.text_size
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

    /// The window title names the document and marks unsaved changes.
    fn update_title(&mut self, ctx: &egui::Context) {
        let mark = if self.session.is_dirty() { " •" } else { "" };
        let title = format!("{}{mark} — briefdesk", self.session.name());
        if self.title != title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.preferences.store(storage);
    }

    fn persist_egui_memory(&self) -> bool {
        false
    }
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
                cc.egui_ctx.set_theme(app.preferences.theme);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("the window could not be opened: {e}"))
}
