//! The section editor: title, portion marking, variants, guidance, the Markdown body and the
//! private notes.

use egui::RichText;

use super::highlight;
use super::marks::{self, Mark};
use crate::app::find::FindAction;
use crate::app::{Action, Actions, App, Command, Editing, TextTarget};
use crate::model::find::Place;
use crate::model::{Edit, SectionField, Variant};

/// The formatting toolbar above the body: each button's face, and the command it runs (whose
/// label is the name a screen reader announces).
const TOOLBAR: [(&str, Command); 9] = [
    ("B", Command::Bold),
    ("I", Command::Italic),
    ("</>", Command::Code),
    ("Link", Command::Link),
    ("H2", Command::Heading2),
    ("H3", Command::Heading3),
    ("• List", Command::BulletList),
    ("1. List", Command::NumberedList),
    ("“ Quote", Command::Quote),
];

/// The width of the body's line-number gutter.
const GUTTER: f32 = 30.0;

/// Numbers the body's lines (as `check` and the problems list count them) in the gutter:
/// a wrapped line is numbered once, on its first row.
fn line_numbers(ui: &egui::Ui, output: &egui::text_edit::TextEditOutput) {
    let painter = ui.painter();
    let font = egui::FontId::monospace(ui.style().text_styles[&egui::TextStyle::Small].size);
    let color = ui.visuals().weak_text_color();
    let x = output.galley_pos.x - 6.0;
    let mut line = 1;
    let mut starts_line = true;
    for row in &output.galley.rows {
        let y = output.galley_pos.y + row.pos.y;
        if starts_line
            && ui.is_rect_visible(egui::Rect::from_min_size(
                egui::pos2(x - GUTTER, y),
                egui::vec2(GUTTER, row.height()),
            ))
        {
            painter.text(
                egui::pos2(x, y + 1.0),
                egui::Align2::RIGHT_TOP,
                line.to_string(),
                font.clone(),
                color,
            );
        }
        starts_line = row.ends_with_newline;
        if row.ends_with_newline {
            line += 1;
        }
    }
}

/// Paints the search's matches, misspelt words and the review's marks over a field and,
/// once, scrolls the current match into view.
fn paint_marks(
    ui: &mut egui::Ui,
    app: &App,
    output: &egui::text_edit::TextEditOutput,
    target: &TextTarget,
    text: &str,
    review: Vec<(std::ops::Range<usize>, Mark)>,
    actions: &mut Actions,
) {
    let mut marks: Vec<(std::ops::Range<usize>, Mark)> = review;
    // Spelling, for the body, title and notes alike; asked for once per text. Not over the
    // marked text of suggest mode, where a deleted word and the one put in its place meet.
    let marked = app.suggesting() && target.field == SectionField::Body;
    match app.spelling().misspelt(text).filter(|_| !marked) {
        Some(misspelt) => marks.extend(misspelt.iter().map(|r| (r.clone(), Mark::Misspelt))),
        None if !marked && app.spelling().wanted(text) => {
            actions.push(Action::CheckSpelling(text.to_owned()));
        }
        None => {}
    }
    let finder = app.finder();
    let here = |place: &Place| matches!(place, Place::Section { id: s, field: f } if *s == target.section && *f == target.field);
    let (indices, bytes): (Vec<usize>, Vec<std::ops::Range<usize>>) = finder
        .matches
        .iter()
        .enumerate()
        .filter(|(_, m)| finder.open && here(&m.place))
        .map(|(i, m)| (i, m.range.clone()))
        .unzip();
    let found = marks::char_ranges(text, &bytes)
        .into_iter()
        .zip(indices)
        .map(|(range, i)| {
            let mark = if finder.current == Some(i) {
                Mark::Current
            } else {
                Mark::Found
            };
            (range, mark)
        });
    marks.extend(found);
    if marks.is_empty() {
        return;
    }
    marks.sort_by_key(|(range, _)| range.start);
    let current = marks::paint(ui, &output.galley, output.galley_pos, &marks);
    if finder.scroll_pending
        && let Some(rect) = current
    {
        ui.scroll_to_rect(rect, Some(egui::Align::Center));
        actions.push(Action::Find(FindAction::Scrolled));
    }
}

/// Tells the app which field has the focus and what is selected in it, when that changed:
/// egui folds a selection to its cursor once the field loses the focus (to a toolbar button
/// or a menu), and the editing commands need the selection as it was.
fn track_focus(
    ui: &egui::Ui,
    app: &App,
    output: &egui::text_edit::TextEditOutput,
    id: &str,
    field: SectionField,
    actions: &mut Actions,
) {
    if !output.response.has_focus() {
        return;
    }
    let Some(range) = output.cursor_range else {
        return;
    };
    let sorted = range.as_sorted_char_range();
    let target = TextTarget {
        section: id.to_owned(),
        field,
    };
    // A right-click inside the selection keeps it, as in Word (egui moves the cursor to the
    // pointer on any button, on the press and again as the click ends): the menu it opens
    // works on the selection. Outside the selection the cursor goes where it was clicked, and
    // the menu works there (on the misspelt word under it).
    let right_click = ui.input(|i| i.pointer.button_pressed(egui::PointerButton::Secondary))
        || output.response.response.secondary_clicked();
    if right_click
        && sorted.start == sorted.end
        && let Some(before) = app.editing().filter(|e| e.target == target)
        && before.selection.0 < before.selection.1
        && (before.selection.0..=before.selection.1).contains(&sorted.start.0)
    {
        let mut state = output.state.clone();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(before.selection.0),
                egui::text::CCursor::new(before.selection.1),
            )));
        state.store(ui.ctx(), target.editor_id());
        return;
    }
    // While a menu is open the field folds its selection (it has lost the keyboard to the
    // menu): what the menu's commands work on is the selection from before.
    let menu_open =
        egui::Popup::is_any_open(ui.ctx()) || output.response.response.context_menu_opened();
    if menu_open && !right_click {
        return;
    }
    let editing = Editing {
        target,
        selection: (sorted.start.0, sorted.end.0),
    };
    if app.editing() != Some(&editing) {
        actions.push(Action::Focus(editing));
    }
}

/// The formatting toolbar: compact faces, each button named and explained by its command.
fn toolbar_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        for (face, command) in TOOLBAR {
            let text = match command {
                Command::Bold => RichText::new(face).strong(),
                Command::Italic => RichText::new(face).italics(),
                Command::Code => RichText::new(face).monospace(),
                _ => RichText::new(face),
            };
            let shortcut = command.shortcut_text(ui.ctx());
            let tip = if shortcut.is_empty() {
                command.tooltip().to_owned()
            } else {
                format!("{} ({shortcut})", command.tooltip())
            };
            // Not a Tab stop, as a word processor's toolbar is not: Tab goes from the
            // section's settings to its body, and the Format menu and shortcuts reach every
            // one of these from the keyboard.
            let button = egui::Button::new(text).sense(egui::Sense::CLICK);
            let response = ui.add_enabled(app.can(command), button).on_hover_text(tip);
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, command.label())
            });
            if response.clicked() {
                actions.run(command);
            }
        }
    });
}

/// The spelling part of a field's right-click menu, when the cursor is on a misspelt word:
/// suggestions, "Add to dictionary", "Ignore in this briefing".
fn spelling_menu_ui(
    ui: &mut egui::Ui,
    app: &App,
    target: &TextTarget,
    text: &str,
    actions: &mut Actions,
) {
    let Some(misspelt) = app.spelling().misspelt(text) else {
        return;
    };
    // The word under the right-click: egui put the field's cursor there (the field's own
    // state says where, even once the menu has the keyboard), else the last selection's start.
    let cursor = egui::text_edit::TextEditState::load(ui.ctx(), target.editor_id())
        .and_then(|state| state.cursor.char_range())
        .map(|range| range.primary.index.0);
    let Some(at) = cursor.or_else(|| {
        app.editing()
            .filter(|e| &e.target == target)
            .map(|e| e.selection.0)
    }) else {
        return;
    };
    let Some(range) = misspelt
        .iter()
        .find(|r| r.start <= at && at <= r.end)
        .cloned()
    else {
        return;
    };
    let word: String = text.chars().skip(range.start).take(range.len()).collect();
    // Suggestions take a few milliseconds: made once per word while the menu is open.
    let memory_id = egui::Id::unique(("spelling-suggestions", &word));
    let kept = ui.ctx().data_mut(|d| d.get_temp::<Vec<String>>(memory_id));
    let suggestions = kept.unwrap_or_else(|| {
        let made =
            crate::lint::spelling::Speller::for_briefing(app.briefing(), &app.spelling().personal)
                .map(|s| s.suggest(&word))
                .unwrap_or_default();
        ui.ctx()
            .data_mut(|d| d.insert_temp(memory_id, made.clone()));
        made
    });
    if suggestions.is_empty() {
        ui.label(RichText::new("No suggestions").weak());
    }
    for suggestion in suggestions {
        if ui.button(RichText::new(&suggestion).strong()).clicked() {
            actions.push(Action::CorrectWord {
                target: target.clone(),
                range: range.clone(),
                word: suggestion,
            });
            ui.close();
        }
    }
    if ui
        .button("Add to dictionary")
        .on_hover_text("Accept this word in every briefing (your own word list)")
        .clicked()
    {
        actions.push(Action::AddWord(word.clone()));
        ui.close();
    }
    if ui
        .button("Ignore in this briefing")
        .on_hover_text("Accept this word in this briefing only (kept in the file)")
        .clicked()
    {
        actions.push(Action::IgnoreWord(word));
        ui.close();
    }
    ui.separator();
}

/// The title's and the notes' right-click menu: spelling, then the clipboard.
fn field_menu_ui(
    ui: &mut egui::Ui,
    app: &App,
    target: &TextTarget,
    text: &str,
    actions: &mut Actions,
) {
    spelling_menu_ui(ui, app, target, text, actions);
    super::command_buttons(ui, app, actions, &CLIPBOARD);
}

/// The body's right-click menu: the clipboard and the formatting commands.
fn body_menu_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    super::command_buttons(ui, app, actions, &CLIPBOARD);
    ui.separator();
    ui.menu_button("Format the selection", |ui| {
        super::command_buttons(ui, app, actions, &formats());
    });
    super::command_buttons(ui, app, actions, &[Command::InsertCitation, Command::Link]);
}

/// The clipboard's commands, in the Edit menu and the right-click menu alike.
pub(super) const CLIPBOARD: [Command; 4] = [
    Command::Cut,
    Command::Copy,
    Command::Paste,
    Command::SelectAll,
];

/// The formatting commands in menu order: those [`Command::format`] knows.
pub(super) fn formats() -> Vec<Command> {
    Command::ALL
        .into_iter()
        .filter(|c| c.format().is_some())
        .collect()
}

pub(super) fn section_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    let Some(index) = app.selected_index() else {
        ui.centered_and_justified(|ui| {
            ui.label(
                "No section selected. Add one from the block gallery (Section → Add section…).",
            );
        });
        return;
    };
    let section = app.briefing().sections[index].clone();
    let id = section.id.clone();
    let target = |field| TextTarget {
        section: id.clone(),
        field,
    };
    let (title_target, body_target, notes_target) = (
        target(SectionField::Title),
        target(SectionField::Body),
        target(SectionField::Notes),
    );
    super::scroll(
        ui,
        egui::ScrollArea::vertical().id_salt("section-scroll"),
        "the section",
        |ui| {
            let label = ui.label("Section title");
            let mut title = section.title.clone();
            let output = egui::TextEdit::singleline(&mut title)
                .id(title_target.editor_id())
                .font(egui::TextStyle::Heading)
                .desired_width(f32::INFINITY)
                .show(ui);
            track_focus(ui, app, &output, &id, SectionField::Title, actions);
            paint_marks(ui, app, &output, &title_target, &title, Vec::new(), actions);
            let response = output.response.response.clone().labelled_by(label.id);
            response.context_menu(|ui| field_menu_ui(ui, app, &title_target, &title, actions));
            if response.changed() {
                actions.edit(
                    Edit::SetSectionText {
                        id: id.clone(),
                        field: SectionField::Title,
                        text: title,
                    },
                    Some(format!("title:{id}")),
                );
            }
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Portion marking");
                let mut marking = section.marking.clone().unwrap_or_default();
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut marking)
                            .id_salt(("marking", &id))
                            .hint_text("e.g. OFFICIAL-SENSITIVE or (C)")
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    let marking = (!marking.trim().is_empty()).then_some(marking);
                    actions.edit(
                        Edit::SetSectionMarking {
                            id: id.clone(),
                            marking,
                        },
                        Some(format!("marking:{id}")),
                    );
                }
                ui.separator();
                ui.label("In variants:");
                let mut variants = section.variants.clone();
                let mut changed = false;
                for variant in Variant::ALL {
                    let name = variant.name();
                    let mut on = variant.takes(&variants);
                    if ui.checkbox(&mut on, name).changed() {
                        if variants.is_empty() {
                            variants = Variant::ALL.iter().map(|v| v.name().to_owned()).collect();
                        }
                        variants.retain(|v| v != name);
                        if on {
                            variants.push(name.to_owned());
                        }
                        if variants.len() == Variant::ALL.len() {
                            variants.clear();
                        }
                        changed = true;
                    }
                }
                if changed {
                    actions.edit(
                        Edit::SetSectionVariants {
                            id: id.clone(),
                            variants,
                        },
                        None,
                    );
                }
            });
            if let Some(block) = app.library.block(section.block_id())
                && !block.guidance.trim().is_empty()
            {
                egui::CollapsingHeader::new(format!(
                    "Guidance for “{}” (not exported)",
                    block.title
                ))
                .id_salt(("guidance", &id))
                .show(ui, |ui| {
                    ui.label(RichText::new(block.guidance.trim()).italics().weak());
                });
            }
            ui.add_space(4.0);
            if let Some(target) = app
                .library
                .block(section.block_id())
                .and_then(|block| block.target)
            {
                let unit = match target.unit {
                    crate::templates::TargetUnit::Words => "words",
                    crate::templates::TargetUnit::Sentences => "sentences",
                };
                super::length_ui(
                    ui,
                    "Length",
                    target.measure(&section.body),
                    target.amount,
                    unit,
                );
            }
            let suggesting = app.suggesting();
            let label = ui.label(if suggesting {
                "Section body (Markdown), suggesting changes"
            } else {
                "Section body (Markdown)"
            });
            toolbar_ui(ui, app, actions);
            // In suggest mode the editor shows the marked text: the body with each
            // suggestion's deleted text kept and its inserted text in place.
            let (shown, units) = if suggesting {
                crate::model::review::marked_text(&section.body, &section.suggestions)
            } else {
                (section.body.clone(), Vec::new())
            };
            let mut body = shown.clone();
            let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                let mut job = highlight::markdown_cached(ui.ctx(), ui.style(), text.as_str());
                job.wrap.max_width = wrap;
                ui.fonts_mut(|f| f.layout_job(job))
            };
            let output = egui::TextEdit::multiline(&mut body)
                .id(body_target.editor_id())
                .desired_rows(18)
                .desired_width(f32::INFINITY)
                .margin(egui::Margin {
                    left: GUTTER as i8,
                    right: 4,
                    top: 2,
                    bottom: 2,
                })
                .layouter(&mut layouter)
                .show(ui);
            line_numbers(ui, &output);
            if app.cursor_scroll()
                && let Some(editing) = app.editing().filter(|e| e.target == body_target)
            {
                let cursor = output
                    .galley
                    .pos_from_cursor(egui::text::CCursor::new(editing.selection.0))
                    .translate(output.galley_pos.to_vec2());
                ui.scroll_to_rect(cursor, Some(egui::Align::Center));
                actions.push(Action::CursorShown);
            }
            track_focus(ui, app, &output, &id, SectionField::Body, actions);
            if app.focus_request() == Some(crate::app::Part::Editor) {
                output.response.response.request_focus();
                actions.push(Action::PartFocused);
            }
            paint_marks(
                ui,
                app,
                &output,
                &body_target,
                &body,
                super::review::marks(&section, suggesting, &units),
                actions,
            );
            let response = output.response.response.clone().labelled_by(label.id);
            response.context_menu(|ui| {
                spelling_menu_ui(ui, app, &body_target, &body, actions);
                body_menu_ui(ui, app, actions);
            });
            if response.changed() && suggesting {
                if let Some(change) = crate::model::review::Change::between(&shown, &body) {
                    let inserted: String =
                        body.chars().skip(change.at).take(change.inserted).collect();
                    actions.push(Action::Review(crate::app::review::ReviewAction::Suggest {
                        section: id.clone(),
                        change,
                        inserted,
                    }));
                }
            } else if response.changed() {
                actions.edit(
                    Edit::SetSectionText {
                        id: id.clone(),
                        field: SectionField::Body,
                        text: body,
                    },
                    Some(format!("body:{id}")),
                );
            }
            ui.add_space(4.0);
            super::review::review_ui(ui, app, &section, actions);
            ui.add_space(8.0);
            let notes_fill = super::theme::notes_fill(ui.visuals().dark_mode);
            egui::Frame::new()
                .fill(notes_fill)
                .inner_margin(8.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    let label = ui.label(
                        RichText::new(
                            "Private notes: never exported, never in the PDF or Markdown",
                        )
                        .strong(),
                    );
                    let mut notes = section.notes.clone();
                    let output = egui::TextEdit::multiline(&mut notes)
                        .id(notes_target.editor_id())
                        .desired_rows(4)
                        .desired_width(f32::INFINITY)
                        .show(ui);
                    track_focus(ui, app, &output, &id, SectionField::Notes, actions);
                    paint_marks(ui, app, &output, &notes_target, &notes, Vec::new(), actions);
                    let response = output.response.response.clone().labelled_by(label.id);
                    response.context_menu(|ui| {
                        field_menu_ui(ui, app, &notes_target, &notes, actions);
                    });
                    if response.changed() {
                        actions.edit(
                            Edit::SetSectionText {
                                id: id.clone(),
                                field: SectionField::Notes,
                                text: notes,
                            },
                            Some(format!("notes:{id}")),
                        );
                    }
                });
        },
    );
}
