//! The preview panel: zoom, the variant shown, and the painted pages, which report what was
//! on screen and where a click landed.

use egui::{Align, Color32, Layout, Sense, Stroke, StrokeKind, Vec2};

use crate::app::{Action, Actions, App, Command, Measured, Zoom};
use crate::diagnostic::Severity;
use crate::model::Variant;
use crate::units::Pt;

pub(super) fn preview_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) -> Measured {
    ui.horizontal_wrapped(|ui| {
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
                actions.run(command);
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
                        actions.push(Action::SetVariant(choice));
                    }
                }
            });
        let preview = app.preview();
        if preview.done < preview.requested {
            ui.spinner();
        }
        // Where the reader is, and a way to jump.
        let count = preview.pages.len();
        if count > 0 {
            // "Page 3 of 7": the first page on screen; type or drag a number to go there.
            let first = preview.visible.start.min(count - 1) + 1;
            let mut page = first;
            let go = ui
                .add(
                    egui::DragValue::new(&mut page)
                        .range(1..=count)
                        .speed(0.05)
                        .prefix("Page ")
                        .suffix(format!(" of {count}")),
                )
                .on_hover_text("The first page on screen; type a number to go to that page");
            go.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::SpinButton, true, "Go to page")
            });
            if go.changed() && page != first {
                actions.push(Action::GoToPage(page - 1));
            }
        }
        // The memo's budget, on its real pages.
        if app.variant == Some(Variant::Memo) && !preview.pages.is_empty() {
            super::length_ui(
                ui,
                "Memo",
                preview.pages.len(),
                crate::lint::MEMO_PAGES,
                "pages",
            );
        }
    });
    let available = ui.available_width();
    let page_w = app.preview.width.max(Pt(1.0));
    let gap = 14.0;
    let scale = match app.preferences().zoom {
        Zoom::Fit => page_w.scale_to(available - 2.0 * gap).clamp(0.2, 4.0),
        Zoom::Scale(scale) => scale,
    };
    let size = Vec2::new(page_w.pixels(scale), app.preview.height.pixels(scale));
    let selected = app.selected().map(str::to_owned);
    let count = app.preview.pages.len();
    let mut clicked = None;
    let mut went_to_page = false;
    let mut reveal = app.preview.reveal;
    // The page to bring into view: the first of the selected section's pages that shows the
    // word asked for (a search's current match), else its first page.
    let shows = |page: &crate::app::PageView, id: &String| {
        page.info.regions.iter().any(|r| &r.section == id)
    };
    let reveal_page = selected.as_ref().and_then(|id| {
        let mut pages = app
            .preview
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| shows(p, id));
        let first = pages.clone().next().map(|(i, _)| i);
        app.preview
            .reveal_text
            .as_ref()
            .and_then(|word| {
                pages
                    .find(|(i, _)| app.preview.page_text(*i).contains(word.as_str()))
                    .map(|(i, _)| i)
            })
            .or(first)
    });
    let mut on_screen: Option<std::ops::Range<usize>> = None;
    // Pages sit on a grey desk in both themes, so their white edge is always visible.
    let desk = if ui.visuals().dark_mode {
        Color32::from_gray(40)
    } else {
        Color32::from_gray(214)
    };
    egui::Frame::new().fill(desk).show(ui, |ui| {
        super::scroll(
            ui,
            egui::ScrollArea::both()
                .id_salt("preview-scroll")
                .auto_shrink([false, false]),
            "the pages",
            |ui| {
                ui.with_layout(Layout::top_down(Align::Center), |ui| {
                    ui.add_space(gap);
                    for (index, page) in app.preview.pages.iter().enumerate() {
                        let (rect, response) = ui.allocate_exact_size(size, Sense::click());
                        if reveal && reveal_page == Some(index) {
                            // While typing the pages stay put as long as the edited line's
                            // page is in view.
                            if !(app.preview.reveal_gently && ui.is_rect_visible(rect)) {
                                ui.scroll_to_rect(rect, Some(Align::TOP));
                            }
                            reveal = false;
                        }
                        // F6 brings the keyboard to the first page on screen.
                        if app.focus_request() == Some(crate::app::Part::Preview)
                            && index == app.preview.visible.start.min(count.saturating_sub(1))
                        {
                            response.request_focus();
                            actions.push(Action::PartFocused);
                        }
                        if app.preview.goto_page == Some(index) {
                            ui.scroll_to_rect(rect, Some(Align::TOP));
                            went_to_page = true;
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
                                    let r = screen_rect(&region.rect, rect.min, scale).expand(3.0);
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
                            && let Some(region) = page
                                .info
                                .regions
                                .iter()
                                .find(|r| screen_rect(&r.rect, rect.min, scale).contains(pos))
                        {
                            clicked = Some(region.section.clone());
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
            },
        );
    });
    Measured {
        points_per_pt: scale,
        visible: on_screen,
        // The section's pages are still being laid out: try again next frame.
        reveal_pending: reveal && app.preview.laid < app.preview.requested,
        clicked,
        went_to_page,
    }
}

/// Where a rectangle of a page drawn from `origin` at `scale` screen points to the point
/// appears on the screen.
fn screen_rect(rect: &crate::layout::page::Rect, origin: egui::Pos2, scale: f32) -> egui::Rect {
    egui::Rect::from_min_size(
        origin + Vec2::new(rect.x.pixels(scale), rect.y.pixels(scale)),
        Vec2::new(rect.w.pixels(scale), rect.h.pixels(scale)),
    )
}
