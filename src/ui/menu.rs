//! The menu bar: File, Edit, Format, Insert, Section, Review and View, each item a command with its shortcut.

use super::command_buttons;
use crate::app::{Action, Actions, App, Command};

pub(super) fn menu_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            command_buttons(
                ui,
                app,
                actions,
                &[
                    Command::New,
                    Command::Open,
                    Command::Import,
                    Command::OpenSample,
                ],
            );
            ui.add_enabled_ui(!app.recent().is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in app.recent() {
                        if ui.button(path.display().to_string()).clicked() {
                            actions.push(Action::OpenRecent(path.clone()));
                        }
                    }
                });
            });
            ui.separator();
            command_buttons(
                ui,
                app,
                actions,
                &[
                    Command::Save,
                    Command::SaveAs,
                    Command::ExportPdf,
                    Command::ExportMarkdown,
                    Command::ExportDocx,
                ],
            );
            ui.separator();
            command_buttons(
                ui,
                app,
                actions,
                &[Command::OpenExport, Command::ShowExport, Command::Print],
            );
            ui.separator();
            command_buttons(
                ui,
                app,
                actions,
                &[Command::CompareWith, Command::ExportReview],
            );
            ui.separator();
            command_buttons(ui, app, actions, &[Command::Quit]);
        });
        ui.menu_button("Edit", |ui| {
            command_buttons(ui, app, actions, &[Command::Undo, Command::Redo]);
            ui.separator();
            command_buttons(ui, app, actions, &super::section::CLIPBOARD);
        });
        ui.menu_button("Format", |ui| {
            command_buttons(ui, app, actions, &super::section::formats());
        });
        ui.menu_button("Insert", |ui| {
            command_buttons(
                ui,
                app,
                actions,
                &[
                    Command::InsertPicture,
                    Command::InsertTable,
                    Command::Link,
                    Command::InsertCitation,
                ],
            );
        });
        ui.menu_button("Section", |ui| {
            command_buttons(
                ui,
                app,
                actions,
                &[
                    Command::AddSection,
                    Command::MoveUp,
                    Command::MoveDown,
                    Command::Duplicate,
                    Command::Delete,
                ],
            );
        });
        ui.menu_button("Review", |ui| {
            command_buttons(ui, app, actions, &[Command::NewComment]);
            toggle(ui, app, actions, Command::SuggestChanges, app.suggesting());
            ui.separator();
            command_buttons(ui, app, actions, &[Command::AcceptAll, Command::RejectAll]);
            let authors = app.suggestion_authors();
            for (menu, accept) in [("Accept all by", true), ("Reject all by", false)] {
                ui.add_enabled_ui(!authors.is_empty(), |ui| {
                    ui.menu_button(menu, |ui| {
                        for author in &authors {
                            if ui.button(author).clicked() {
                                actions.push(Action::Review(
                                    crate::app::review::ReviewAction::Decide {
                                        scope: crate::app::review::Scope::Author(author.clone()),
                                        accept,
                                    },
                                ));
                            }
                        }
                    });
                });
            }
            ui.separator();
            toggle(
                ui,
                app,
                actions,
                Command::ShowReview,
                app.preferences().show_review,
            );
            command_buttons(
                ui,
                app,
                actions,
                &[Command::ExportReview, Command::CompareWith],
            );
        });
        ui.menu_button("View", |ui| {
            command_buttons(
                ui,
                app,
                actions,
                &[Command::ZoomIn, Command::ZoomOut, Command::ZoomFit],
            );
            ui.separator();
            ui.label(format!(
                "Text size {:.0} %",
                app.preferences().text_size * 100.0
            ));
            command_buttons(
                ui,
                app,
                actions,
                &[
                    Command::TextLarger,
                    Command::TextSmaller,
                    Command::TextNormal,
                    Command::SwitchPane,
                ],
            );
            ui.separator();
            ui.label("Theme");
            let mut theme = ui.ctx().options(|o| o.theme_preference);
            let before = theme;
            ui.radio_value(
                &mut theme,
                egui::ThemePreference::System,
                "Follow the system",
            );
            ui.radio_value(&mut theme, egui::ThemePreference::Light, "Light");
            ui.radio_value(&mut theme, egui::ThemePreference::Dark, "Dark");
            if theme != before {
                actions.push(Action::SetTheme(theme));
            }
        });
        ui.menu_button("Help", |ui| {
            command_buttons(ui, app, actions, &[Command::Shortcuts, Command::About]);
        });
    });
}

/// A command that turns something on or off, shown ticked while on.
fn toggle(ui: &mut egui::Ui, app: &App, actions: &mut Actions, command: Command, on: bool) {
    let shortcut = command.shortcut_text(ui.ctx());
    let mut button = egui::Button::new(command.label()).selected(on);
    if !shortcut.is_empty() {
        button = button.shortcut_text(shortcut);
    }
    if ui
        .add_enabled(app.can(command), button)
        .on_hover_text(command.tooltip())
        .clicked()
    {
        actions.run(command);
    }
}
