//! The panels and widgets of the window, as `*_ui` functions over the [`App`] state. This and
//! `app/` are the only places that use egui.

pub mod highlight;
mod settings;

use egui::{Align, Color32, Id, Layout, RichText, Sense, Stroke, StrokeKind, Vec2};

use crate::app::{App, Command, Modal, Purpose, Then, Zoom};
use crate::diagnostic::Severity;
use crate::layout::fonts::FACES;
use crate::model::{Edit, SectionField, Variant};

/// Fonts and theme, once at start: the bundled Noto faces (so the window shows Albanian and
/// Persian like the PDF), and light or dark following the system.
pub fn setup(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let faces = [
        ("noto-sans", 4usize, egui::FontFamily::Proportional),
        ("noto-mono", 8, egui::FontFamily::Monospace),
    ];
    for (name, face, family) in faces {
        fonts.font_data.insert(
            name.to_owned(),
            std::sync::Arc::new(egui::FontData::from_static(FACES[face].data)),
        );
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, name.to_owned());
    }
    fonts.font_data.insert(
        "noto-arabic".to_owned(),
        std::sync::Arc::new(egui::FontData::from_static(FACES[9].data)),
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
    ctx.all_styles_mut(|style| {
        // A steady cursor: no blinking to distract, and no repaints while nothing changes.
        style.visuals.text_cursor.blink = false;
        style.spacing.item_spacing = Vec2::new(8.0, 6.0);
        style.spacing.button_padding = Vec2::new(8.0, 3.0);
    });
}

/// The whole window.
pub fn window_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Panel::top("menu").show(ui, |ui| menu_ui(app, ui));
    egui::Panel::bottom("status").show(ui, |ui| status_ui(app, ui));
    egui::Panel::left("outline")
        .resizable(true)
        .default_size(290.0)
        .min_size(220.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("outline-scroll")
                .show(ui, |ui| {
                    outline_ui(app, ui);
                    ui.separator();
                    settings::settings_ui(app, ui);
                });
        });
    egui::Panel::right("preview")
        .resizable(true)
        .default_size(560.0)
        .min_size(280.0)
        .show(ui, |ui| {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(140.0)
                .min_size(60.0)
                .show(ui, |ui| problems_ui(app, ui));
            preview_ui(app, ui);
        });
    egui::CentralPanel::default().show(ui, |ui| section_ui(app, ui));
    modal_ui(app, ui.ctx());
}

/// A button for a command: its label, tooltip and shortcut, greyed out when it cannot run.
/// Returns true when clicked.
fn command_button(app: &App, ui: &mut egui::Ui, command: Command) -> bool {
    let shortcut = command.shortcut_text(ui.ctx());
    let button = egui::Button::new(command.label()).shortcut_text(shortcut);
    ui.add_enabled(app.can(command), button)
        .on_hover_text(command.tooltip())
        .on_disabled_hover_text(command.tooltip())
        .clicked()
}

/// Buttons for several commands; the one clicked, if any.
fn command_buttons(app: &App, ui: &mut egui::Ui, commands: &[Command]) -> Option<Command> {
    let mut clicked = None;
    for &command in commands {
        if command_button(app, ui, command) {
            clicked = Some(command);
        }
    }
    clicked
}

fn menu_ui(app: &mut App, ui: &mut egui::Ui) {
    let mut run = None;
    let mut open_recent = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            run = run.or(command_buttons(
                app,
                ui,
                &[Command::New, Command::Open, Command::Import],
            ));
            ui.add_enabled_ui(!app.recent().is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in app.recent() {
                        if ui.button(path.display().to_string()).clicked() {
                            open_recent = Some(path.clone());
                        }
                    }
                });
            });
            ui.separator();
            run = run.or(command_buttons(
                app,
                ui,
                &[
                    Command::Save,
                    Command::SaveAs,
                    Command::ExportPdf,
                    Command::ExportMarkdown,
                ],
            ));
            ui.separator();
            run = run.or(command_buttons(app, ui, &[Command::Quit]));
        });
        ui.menu_button("Edit", |ui| {
            run = run.or(command_buttons(app, ui, &[Command::Undo, Command::Redo]));
        });
        ui.menu_button("Section", |ui| {
            run = run.or(command_buttons(
                app,
                ui,
                &[
                    Command::AddSection,
                    Command::MoveUp,
                    Command::MoveDown,
                    Command::Duplicate,
                    Command::Delete,
                ],
            ));
        });
        ui.menu_button("View", |ui| {
            run = run.or(command_buttons(
                app,
                ui,
                &[Command::ZoomIn, Command::ZoomOut, Command::ZoomFit],
            ));
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
                ui.ctx().set_theme(theme);
            }
        });
    });
    if let Some(command) = run {
        app.execute(command);
    }
    if let Some(path) = open_recent {
        if app.session.is_dirty() {
            app.modal = Some(Modal::Unsaved(Then::OpenPath(path)));
        } else {
            app.open_path(&path);
        }
    }
}

fn status_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let session = app.session();
        let (state, color) = if session.recovered {
            ("Recovered draft, not saved yet", ui.visuals().warn_fg_color)
        } else if session.is_dirty() {
            ("Unsaved changes", ui.visuals().warn_fg_color)
        } else {
            ("Saved", ui.visuals().weak_text_color())
        };
        ui.label(RichText::new(state).color(color));
        ui.separator();
        let words: usize = session
            .briefing
            .sections
            .iter()
            .map(|s| s.body.split_whitespace().count())
            .sum();
        ui.label(format!("{words} words"));
        ui.separator();
        let pages = app.preview().pages.len();
        ui.label(format!("{pages} pages"));
        ui.separator();
        let name = session.path.as_deref().map_or_else(
            || "Untitled (not saved to a file)".to_owned(),
            |p| p.display().to_string(),
        );
        ui.label(RichText::new(name).weak());
        if let Some((message, error)) = app.status() {
            ui.separator();
            let color = if *error {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(message).color(color));
        }
    });
}

fn outline_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        ui.heading("Outline");
    });
    let mut run = None;
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
                run = Some(command);
            }
        }
    });
    if let Some(command) = run {
        app.execute(command);
    }
    ui.add_space(4.0);
    let mut select = None;
    let mut moved = None;
    // Markings as portion marks, "(OS)", as the pages show them.
    let scheme = app.briefing().meta.marking.scheme;
    let sections: Vec<(String, String, Option<String>)> = app
        .briefing()
        .sections
        .iter()
        .map(|s| {
            let mark = s
                .marking
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .map(|m| scheme.portion_mark(m));
            (s.id.clone(), s.title.clone(), mark)
        })
        .collect();
    for (index, (id, title, marking)) in sections.iter().enumerate() {
        let selected = app.selected() == Some(id.as_str());
        let row = ui.horizontal(|ui| {
            let handle =
                ui.dnd_drag_source(ui.scope_id().with(("drag-section", index)), index, |ui| {
                    grip_ui(ui)
                });
            handle.response.on_hover_text("Drag to move the section");
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
            // the outline over the editor.
            let item = ui.add(egui::Button::selectable(selected, text.as_str()).truncate());
            if item.on_hover_text(text).clicked() {
                select = Some(id.clone());
            }
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
            moved = Some((*from, index));
        }
    }
    if let Some(id) = select {
        app.select(&id);
    }
    if let Some((from, to)) = moved {
        app.move_section(from, to);
    }
}

/// The drag handle of an outline row: two columns of dots.
fn grip_ui(ui: &mut egui::Ui) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(Vec2::new(10.0, 16.0), Sense::hover());
    let color = ui.visuals().weak_text_color();
    for row in 0..3 {
        for col in 0..2 {
            let center = rect.min + Vec2::new(3.0 + 4.0 * col as f32, 4.0 + 4.0 * row as f32);
            ui.painter().circle_filled(center, 1.2, color);
        }
    }
    response
}

fn section_ui(app: &mut App, ui: &mut egui::Ui) {
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
    egui::ScrollArea::vertical()
        .id_salt("section-scroll")
        .show(ui, |ui| {
            let label = ui.label("Section title");
            let mut title = section.title.clone();
            let response = ui.add(
                egui::TextEdit::singleline(&mut title)
                    .id_salt(("title", &id))
                    .font(egui::TextStyle::Heading)
                    .desired_width(f32::INFINITY),
            );
            let response = response.labelled_by(label.id);
            if response.changed() {
                app.apply(
                    Edit::SetSectionText {
                        id: id.clone(),
                        field: SectionField::Title,
                        text: title,
                    },
                    Some(&format!("title:{id}")),
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
                    app.apply(
                        Edit::SetSectionMarking {
                            id: id.clone(),
                            marking,
                        },
                        Some(&format!("marking:{id}")),
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
                    app.apply(
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
            let label = ui.label("Section body (Markdown)");
            let mut body = section.body.clone();
            let mut layouter = |ui: &egui::Ui, text: &dyn egui::TextBuffer, wrap: f32| {
                let mut job = highlight::markdown_cached(ui.ctx(), ui.style(), text.as_str());
                job.wrap.max_width = wrap;
                ui.fonts_mut(|f| f.layout_job(job))
            };
            let response = ui
                .add(
                    egui::TextEdit::multiline(&mut body)
                        .id_salt(("body", &id))
                        .desired_rows(18)
                        .desired_width(f32::INFINITY)
                        .layouter(&mut layouter),
                )
                .labelled_by(label.id);
            if response.changed() {
                app.apply(
                    Edit::SetSectionText {
                        id: id.clone(),
                        field: SectionField::Body,
                        text: body,
                    },
                    Some(&format!("body:{id}")),
                );
            }
            ui.add_space(8.0);
            let notes_fill = if ui.visuals().dark_mode {
                Color32::from_rgb(58, 50, 28)
            } else {
                Color32::from_rgb(255, 246, 214)
            };
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
                    let response = ui
                        .add(
                            egui::TextEdit::multiline(&mut notes)
                                .id_salt(("notes", &id))
                                .desired_rows(4)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if response.changed() {
                        app.apply(
                            Edit::SetSectionText {
                                id: id.clone(),
                                field: SectionField::Notes,
                                text: notes,
                            },
                            Some(&format!("notes:{id}")),
                        );
                    }
                });
        });
}

fn preview_ui(app: &mut App, ui: &mut egui::Ui) {
    let mut run = None;
    ui.horizontal(|ui| {
        ui.heading("Preview");
        for (command, text) in [
            (Command::ZoomOut, "−"),
            (Command::ZoomIn, "+"),
            (Command::ZoomFit, "Fit"),
        ] {
            let response = ui.button(text).on_hover_text(command.tooltip());
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, command.label())
            });
            if response.clicked() {
                run = Some(command);
            }
        }
        ui.label(format!("{:.0} %", app.preview.points_per_pt * 100.0));
        // The preview and the exports show one variant, or every section while writing.
        let shown = |v: Option<Variant>| v.map_or("All sections", Variant::title);
        egui::ComboBox::from_label("Variant")
            .selected_text(shown(app.variant))
            .show_ui(ui, |ui| {
                let choices = std::iter::once(None).chain(Variant::ALL.map(Some));
                for choice in choices {
                    let description = choice.map_or(
                        "every section, whichever variants it is for",
                        Variant::description,
                    );
                    let selected = app.variant == choice;
                    if ui
                        .selectable_label(selected, shown(choice))
                        .on_hover_text(description)
                        .clicked()
                    {
                        app.variant = choice;
                    }
                }
            });
        let preview = app.preview();
        if preview.done < preview.requested {
            ui.spinner();
        }
    });
    if let Some(command) = run {
        app.execute(command);
    }
    let available = ui.available_width();
    let page_w = app.preview.width.max(1.0);
    let gap = 14.0;
    app.preview.points_per_pt = match app.preview.zoom {
        Zoom::Fit => ((available - 2.0 * gap) / page_w).clamp(0.2, 4.0),
        Zoom::Scale(scale) => scale,
    };
    let scale = app.preview.points_per_pt;
    let size = Vec2::new(page_w * scale, app.preview.height * scale);
    let selected = app.selected().map(str::to_owned);
    let count = app.preview.pages.len();
    let mut clicked = None;
    let mut reveal = std::mem::take(&mut app.preview.reveal);
    let mut on_screen: Option<std::ops::Range<usize>> = None;
    // Pages sit on a grey desk in both themes, so their white edge is always visible.
    let desk = if ui.visuals().dark_mode {
        Color32::from_gray(40)
    } else {
        Color32::from_gray(214)
    };
    egui::Frame::new().fill(desk).show(ui, |ui| {
        egui::ScrollArea::both()
            .id_salt("preview-scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.with_layout(Layout::top_down(Align::Center), |ui| {
                    ui.add_space(gap);
                    for (index, page) in app.preview.pages.iter().enumerate() {
                        let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                        let shows_selected = selected
                            .as_ref()
                            .is_some_and(|id| page.info.regions.iter().any(|r| &r.section == id));
                        if reveal && shows_selected {
                            ui.scroll_to_rect(rect, Some(Align::TOP));
                            reveal = false;
                        }
                        let name = format!("Page {} of {count}", index + 1);
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Image, true, &name)
                        });
                        if ui.is_rect_visible(rect) {
                            on_screen = Some(match on_screen.take() {
                                Some(range) => range.start..index + 1,
                                None => index..index + 1,
                            });
                            let painter = ui.painter();
                            painter.rect_filled(
                                rect.translate(Vec2::new(2.0, 3.0)),
                                0.0,
                                Color32::from_black_alpha(50),
                            );
                            painter.rect_filled(rect, 0.0, Color32::WHITE);
                            if let Some(texture) = &page.texture {
                                painter.image(
                                    texture.id(),
                                    rect,
                                    egui::Rect::from_min_max(
                                        egui::pos2(0.0, 0.0),
                                        egui::pos2(1.0, 1.0),
                                    ),
                                    Color32::WHITE,
                                );
                            }
                            if let Some(id) = &selected {
                                for region in page.info.regions.iter().filter(|r| &r.section == id)
                                {
                                    let r = egui::Rect::from_min_size(
                                        rect.min + Vec2::new(region.rect.x, region.rect.y) * scale,
                                        Vec2::new(region.rect.w, region.rect.h) * scale,
                                    )
                                    .expand(3.0);
                                    painter.rect_stroke(
                                        r,
                                        2.0,
                                        Stroke::new(1.5, ui.visuals().selection.bg_fill),
                                        StrokeKind::Outside,
                                    );
                                }
                            }
                        }
                        if response.clicked()
                            && let Some(pos) = response.interact_pointer_pos()
                        {
                            let at = (pos - rect.min) / scale;
                            if let Some(region) = page.info.regions.iter().find(|r| {
                                at.x >= r.rect.x
                                    && at.x <= r.rect.x + r.rect.w
                                    && at.y >= r.rect.y
                                    && at.y <= r.rect.y + r.rect.h
                            }) {
                                clicked = Some(region.section.clone());
                            }
                        }
                        ui.add_space(gap);
                    }
                    if count == 0 {
                        let refused = app
                            .preview
                            .layout_diagnostics
                            .iter()
                            .find(|d| d.severity == Severity::Error);
                        match refused {
                            Some(refusal) if app.preview.laid >= app.preview.requested => {
                                ui.label(format!("No pages: {}", refusal.message));
                            }
                            _ => {
                                ui.label("Laying out the pages…");
                            }
                        }
                    }
                });
            });
    });
    if let Some(range) = on_screen {
        app.preview.visible = range;
    }
    if reveal && app.preview.laid < app.preview.requested {
        app.preview.reveal = true; // the section's pages are still being laid out
    }
    if let Some(id) = clicked {
        app.select(&id);
        app.preview.reveal = false; // the page clicked is already in view
    }
}

fn problems_ui(app: &mut App, ui: &mut egui::Ui) {
    let count = app.preview().diagnostics.len();
    let of = |severity: Severity| {
        app.preview()
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let summary = format!(
        "{} errors, {} warnings, {} notes",
        of(Severity::Error),
        of(Severity::Warning),
        of(Severity::Info)
    );
    ui.horizontal(|ui| {
        ui.strong("Problems");
        ui.label(RichText::new(summary).weak());
    });
    let mut select = None;
    egui::ScrollArea::vertical()
        .id_salt("problems-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if count == 0 {
                ui.label(RichText::new("No problems found.").weak());
            }
            for diagnostic in &app.preview().diagnostics {
                let (mark, color) = match diagnostic.severity {
                    Severity::Error => ("Error", ui.visuals().error_fg_color),
                    Severity::Warning => ("Warning", ui.visuals().warn_fg_color),
                    Severity::Info => ("Note", ui.visuals().weak_text_color()),
                };
                let place = match (&diagnostic.location.section, diagnostic.location.line) {
                    (Some(section), Some(line)) => format!("{section}, line {line}: "),
                    (Some(section), None) => format!("{section}: "),
                    _ => String::new(),
                };
                let text =
                    RichText::new(format!("{mark}: {place}{}", diagnostic.message)).color(color);
                let response = ui.add(egui::Button::selectable(false, text).wrap());
                if response.clicked()
                    && let Some(section) = &diagnostic.location.section
                {
                    select = Some(section.clone());
                }
            }
        });
    if let Some(id) = select {
        app.select(&id);
    }
}

/// The block gallery's fixed height, so picking a block never moves the list.
const GALLERY_HEIGHT: f32 = 420.0;

fn modal_ui(app: &mut App, ctx: &egui::Context) {
    let Some(modal) = app.modal.clone() else {
        return;
    };
    let mut close = false;
    let response = egui::Modal::new(Id::unique("briefdesk-modal")).show(ctx, |ui| {
        if !matches!(modal, Modal::Gallery { .. }) {
            ui.set_max_width(520.0);
        }
        match modal {
            Modal::Error(message) => {
                ui.heading("Something went wrong");
                ui.label(message);
                ui.label(RichText::new("Nothing in the open briefing was lost.").weak());
                if ui.button("OK").clicked() {
                    close = true;
                }
            }
            Modal::Recover(found) => {
                ui.heading("Recover unsaved work?");
                ui.label("briefdesk closed before these drafts were saved:");
                for entry in &found {
                    ui.horizontal(|ui| {
                        let name = entry
                            .entry
                            .document
                            .as_deref()
                            .map_or_else(|| "Untitled briefing".to_owned(), |p| p.display().to_string());
                        ui.label(format!(
                            "{} — “{}”, written {}",
                            name, entry.entry.briefing.meta.title, entry.entry.written
                        ));
                        if ui.button("Recover").clicked() {
                            app.recover(entry);
                        }
                    });
                }
                if ui.button("Discard all drafts").clicked() {
                    app.discard_recovery(&found);
                }
            }
            Modal::PathEntry { purpose, mut text } => {
                ui.heading(match purpose {
                    Purpose::Open => "Open a file",
                    Purpose::Import => "Import an article",
                    Purpose::SaveAs => "Save the briefing",
                    Purpose::ExportPdf => "Export PDF",
                    Purpose::ExportMarkdown => "Export Markdown",
                });
                ui.label(
                    "No file dialog is available on this system (no desktop portal and no zenity), \
                     so type the file's path here.",
                );
                let label = ui.label("File path");
                let response = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(480.0))
                    .labelled_by(label.id);
                if ui.memory(|m| m.focused().is_none()) {
                    response.request_focus();
                }
                let enter = (response.has_focus() || response.lost_focus())
                    && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if response.changed() {
                    app.modal = Some(Modal::PathEntry {
                        purpose,
                        text: text.clone(),
                    });
                }
                ui.horizontal(|ui| {
                    let ok = ui.add_enabled(!text.trim().is_empty(), egui::Button::new("OK"));
                    if (ok.clicked() || enter) && !text.trim().is_empty() {
                        let path = expand_home(text.trim());
                        app.use_path(purpose, &path, false);
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::ConfirmOverwrite { purpose, path } => {
                ui.heading("Replace the existing file?");
                ui.label(format!("{} already exists.", path.display()));
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        app.write_to(purpose, &path);
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::ChangedOnDisk { path } => {
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "Another program changed {} since you opened it. Saving here would replace its changes.",
                    path.display()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save as a new file…").clicked() {
                        app.modal = None;
                        app.execute(Command::SaveAs);
                    }
                    if ui.button("Replace their changes").clicked() {
                        app.modal = None;
                        app.save_to(&path, true);
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::Unsaved(then) => {
                ui.heading("Save changes first?");
                ui.label(format!(
                    "“{}” has changes that are not saved.",
                    app.session().name()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        app.save_and(then.clone());
                    }
                    if ui.button("Don't save").clicked() {
                        app.discard_and(then.clone());
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::New => {
                ui.heading("New briefing");
                ui.label("Start from a briefing template:");
                let templates: Vec<(String, String, String)> = app
                    .library
                    .briefings()
                    .map(|t| (t.id.clone(), t.title.clone(), t.description.clone()))
                    .collect();
                for (id, title, description) in templates {
                    if ui.button(&title).on_hover_text(&description).clicked() {
                        app.new_from_template(&id);
                    }
                    ui.label(RichText::new(description).weak());
                }
                ui.separator();
                if ui.button("The Albania–Iran sample briefing").clicked() {
                    app.new_from_template("sample");
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            }
            Modal::Gallery { chosen } => {
                ui.set_width(700.0);
                ui.heading("Add a section");
                ui.label("Pick a block; its guidance says what to write. Guidance is never exported.");
                let blocks: Vec<(String, String, String, String)> = app
                    .library
                    .blocks()
                    .map(|b| (b.id.clone(), b.title.clone(), b.guidance.clone(), b.body.clone()))
                    .collect();
                let chosen = chosen.or_else(|| blocks.first().map(|b| b.0.clone()));
                let mut add = None;
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        ui.set_width(200.0);
                        ui.set_min_height(GALLERY_HEIGHT);
                        for (id, title, _, _) in &blocks {
                            let on = chosen.as_deref() == Some(id.as_str());
                            let response = ui.selectable_label(on, title);
                            if response.clicked() {
                                app.modal = Some(Modal::Gallery {
                                    chosen: Some(id.clone()),
                                });
                            }
                            if response.double_clicked() {
                                add = Some(id.clone());
                            }
                        }
                    });
                    ui.add_space(16.0);
                    ui.vertical(|ui| {
                        ui.set_width(460.0);
                        ui.set_min_height(GALLERY_HEIGHT);
                        let chosen_block = blocks.iter().find(|b| Some(&b.0) == chosen.as_ref());
                        if let Some((id, title, guidance, body)) = chosen_block {
                            ui.strong(title);
                            if ui.button(format!("Add “{title}”")).clicked() {
                                add = Some(id.clone());
                            }
                            egui::ScrollArea::vertical()
                                .id_salt("gallery-guidance")
                                .max_height(GALLERY_HEIGHT - 60.0)
                                .show(ui, |ui| {
                                    ui.label(guidance.trim());
                                    ui.add_space(6.0);
                                    ui.label(RichText::new("Starts with:").weak());
                                    ui.label(RichText::new(body.trim()).monospace().weak());
                                });
                        }
                    });
                });
                if let Some(id) = add {
                    app.add_block(&id);
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            }
        }
    });
    if close || response.should_close() {
        // Escape or a click outside closes questions; the recovery offer stays until answered.
        if close || !matches!(app.modal, Some(Modal::Recover(_))) {
            app.modal = None;
        }
    }
}

/// `~/x` means the home folder, as in a shell.
fn expand_home(text: &str) -> std::path::PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(text),
    }
}
