//! The section editor: title, portion marking, variants, guidance, the Markdown body and the
//! private notes.

use egui::RichText;

use super::highlight;
use crate::app::{Actions, App};
use crate::model::{Edit, SectionField, Variant};

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
    super::scroll(
        ui,
        egui::ScrollArea::vertical().id_salt("section-scroll"),
        "the section",
        |ui| {
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
                actions.edit(
                    Edit::SetSectionText {
                        id: id.clone(),
                        field: SectionField::Body,
                        text: body,
                    },
                    Some(format!("body:{id}")),
                );
            }
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
                    let response = ui
                        .add(
                            egui::TextEdit::multiline(&mut notes)
                                .id_salt(("notes", &id))
                                .desired_rows(4)
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
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
