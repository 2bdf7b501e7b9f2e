//! The panels and widgets of the window, as `*_ui` functions over a read-only view of the
//! [`App`]: each pushes what the author asked for as [`Action`](crate::app::Action)s, which the app carries out
//! after the frame, so nothing here changes the briefing or touches a file. This, `app/` and
//! `main.rs` are the only places that use egui.

pub mod highlight;
mod menu;
mod modal;
mod outline;
mod preview;
mod problems;
mod section;
mod settings;
mod status;
pub mod theme;

use egui::Vec2;

use crate::app::{Actions, App, Command, Measured};
use crate::layout::fonts::FaceId;

/// Fonts and theme, once at start: the bundled Noto faces (so the window shows Albanian and
/// Persian like the PDF), and light or dark following the system.
pub fn setup(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let faces = [
        (
            "noto-sans",
            FaceId::SansRegular,
            egui::FontFamily::Proportional,
        ),
        (
            "noto-mono",
            FaceId::MonoRegular,
            egui::FontFamily::Monospace,
        ),
    ];
    for (name, face, family) in faces {
        fonts.font_data.insert(
            name.to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(face.face().data)),
        );
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, name.to_owned());
    }
    fonts.font_data.insert(
        "noto-arabic".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(
            FaceId::ArabicRegular.face().data,
        )),
    );
    // Arabic script, then the mono face's arrows and box drawing, as fallbacks.
    let fallbacks = [
        (egui::FontFamily::Proportional, "noto-arabic"),
        (egui::FontFamily::Proportional, "noto-mono"),
        (egui::FontFamily::Monospace, "noto-arabic"),
    ];
    for (family, name) in fallbacks {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(name.to_owned());
    }
    ctx.set_fonts(fonts);
    ctx.options_mut(|o| {
        o.theme_preference = egui::ThemePreference::System;
        o.zoom_with_keyboard = false;
    });
    theme::apply(ctx);
    ctx.all_styles_mut(|style| {
        // A steady cursor: no blinking to distract, and no repaints while nothing changes.
        style.visuals.text_cursor.blink = false;
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(8.0, 3.0);
    });
}

/// The whole window; returns what the preview measured (none while a question covers it).
pub fn window_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) -> Option<Measured> {
    egui::Panel::top("menu").show(ui, |ui| menu::menu_ui(ui, app, actions));
    egui::Panel::bottom("status").show(ui, |ui| status::status_ui(ui, app));
    egui::Panel::left("outline")
        .resizable(true)
        .default_size(290.0)
        .min_size(220.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("outline-scroll")
                .show(ui, |ui| {
                    outline::outline_ui(ui, app, actions);
                    ui.separator();
                    settings::settings_ui(ui, app, actions);
                });
        });
    let measured = egui::Panel::right("preview")
        .resizable(true)
        .default_size(560.0)
        .min_size(280.0)
        .show(ui, |ui| {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(140.0)
                .min_size(60.0)
                .show(ui, |ui| problems::problems_ui(ui, app, actions));
            preview::preview_ui(ui, app, actions)
        })
        .inner;
    egui::CentralPanel::default().show(ui, |ui| section::section_ui(ui, app, actions));
    modal::modal_ui(ui.ctx(), app, actions);
    Some(measured)
}

/// A button for a command: its label, tooltip and shortcut, greyed out when it cannot run.
/// Returns true when clicked.
fn command_button(ui: &mut egui::Ui, app: &App, command: Command) -> bool {
    let shortcut = command.shortcut_text(ui.ctx());
    let button = egui::Button::new(command.label()).shortcut_text(shortcut);
    ui.add_enabled(app.can(command), button)
        .on_hover_text(command.tooltip())
        .on_disabled_hover_text(command.tooltip())
        .clicked()
}

/// Buttons for several commands; a click asks for its command.
fn command_buttons(ui: &mut egui::Ui, app: &App, actions: &mut Actions, commands: &[Command]) {
    for &command in commands {
        if command_button(ui, app, command) {
            actions.run(command);
        }
    }
}
