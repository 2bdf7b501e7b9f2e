//! Running commands and the panels' actions: every change the window makes to the briefing
//! or the selection starts here.

use std::time::{Duration, Instant};

use super::App;
use super::action::{Action, Actions};
use super::command::Command;
use super::files::{Purpose, Then};
use super::modal::Modal;
use super::preview_view::Zoom;
use crate::model::Edit;

/// A pause in typing this long ends one undo step.
const TYPING_PAUSE: Duration = Duration::from_millis(1000);

/// One step of View → Larger text.
const TEXT_STEP: f32 = 1.1;
/// The smallest and largest text the window offers, as shares of the desktop's.
const TEXT_SMALLEST: f32 = 0.75;
const TEXT_LARGEST: f32 = 3.0;

impl App {
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
            _ if command.edits_text() => index.is_some(),
            Command::OpenExport | Command::ShowExport => self.last_export.is_some(),
            Command::InsertPicture | Command::InsertTable | Command::InsertCitation => {
                index.is_some()
            }
            Command::Print => self.export.is_none(),
            // In suggest mode the editor shows the marked text: commands that change the
            // body's text directly wait until it is off (typing and Copy still work).
            Command::Cut | Command::Paste | Command::Replace if self.suggesting => false,
            _ if command.format().is_some() && self.suggesting => false,
            Command::NewComment => index.is_some(),
            Command::AcceptAll | Command::RejectAll => {
                sections.iter().any(|s| !s.suggestions.is_empty())
            }
            // Side by side there is nothing to switch.
            Command::SwitchPane => self.narrow,
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
            Command::OpenSample => self.guard_unsaved(Then::Sample),
            Command::Save => self.save(),
            Command::SaveAs => self.ask_path(Purpose::SaveAs),
            Command::ExportPdf | Command::ExportMarkdown | Command::ExportDocx => {
                let purpose = match command {
                    Command::ExportPdf => Purpose::ExportPdf,
                    Command::ExportMarkdown => Purpose::ExportMarkdown,
                    _ => Purpose::ExportDocx,
                };
                if self.guard_review(purpose) {
                    self.ask_path(purpose);
                }
            }
            Command::ExportReview => self.ask_path(Purpose::ExportReview),
            Command::CompareWith => {
                self.modal = Some(Modal::Versions {
                    name: String::new(),
                    snapshots: self.snapshots(),
                });
            }
            Command::SuggestChanges => {
                self.suggesting = !self.suggesting;
                self.session.history.break_group();
                self.note(if self.suggesting {
                    "Suggesting: what you type is recorded as suggestions, the text is unchanged"
                } else {
                    "Editing: what you type changes the text"
                });
            }
            Command::NewComment => {
                self.review_action(super::review::ReviewAction::StartComment);
            }
            Command::AcceptAll | Command::RejectAll => {
                self.review_action(super::review::ReviewAction::Decide {
                    scope: super::review::Scope::All,
                    accept: command == Command::AcceptAll,
                });
            }
            Command::ShowReview => {
                self.preferences.show_review = !self.preferences.show_review;
            }
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
                let current = match self.preferences.zoom {
                    Zoom::Fit => self.preview.points_per_pt,
                    Zoom::Scale(s) => s,
                };
                let factor = if command == Command::ZoomIn {
                    1.25
                } else {
                    0.8
                };
                self.preferences.zoom = Zoom::Scale((current * factor).clamp(0.25, 4.0));
                self.keep_selection_in_view();
            }
            Command::ZoomFit => {
                self.preferences.zoom = Zoom::Fit;
                self.keep_selection_in_view();
            }
            Command::TextLarger | Command::TextSmaller => {
                let step = if command == Command::TextLarger {
                    TEXT_STEP
                } else {
                    1.0 / TEXT_STEP
                };
                let size = (self.preferences.text_size * step).clamp(TEXT_SMALLEST, TEXT_LARGEST);
                // Steps land on round percentages, so Larger then Smaller comes back exactly.
                self.preferences.text_size = (size * 20.0).round() / 20.0;
            }
            Command::TextNormal => self.preferences.text_size = 1.0,
            Command::NextPane => {
                use super::Part;
                // Where the keyboard is now: the editor when a text field has it.
                let in_editor = self.text_target().is_some_and(|t| {
                    self.ctx
                        .as_ref()
                        .is_some_and(|ctx| ctx.memory(|m| m.has_focus(t.editor_id())))
                });
                let now = if in_editor { Part::Editor } else { self.part.0 };
                let next = match now {
                    Part::Outline => Part::Editor,
                    Part::Editor => Part::Preview,
                    Part::Preview => Part::Outline,
                };
                if self.narrow {
                    self.pane = match next {
                        Part::Preview => super::Pane::Preview,
                        _ => super::Pane::Editor,
                    };
                }
                self.part = (next, true);
            }
            Command::SwitchPane => {
                self.pane = match self.pane {
                    super::Pane::Editor => super::Pane::Preview,
                    super::Pane::Preview => super::Pane::Editor,
                };
            }
            Command::Quit => self.guard_unsaved(Then::Quit),
            Command::Print => self.print(),
            Command::OpenExport | Command::ShowExport => {
                if let Some(path) = self.last_export.clone() {
                    let what = if command == Command::OpenExport {
                        super::desktop::HandOff::Open
                    } else {
                        super::desktop::HandOff::ShowInFolder
                    };
                    match self.dialogs.hand_off(what, &path) {
                        Ok(done) => self.note(&done),
                        Err(why) => self.fail(format!("Could not open it: {why}")),
                    }
                }
            }
            Command::Shortcuts => self.modal = Some(Modal::Shortcuts),
            Command::InsertPicture => self.ask_path(Purpose::InsertPicture),
            Command::InsertTable => {
                self.modal = Some(Modal::InsertTable {
                    rows: 3,
                    columns: 3,
                });
            }
            Command::InsertCitation => {
                self.modal = Some(Modal::Cite {
                    filter: String::new(),
                });
            }
            Command::About => self.modal = Some(Modal::About),
            Command::Find => self.open_find(false),
            Command::Replace => self.open_find(true),
            Command::FindNext | Command::FindPrevious => {
                if !self.find.open {
                    self.open_find(false);
                }
                self.find_action(if command == Command::FindNext {
                    super::find::FindAction::Next
                } else {
                    super::find::FindAction::Previous
                });
            }
            Command::Cut
            | Command::Copy
            | Command::Paste
            | Command::SelectAll
            | Command::Bold
            | Command::Italic
            | Command::Code
            | Command::Link
            | Command::Heading2
            | Command::Heading3
            | Command::BulletList
            | Command::NumberedList
            | Command::Quote => {
                // Before the first frame there is no editor to work in.
                if let Some(ctx) = self.ctx.clone() {
                    self.edit_text(&ctx, command);
                }
            }
        }
    }

    /// Applies an edit; `group` coalesces typing in one field into one undo step, ended by
    /// a pause in typing or by the end of a word, so undo takes back a word at a time.
    pub fn apply(&mut self, edit: Edit, group: Option<&str>) {
        if self.last_edit.is_none_or(|t| t.elapsed() >= TYPING_PAUSE) {
            self.session.history.break_group();
        }
        let ends_word = group.is_some() && self.ends_word(&edit);
        match self.session.apply(edit, group) {
            Ok(()) => {
                self.last_edit = Some(Instant::now());
                if ends_word {
                    self.session.history.break_group();
                }
            }
            Err(error) => self.fail(format!("That change could not be made: {error}")),
        }
    }

    /// Whether typing `edit` puts a space or line break after a word (the word is then one
    /// undo step, its space with it).
    fn ends_word(&self, edit: &Edit) -> bool {
        let Edit::SetSectionText { id, field, text } = edit else {
            return false;
        };
        let Some(section) = self.session.briefing.section(id) else {
            return false;
        };
        let old = section.field(*field);
        if text.len() <= old.len() {
            return false;
        }
        let prefix = old
            .bytes()
            .zip(text.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = old.as_bytes()[prefix..]
            .iter()
            .rev()
            .zip(text.as_bytes()[prefix..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let inserted = text.get(prefix..text.len() - suffix).unwrap_or("");
        let before = text.get(..prefix).and_then(|t| t.chars().last());
        !inserted.is_empty()
            && inserted.chars().all(char::is_whitespace)
            && before.is_some_and(|c| !c.is_whitespace())
    }

    /// After a zoom, the selected section's page is brought back into view.
    fn keep_selection_in_view(&mut self) {
        self.preview.reveal = true;
        self.preview.reveal_gently = false;
    }

    /// After typing in the body, the preview follows to the page with the edited line, if it
    /// is not on screen already: the longest word of that line finds the page.
    fn follow_typing(&mut self) {
        let Some(editing) = self.editing.clone() else {
            return;
        };
        let Some(text) = self.field_text(&editing.target) else {
            return;
        };
        let at = editing.selection.0;
        let head: String = text.chars().take(at).collect();
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..].split('\n').next().unwrap_or("");
        let word = line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
            .max_by_key(|w| w.len())
            .map(str::to_owned);
        if let Some(word) = word {
            self.preview.reveal = true;
            self.preview.reveal_gently = true;
            self.preview.reveal_text = Some(word);
        }
    }

    /// Selects a section by id.
    pub fn select(&mut self, id: &str) {
        if self.session.briefing.sections.iter().any(|s| s.id == id) {
            self.session.history.break_group();
            self.selected = Some(id.to_owned());
            self.preview.reveal = true;
            self.preview.reveal_text = None;
            self.preview.reveal_gently = false;
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

    pub(super) fn undo_redo(&mut self, undo: bool) {
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

    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
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

    /// Carries out what the panels asked for this frame, in order.
    pub(super) fn perform(&mut self, ctx: &egui::Context, actions: Actions) {
        if actions.is_empty() {
            return;
        }
        for action in actions {
            match action {
                Action::Run(command) => self.execute(command),
                Action::Edit { edit, group } => {
                    let typed_in_body = matches!(
                        &edit,
                        Edit::SetSectionText {
                            field: crate::model::SectionField::Body,
                            ..
                        }
                    ) && group.is_some();
                    self.apply(edit, group.as_deref());
                    if typed_in_body {
                        self.follow_typing();
                    }
                }
                Action::Select(id) => self.select(&id),
                Action::MoveSection { from, to } => self.move_section(from, to),
                Action::AddBlock(id) => self.add_block(&id),
                Action::NewFromTemplate(id) => self.new_from_template(&id),
                Action::OpenRecent(path) => self.guard_unsaved(super::files::Then::OpenPath(path)),
                Action::ImportSources => self.ask_path(super::files::Purpose::ImportSources),
                Action::Recover(found) => self.recover(&found),
                Action::DiscardRecovery(found) => self.discard_recovery(&found),
                Action::UsePath { purpose, path } => self.use_path(purpose, &path, false),
                Action::WriteTo { purpose, path } => self.write_to(purpose, &path),
                Action::ReplaceOnDisk(path) => {
                    self.modal = None;
                    self.save_to(&path, true);
                }
                Action::SaveAnd(then) => self.save_and(then),
                Action::DiscardAnd(then) => self.discard_and(then),
                Action::ShowModal(modal) => self.modal = modal,
                Action::SetVariant(variant) => {
                    // The new variant's pages open at the section being written.
                    self.variant = variant;
                    self.preview.reveal = true;
                    self.preview.reveal_gently = false;
                }
                Action::SetTheme(theme) => {
                    self.preferences.theme = theme;
                    ctx.set_theme(theme);
                }
                Action::SetNarrow(narrow) => self.narrow = narrow,
                Action::Review(action) => self.review_action(action),
                Action::AskPath(purpose) => self.ask_path(purpose),
                Action::ExportAnyway(purpose) => {
                    self.modal = None;
                    self.ask_path(purpose);
                }
                Action::Focus(target) => self.editing = Some(target),
                Action::Find(find) => self.find_action(find),
                Action::GoToLine { section, line } => self.go_to_line(&section, line),
                Action::CursorShown => self.cursor_scroll = false,
                Action::PartFocused => self.part.1 = false,
                Action::GoToPage(index) => self.preview.goto_page = Some(index),
                Action::SetShares { outline, preview } => {
                    self.preferences.outline_share = outline;
                    self.preferences.preview_share = preview;
                }
                Action::InsertText { text, block } => {
                    self.modal = None;
                    self.insert_text(&text, block);
                }
                Action::Cite(id) => self.cite(&id),
                Action::AddSourceAndCite(title) => {
                    self.modal = None;
                    self.add_source_and_cite(&title);
                }
                Action::InsertPicture {
                    name,
                    alt,
                    decorative,
                } => self.insert_picture(&name, &alt, decorative),
                Action::CheckSpelling(text) => self.check_spelling(text),
                Action::CorrectWord {
                    target,
                    range,
                    word,
                } => self.correct_word(&target, range, &word),
                Action::AddWord(word) => self.add_word(&word),
                Action::IgnoreWord(word) => self.ignore_word(&word),
            }
        }
        // What changed is drawn in the next frame, even with no input to cause one.
        ctx.request_repaint();
    }
}
