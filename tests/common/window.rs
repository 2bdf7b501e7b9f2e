//! The one kittest harness for every test and bench that drives the window: the real `App`
//! with scripted file dialogs and the recovery journal in a folder of the test's own.
// Test helpers fail loudly: a broken fixture is a test failure, not a case to handle.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::VecDeque;
use std::path::Path;
use std::time::{Duration, Instant};

use briefdesk::app::desktop::HandOff;
use briefdesk::app::dialogs::{Dialogs, FileKind, Picked};
use briefdesk::app::{App, Options};
use briefdesk::io::journal::Journal;
use briefdesk::templates::Library;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// File dialogs that give these answers in turn; `Unavailable` once the list is used up.
/// The clipboard holds `clipboard`, or nothing.
#[derive(Debug, Default)]
pub struct Scripted {
    /// The answers still to give, first first.
    pub answers: VecDeque<Picked>,
    /// What Edit → Paste finds.
    pub clipboard: Option<String>,
    /// The files handed to the desktop (open, show, print), for the test to look at.
    pub handed: std::sync::Arc<std::sync::Mutex<Vec<(HandOff, std::path::PathBuf)>>>,
}

impl Scripted {
    /// Dialogs that give these answers in turn.
    pub fn new(answers: impl IntoIterator<Item = Picked>) -> Self {
        Self {
            answers: answers.into_iter().collect(),
            clipboard: None,
            handed: Default::default(),
        }
    }
}

impl Dialogs for Scripted {
    fn open(&mut self, _: FileKind, _: Option<&Path>) -> Picked {
        self.answers.pop_front().unwrap_or(Picked::Unavailable)
    }

    fn save(&mut self, _: FileKind, _: Option<&Path>, _: &str) -> Picked {
        self.answers.pop_front().unwrap_or(Picked::Unavailable)
    }

    fn hand_off(&mut self, what: HandOff, path: &Path) -> Result<String, String> {
        self.handed.lock().unwrap().push((what, path.to_path_buf()));
        Ok(format!("{what:?} {}", path.display()))
    }

    fn clipboard_text(&mut self) -> Result<String, String> {
        self.clipboard
            .clone()
            .ok_or_else(|| "the clipboard is empty".to_owned())
    }
}

/// eframe's storage in memory, as the window's preferences are kept between runs.
#[derive(Default)]
pub struct Memory(pub std::collections::HashMap<String, String>);

impl eframe::Storage for Memory {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

/// Options for a test: the sample, these dialog answers, the journal in `journal_dir` with
/// copies written at once.
pub fn options(journal_dir: &Path, answers: Vec<Picked>) -> Options {
    Options {
        file: None,
        journal: Some(Journal::new(journal_dir)),
        journal_delay: Duration::ZERO,
        dialogs: Box::new(Scripted::new(answers)),
        library: Library::builtin(),
        started: Instant::now(),
        exit_after_first_frame: false,
        system_text_scale: 1.0,
        // The user's word list in the test's own folder, never the real one.
        words: Some(journal_dir.join("words.txt")),
    }
}

/// The window at this size, with its fonts and theme set up as at start.
pub fn harness_sized(app: App, size: egui::Vec2) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        .with_context_setup(briefdesk::ui::setup)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// The window at 1400×900 once its preview has answered.
pub fn harness(options: Options) -> Harness<'static, App> {
    let mut harness = harness_sized(App::new(options), egui::Vec2::new(1400.0, 900.0));
    settle(&mut harness);
    harness
}

/// Runs frames until the preview has answered the newest state of the document and any
/// export has finished.
pub fn settle(harness: &mut Harness<'static, App>) {
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    assert!(
        harness
            .state_mut()
            .wait_for_preview(&ctx, Duration::from_secs(60)),
        "the preview did not finish"
    );
    harness.run_steps(2);
}

/// All preview text, with line-end hyphens and line breaks joined up.
pub fn preview_text(app: &App) -> String {
    let preview = app.preview();
    (0..preview.pages.len())
        .map(|i| preview.page_text(i).replace("-\n", "").replace('\n', " "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The selected section's body.
pub fn selected_body(app: &App) -> String {
    let id = app.selected().unwrap();
    let section = app.briefing().sections.iter().find(|s| s.id == id).unwrap();
    section.body.clone()
}

/// Clicks into the body editor and types `text` at its end.
pub fn type_into_body(harness: &mut Harness<'static, App>, text: &str) {
    harness.get_by_label("Section body (Markdown)").click();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness.run_steps(1);
    harness
        .get_by_label("Section body (Markdown)")
        .type_text(text);
    harness.run_steps(2);
}
