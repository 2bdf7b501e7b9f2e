//! The panels and widgets of the window, as `*_ui` functions over a read-only view of the
//! [`App`]: each pushes what the author asked for as [`Action`](crate::app::Action)s, which the app carries out
//! after the frame, so nothing here changes the briefing or touches a file. This, `app/` and
//! `main.rs` are the only places that use egui.

mod find;
pub mod highlight;
pub mod marks;
mod menu;
mod modal;
mod outline;
mod preview;
mod problems;
mod review;
mod section;
mod settings;
mod status;
pub mod theme;

use egui::Vec2;

use crate::app::{Action, Actions, App, Command, Measured, Pane};
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

/// Below this width (in points, so at large text sizes too) the editor and the preview share
/// the space beside the outline in turn instead of side by side.
pub const NARROW: f32 = 860.0;

/// The whole window; returns what the preview measured (none while a question covers it or
/// it is not shown).
pub fn window_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) -> Option<Measured> {
    let narrow = ui.available_width() < NARROW;
    if narrow != app.narrow() {
        actions.push(Action::SetNarrow(narrow));
    }
    egui::Panel::top("menu").show(ui, |ui| menu::menu_ui(ui, app, actions));
    egui::Panel::bottom("status").show(ui, |ui| status::status_ui(ui, app));
    // The outline and the preview keep their shares of the width (remembered as shares, so
    // a window made narrower takes from every part), and the editor keeps at least a third.
    let width = ui.available_width();
    let resized = ui.ctx().data_mut(|d| {
        let id = egui::Id::unique("window-width");
        let last: f32 = d.get_temp(id).unwrap_or(0.0);
        d.insert_temp(id, width);
        (last - width).abs() > 0.5
    });
    let shares = (
        app.preferences().outline_share,
        app.preferences().preview_share,
    );
    let outline_max = (width * 0.3).max(160.0);
    let outline_width = (shares.0 * width).clamp(160.0_f32.min(outline_max), outline_max);
    let outline = egui::Panel::left("outline")
        .resizable(true)
        .min_size(160.0_f32.min(outline_max))
        .max_size(outline_max);
    let outline = if resized {
        outline.exact_size(outline_width)
    } else {
        outline.default_size(outline_width)
    };
    let outline_shown = outline.show(ui, |ui| {
        scroll(
            ui,
            egui::ScrollArea::vertical().id_salt("outline-scroll"),
            "the outline",
            |ui| {
                outline::outline_ui(ui, app, actions);
                ui.separator();
                settings::settings_ui(ui, app, actions);
            },
        );
    });
    let outline_used = outline_shown.response.rect.width();
    if narrow {
        // One of the two beside the outline, and a button to switch.
        let mut measured = None;
        egui::CentralPanel::default().show(ui, |ui| {
            let showing_preview = app.pane() == Pane::Preview;
            let switch = if showing_preview {
                "Show the editor"
            } else {
                "Show the preview"
            };
            if ui
                .button(switch)
                .on_hover_text(Command::SwitchPane.tooltip())
                .clicked()
            {
                actions.run(Command::SwitchPane);
            }
            if showing_preview {
                let problems = reserve_problems(ui);
                measured = Some(preview::preview_ui(ui, app, actions));
                inside(ui, problems, "problems-content", |ui| {
                    problems::problems_ui(ui, app, actions);
                });
            } else {
                if app.finder().open {
                    find::find_ui(ui, app, actions);
                }
                section::section_ui(ui, app, actions);
            }
        });
        modal::modal_ui(ui.ctx(), app, actions);
        return measured;
    }
    // egui lays panels out from the outside in, and focus moves in the order widgets are
    // made; so the right-hand panels only reserve their places here, and their contents are
    // drawn after the editor's, top to bottom: Tab then goes menu, outline, editor, preview,
    // problems, the order they are read in.
    let preview_max = (width * 0.667 - outline_used).max(280.0);
    let preview_width = (shares.1 * width).clamp(280.0_f32.min(preview_max), preview_max);
    let preview = egui::Panel::right("preview")
        .resizable(true)
        .min_size(280.0_f32.min(preview_max))
        .max_size(preview_max);
    let preview = if resized {
        preview.exact_size(preview_width)
    } else {
        preview.default_size(preview_width)
    };
    let preview_shown = preview.show(ui, |ui| {
        let problems = reserve_problems(ui);
        (reserve(ui), problems)
    });
    let (preview_rect, problems_rect) = preview_shown.inner;
    // A dragged edge is remembered as a share of the width.
    let used = (
        outline_used / width.max(1.0),
        preview_shown.response.rect.width() / width.max(1.0),
    );
    if !resized && ((used.0 - shares.0).abs() > 0.002 || (used.1 - shares.1).abs() > 0.002) {
        actions.push(Action::SetShares {
            outline: used.0,
            preview: used.1,
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        if app.finder().open {
            find::find_ui(ui, app, actions);
        }
        section::section_ui(ui, app, actions);
    });
    let measured = inside(ui, preview_rect, "preview-content", |ui| {
        preview::preview_ui(ui, app, actions)
    });
    inside(ui, problems_rect, "problems-content", |ui| {
        problems::problems_ui(ui, app, actions);
    });
    modal::modal_ui(ui.ctx(), app, actions);
    Some(measured)
}

/// Shows a scroll area whose scroll bars are named for what they scroll ("Scroll the pages up
/// and down"): egui gives them a role but no name.
fn scroll<R>(
    ui: &mut egui::Ui,
    area: egui::ScrollArea,
    name: &str,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let output = area.show(ui, add);
    for (axis, way) in [(0_usize, "sideways"), (1_usize, "up and down")] {
        ui.ctx()
            .accesskit_node_builder(output.id.with(axis), |node| {
                node.set_label(format!("Scroll {name} {way}"));
            });
    }
    output.inner
}

/// The problems list's resizable place at the bottom, filled later with [`inside`].
fn reserve_problems(ui: &mut egui::Ui) -> egui::Rect {
    egui::Panel::bottom("problems")
        .resizable(true)
        .default_size(140.0)
        .min_size(60.0)
        .show(ui, reserve)
        .inner
}

/// Takes the rest of a panel, to be filled later with [`inside`].
fn reserve(ui: &mut egui::Ui) -> egui::Rect {
    let rect = ui.available_rect_before_wrap();
    ui.allocate_rect(rect, egui::Sense::hover());
    rect
}

/// Draws into a place [`reserve`] kept, clipped to it.
fn inside<R>(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    id: &str,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> R {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .id_salt(id)
            .max_rect(rect)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    add(&mut child)
}

/// A length against its goal as a bar with words ("3 of 4 sentences", "over by 1" when
/// over, so the bar's colour is never the only sign).
fn length_ui(ui: &mut egui::Ui, what: &str, used: usize, goal: usize, unit: &str) {
    let over = used > goal;
    let text = if over {
        format!("{what}: {used} of {goal} {unit}, over by {}", used - goal)
    } else {
        format!("{what}: {used} of {goal} {unit}")
    };
    let fraction = (used as f32 / goal.max(1) as f32).min(1.0);
    ui.horizontal(|ui| {
        // The bar in the selection colour (its text keeps the theme's contrast); past the
        // goal, the words beside it say so in the error colour.
        let bar = egui::ProgressBar::new(fraction)
            .fill(ui.visuals().selection.bg_fill)
            .desired_width(220.0)
            .text(format!("{what}: {used} of {goal} {unit}"));
        let response = ui.add(bar);
        response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, &text));
        if over {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("over by {}", used - goal),
            );
        }
    });
}

/// A button for a command: its label, tooltip and shortcut, greyed out when it cannot run.
/// Returns true when clicked.
fn command_button(ui: &mut egui::Ui, app: &App, command: Command) -> bool {
    let shortcut = command.shortcut_text(ui.ctx());
    let mut button = egui::Button::new(command.label());
    // An empty shortcut would still add a space to the name a screen reader announces.
    if !shortcut.is_empty() {
        button = button.shortcut_text(shortcut);
    }
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
