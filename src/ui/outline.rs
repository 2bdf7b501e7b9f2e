//! The outline: the sections in order, with their portion marks, drag handles and the
//! section commands.

use egui::{Sense, Stroke, Vec2};

use crate::app::{Action, Actions, App, Command, Part};
use crate::model::Edit;

pub(super) fn outline_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    ui.horizontal(|ui| {
        ui.heading("Outline");
    });
    ui.horizontal_wrapped(|ui| {
        for (command, icon) in [
            (Command::AddSection, "+ Add"),
            (Command::MoveUp, "Up"),
            (Command::MoveDown, "Down"),
            (Command::Duplicate, "Duplicate"),
            (Command::Delete, "Delete"),
        ] {
            let button = egui::Button::new(icon);
            let response = ui
                .add_enabled(app.can(command), button)
                .on_hover_text(command.tooltip());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, app.can(command), command.label())
            });
            if response.clicked() {
                actions.run(command);
            }
        }
    });
    ui.add_space(4.0);
    // Markings as portion marks, "(OS)", as the pages show them.
    let scheme = app.briefing().meta.marking.scheme;
    let counts = app.word_counts();
    let sections: Vec<(String, String, Option<String>, usize)> = app
        .briefing()
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mark = s
                .marking
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .map(|m| scheme.portion_mark(m));
            let words = counts.get(i).copied().unwrap_or(0);
            (s.id.clone(), s.title.clone(), mark, words)
        })
        .collect();
    for (index, (id, title, marking, words)) in sections.iter().enumerate() {
        let selected = app.selected() == Some(id.as_str());
        let row = ui.horizontal(|ui| {
            // The grip drags with the mouse; from the keyboard, Alt+Up/Down or the row's menu
            // move the section, so the grip is no Tab stop of its own.
            let grip = grip_ui(ui);
            if grip.drag_started() {
                egui::DragAndDrop::set_payload(ui.ctx(), index);
            }
            if grip.dragged() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
            }
            grip.on_hover_text("Drag to move the section");
            let shown = if title.trim().is_empty() {
                "(untitled section)".to_owned()
            } else {
                title.clone()
            };
            let text = match marking {
                Some(mark) => format!("{mark} {shown}"),
                _ => shown,
            };
            // A long title is cut to the panel's width, whole on hover, rather than widen
            // the outline over the editor; the section's word count keeps its place at the
            // right.
            let count_width = 44.0;
            let height = ui.spacing().interact_size.y;
            let room = (ui.available_width() - count_width).max(40.0);
            ui.allocate_ui_with_layout(
                Vec2::new(room, height),
                egui::Layout::left_to_right(egui::Align::Center),
                |ui| {
                    let item = ui.add(egui::Button::selectable(selected, text.as_str()).truncate());
                    if selected && app.focus_request() == Some(Part::Outline) {
                        item.request_focus();
                        actions.push(Action::PartFocused);
                    }
                    if item.secondary_clicked() && !selected {
                        actions.push(Action::Select(id.clone()));
                    }
                    item.context_menu(|ui| row_menu_ui(ui, app, id, actions));
                    if item.on_hover_text(text).clicked() {
                        actions.push(Action::Select(id.clone()));
                    }
                },
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let count = ui.label(egui::RichText::new(words.to_string()).weak().small());
                let name = format!("{words} words");
                count.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
            });
        });
        let response = row.response;
        if let Some(from) = response.dnd_hover_payload::<usize>() {
            let y = if *from > index {
                response.rect.top()
            } else {
                response.rect.bottom()
            };
            ui.painter().hline(
                response.rect.x_range(),
                y,
                Stroke::new(2.0, ui.visuals().selection.bg_fill),
            );
        }
        if let Some(from) = response.dnd_release_payload::<usize>() {
            actions.push(Action::MoveSection {
                from: *from,
                to: index,
            });
        }
    }
}

/// An outline row's right-click menu: the section commands (on the row, which the click
/// selected) and its portion marking.
fn row_menu_ui(ui: &mut egui::Ui, app: &App, id: &str, actions: &mut Actions) {
    super::command_buttons(
        ui,
        app,
        actions,
        &[
            Command::MoveUp,
            Command::MoveDown,
            Command::Duplicate,
            Command::Delete,
        ],
    );
    let scheme = app.briefing().meta.marking.scheme;
    if scheme.levels().is_empty() {
        return;
    }
    ui.separator();
    ui.menu_button("Set portion marking", |ui| {
        let current = app
            .briefing()
            .section(id)
            .and_then(|s| s.marking.as_deref())
            .and_then(|m| scheme.rank(m));
        let choices = std::iter::once((None, "None".to_owned())).chain(
            scheme
                .levels()
                .iter()
                .map(|(level, abbr)| (Some((*level).to_owned()), format!("{level} ({abbr})"))),
        );
        for (level, text) in choices {
            let chosen = level.as_deref().and_then(|l| scheme.rank(l)) == current;
            if ui.radio(chosen, text).clicked() {
                actions.edit(
                    Edit::SetSectionMarking {
                        id: id.to_owned(),
                        marking: level,
                    },
                    None,
                );
                ui.close();
            }
        }
    });
}

/// The drag handle of an outline row: two columns of dots.
fn grip_ui(ui: &mut egui::Ui) -> egui::Response {
    // Dragged with the mouse, not a keyboard stop (no FOCUSABLE in the sense).
    let (rect, response) = ui.allocate_exact_size(Vec2::new(10.0, 16.0), Sense::DRAG);
    let color = ui.visuals().weak_text_color();
    for row in 0..3 {
        for col in 0..2 {
            let center = rect.min + Vec2::new(3.0 + 4.0 * col as f32, 4.0 + 4.0 * row as f32);
            ui.painter().circle_filled(center, 1.2, color);
        }
    }
    response
}
