//! The commands that work on the text being edited: Cut, Copy, Paste, Select all and the
//! Markdown formatting commands. Each reads the field's selection from egui's text-edit
//! state, changes the briefing through one undoable edit, and puts the selection and the
//! keyboard focus back where the author expects them.

use egui::text::{CCursor, CCursorRange};
use egui::text_edit::TextEditState;

use super::App;
use super::command::Command;
use crate::model::markup;
use crate::model::{Edit, SectionField};

/// A text field of a section: what the editing commands work on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TextTarget {
    /// The section's id.
    pub section: String,
    /// Which of its fields.
    pub field: SectionField,
}

impl TextTarget {
    /// The body of a section.
    pub fn body(section: &str) -> Self {
        Self {
            section: section.to_owned(),
            field: SectionField::Body,
        }
    }

    /// The egui id of the field's editor, the same every frame.
    pub fn editor_id(&self) -> egui::Id {
        egui::Id::unique(("section-field", &self.section, self.field))
    }
}

/// The field last typed or clicked in, and what was selected in it then.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Editing {
    /// The field.
    pub target: TextTarget,
    /// The selection, as character positions, start before end.
    pub selection: (usize, usize),
}

impl App {
    /// Puts the body's cursor at the start of `line` of a section (selecting the section),
    /// with the keyboard focus, and asks the editor to scroll to it.
    pub fn go_to_line(&mut self, section: &str, line: u32) {
        let Some(body) = self
            .session
            .briefing
            .section(section)
            .map(|s| s.body.clone())
        else {
            return;
        };
        if self.selected.as_deref() != Some(section) {
            self.select(section);
        }
        let at: usize = body
            .split_inclusive('\n')
            .take(line.saturating_sub(1) as usize)
            .map(|l| l.chars().count())
            .sum();
        if let Some(ctx) = self.ctx.clone() {
            select(&mut self.editing, &ctx, &TextTarget::body(section), at..at);
        }
        self.cursor_scroll = true;
    }

    /// Whether the editor should bring the cursor into view (once).
    pub fn cursor_scroll(&self) -> bool {
        self.cursor_scroll
    }

    /// The field last typed or clicked in, with its selection.
    pub fn editing(&self) -> Option<&Editing> {
        self.editing.as_ref()
    }

    /// The field the editing commands work on: the one last typed or clicked in, if it
    /// belongs to the selected section, else the selected section's body.
    pub fn text_target(&self) -> Option<TextTarget> {
        let selected = self.selected.as_deref()?;
        self.session.briefing.section(selected)?;
        Some(
            self.editing
                .as_ref()
                .map(|e| e.target.clone())
                .filter(|t| t.section == selected)
                .unwrap_or_else(|| TextTarget::body(selected)),
        )
    }

    /// The selection in a field as character positions, start before end: the field's own
    /// while it has the focus, else as it was when the focus left it (a click on a toolbar
    /// button or a menu folds egui's selection), else the cursor at the end of the text.
    pub fn text_selection(&self, ctx: &egui::Context, target: &TextTarget) -> (usize, usize) {
        let len = self.field_text(target).map_or(0, |t| t.chars().count());
        let id = target.editor_id();
        let live = ctx
            .memory(|m| m.has_focus(id))
            .then(|| TextEditState::load(ctx, id))
            .flatten()
            .and_then(|state| state.cursor.char_range())
            .map(|range| {
                let sorted = range.as_sorted_char_range();
                (sorted.start.0, sorted.end.0)
            });
        let (start, end) = live
            .or_else(|| {
                self.editing
                    .as_ref()
                    .filter(|e| &e.target == target)
                    .map(|e| e.selection)
            })
            .unwrap_or((len, len));
        (start.min(len), end.min(len))
    }

    pub(super) fn field_text(&self, target: &TextTarget) -> Option<&str> {
        Some(
            self.session
                .briefing
                .section(&target.section)?
                .field(target.field),
        )
    }

    /// Runs a command that works on the text being edited.
    pub(super) fn edit_text(&mut self, ctx: &egui::Context, command: Command) {
        let Some(target) = self.text_target() else {
            self.note("Select a section to edit its text");
            return;
        };
        let (start, end) = self.text_selection(ctx, &target);
        let text = self.field_text(&target).unwrap_or_default().to_owned();
        let selected: String = text.chars().skip(start).take(end - start).collect();
        match command {
            Command::Copy | Command::Cut if selected.is_empty() => {
                self.note("Select some text first");
            }
            Command::Copy => ctx.copy_text(selected),
            Command::Cut => {
                ctx.copy_text(selected);
                self.replace_selection(ctx, &target, (start, end), "");
            }
            Command::Paste => match self.dialogs.clipboard_text() {
                Ok(pasted) => self.replace_selection(ctx, &target, (start, end), &pasted),
                Err(why) => self.note(&format!("Nothing to paste: {why}")),
            },
            Command::SelectAll => {
                let len = text.chars().count();
                select(&mut self.editing, ctx, &target, 0..len);
            }
            _ => {
                let Some(format) = command.format() else {
                    return;
                };
                if target.field != SectionField::Body {
                    self.note("Formatting applies to the section body");
                    return;
                }
                let (formatted, range) = markup::apply(&text, start..end, format);
                self.set_field(&target, formatted);
                select(&mut self.editing, ctx, &target, range);
            }
        }
    }

    /// Puts `pasted` in place of the characters `start..end` of a field, as one undo step,
    /// with the cursor after it. Edit → Paste ends here with the clipboard's text.
    pub fn replace_selection(
        &mut self,
        ctx: &egui::Context,
        target: &TextTarget,
        (start, end): (usize, usize),
        pasted: &str,
    ) {
        let Some(text) = self.field_text(target) else {
            return;
        };
        // A title is one line.
        let pasted = if target.field == SectionField::Title {
            pasted.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            pasted.replace("\r\n", "\n")
        };
        let head: String = text.chars().take(start).collect();
        let tail: String = text.chars().skip(end).collect();
        let cursor = start + pasted.chars().count();
        self.set_field(target, format!("{head}{pasted}{tail}"));
        select(&mut self.editing, ctx, target, cursor..cursor);
    }

    /// Sets a field's text as an undo step of its own.
    fn set_field(&mut self, target: &TextTarget, text: String) {
        self.session.history.break_group();
        self.apply(
            Edit::SetSectionText {
                id: target.section.clone(),
                field: target.field,
                text,
            },
            None,
        );
        self.session.history.break_group();
    }
}

/// Selects characters `range` of a field's editor and gives it the keyboard focus.
/// Puts the cursor of a field at character `at`, keeping the focus there.
pub(super) fn place_cursor(
    editing: &mut Option<Editing>,
    ctx: &egui::Context,
    target: &TextTarget,
    at: usize,
) {
    select(editing, ctx, target, at..at);
}

fn select(
    editing: &mut Option<Editing>,
    ctx: &egui::Context,
    target: &TextTarget,
    range: std::ops::Range<usize>,
) {
    *editing = Some(Editing {
        target: target.clone(),
        selection: (range.start, range.end),
    });
    let id = target.editor_id();
    let mut state = TextEditState::load(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(range.start),
        CCursor::new(range.end),
    )));
    state.store(ctx, id);
    ctx.memory_mut(|memory| memory.request_focus(id));
}
