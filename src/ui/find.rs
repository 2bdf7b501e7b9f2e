//! The find bar above the editor: what to find, how (case, whole words, a regular
//! expression), "3 of 12", previous and next, and with Replace its replace row.

use egui::{Key, RichText};

use crate::app::find::{FindAction, place_name};
use crate::app::{Action, Actions, App};
use crate::model::find::Place;

fn find(actions: &mut Actions, action: FindAction) {
    actions.push(Action::Find(action));
}

pub(super) fn find_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    let finder = app.finder();
    let pattern_id = egui::Id::unique("find-pattern");
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Find");
            let mut query = finder.query.clone();
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut query.pattern)
                        .id(pattern_id)
                        .hint_text("Words to find")
                        .desired_width(220.0),
                )
                .labelled_by(label.id);
            if finder.focus_pending {
                response.request_focus();
                find(actions, FindAction::Focused);
            }
            let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            // egui takes the focus from a one-line field on Escape before we see the key.
            let escape = (response.has_focus() || response.lost_focus())
                && ui.input(|i| i.key_pressed(Key::Escape));
            ui.checkbox(&mut query.match_case, "Match case");
            ui.checkbox(&mut query.whole_word, "Whole word");
            ui.checkbox(&mut query.regex, "Regular expression")
                .on_hover_text("The regex crate's syntax; $1 in the replacement names a group");
            if query != finder.query {
                find(actions, FindAction::Query(query));
            }
            let any = !finder.matches.is_empty();
            if ui.add_enabled(any, egui::Button::new("Previous")).clicked() {
                find(actions, FindAction::Previous);
            }
            if ui.add_enabled(any, egui::Button::new("Next")).clicked() || enter {
                let back = ui.input(|i| i.modifiers.shift);
                find(
                    actions,
                    if back {
                        FindAction::Previous
                    } else {
                        FindAction::Next
                    },
                );
                if enter {
                    // Enter again goes on to the next one.
                    response.request_focus();
                }
            }
            let count = finder.count_text();
            if finder.error.is_some() {
                ui.colored_label(ui.visuals().error_fg_color, count);
            } else {
                ui.label(RichText::new(count).strong());
            }
            if ui
                .button("Close")
                .on_hover_text("Close the find bar (Esc)")
                .clicked()
                || escape
            {
                find(actions, FindAction::Close);
            }
        });
        if finder.replacing {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Replace with");
                let mut replacement = finder.replacement.clone();
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut replacement)
                            .id(egui::Id::unique("find-replacement"))
                            .desired_width(220.0),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    find(actions, FindAction::Replacement(replacement));
                }
                let any = !finder.matches.is_empty();
                if ui
                    .add_enabled(any, egui::Button::new("Replace"))
                    .on_hover_text("Replace this match and go to the next")
                    .clicked()
                {
                    find(actions, FindAction::Replace);
                }
                if ui
                    .add_enabled(any, egui::Button::new("Replace all"))
                    .on_hover_text("Replace every match in the briefing; one Undo takes it back")
                    .clicked()
                {
                    find(actions, FindAction::ReplaceAll);
                }
            });
        }
        // A match outside the section editor is named, since nothing there shows it.
        if let Some(found) = finder.current_match()
            && !matches!(found.place, Place::Section { .. })
        {
            ui.label(
                RichText::new(format!("This match is {}", place_name(app, &found.place))).weak(),
            );
        }
    });
}
