//! The document settings: title page facts, marking, distribution, page, variables and the
//! source ledger. Each form edits a copy and submits one edit when it changed, so typing in a
//! field is one undo step like typing in a section.

use egui::RichText;

use crate::app::{Actions, App};
use crate::model::{Edit, MarkingScheme, PageSize, Source, Status};

/// The settings panel under the outline.
pub(super) fn settings_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    egui::CollapsingHeader::new("Document settings")
        .default_open(false)
        .show(ui, |ui| meta_ui(ui, app, actions));
    egui::CollapsingHeader::new("Variables")
        .default_open(false)
        .show(ui, |ui| variables_ui(ui, app, actions));
    egui::CollapsingHeader::new("Sources")
        .default_open(false)
        .show(ui, |ui| sources_ui(ui, app, actions));
}

/// A labelled two-line text field for a statement; true when changed.
fn statement(ui: &mut egui::Ui, label: &str, value: &mut String) -> bool {
    let label = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(value)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
    .changed()
}

/// A labelled one-line text field; true when changed.
fn field(ui: &mut egui::Ui, label: &str, value: &mut String) -> bool {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(label.id)
        .changed()
}

fn meta_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    let before = app.briefing().meta.clone();
    let mut meta = before.clone();
    let mut changed = false;
    changed |= field(ui, "Title", &mut meta.title);
    changed |= field(ui, "Subtitle", &mut meta.subtitle);
    changed |= field(ui, "Date (YYYY-MM-DD)", &mut meta.date);
    changed |= field(ui, "Facts as of (YYYY-MM-DD)", &mut meta.as_of);
    changed |= field(ui, "Version", &mut meta.version);
    changed |= field(ui, "Organisation", &mut meta.organization);
    changed |= field(ui, "Audience", &mut meta.audience);
    let mut authors = meta.authors.join(", ");
    if field(ui, "Authors (comma-separated)", &mut authors) {
        meta.authors = split_list(&authors);
        changed = true;
    }
    ui.horizontal(|ui| {
        ui.label("Status");
        for (status, name) in [(Status::Draft, "Draft"), (Status::Final, "Final")] {
            changed |= ui.radio_value(&mut meta.status, status, name).changed();
        }
    });
    ui.horizontal(|ui| {
        ui.label("Page");
        for (size, name) in [(PageSize::A4, "A4"), (PageSize::Letter, "US Letter")] {
            changed |= ui.radio_value(&mut meta.page.size, size, name).changed();
        }
    });
    changed |= ui
        .checkbox(&mut meta.numbered_headings, "Number the headings")
        .changed();
    ui.horizontal(|ui| {
        ui.label("Contents list");
        for (depth, name) in [(1, "sections"), (2, "two levels"), (3, "three levels")] {
            changed |= ui
                .radio_value(
                    &mut meta.contents_depth,
                    crate::model::ContentsDepth(depth),
                    name,
                )
                .changed();
        }
    });
    ui.horizontal_wrapped(|ui| {
        ui.label("Citations");
        for style in crate::model::CitationStyle::ALL {
            changed |= ui
                .radio_value(&mut meta.citation_style, style, style.label())
                .changed();
        }
    });
    ui.add_space(4.0);
    ui.label(RichText::new("Marking").strong());
    ui.horizontal(|ui| {
        ui.label("Scheme");
        for (scheme, name) in [
            (MarkingScheme::None, "None"),
            (MarkingScheme::Uk, "UK"),
            (MarkingScheme::Us, "US"),
        ] {
            changed |= ui
                .radio_value(&mut meta.marking.scheme, scheme, name)
                .changed();
        }
    });
    let levels = meta.marking.scheme.levels();
    if !levels.is_empty() {
        egui::ComboBox::from_label("Level")
            .selected_text(meta.marking.level.clone())
            .show_ui(ui, |ui| {
                for (level, _) in levels {
                    changed |= ui
                        .selectable_value(&mut meta.marking.level, (*level).to_owned(), *level)
                        .changed();
                }
            });
    }
    let mut caveats = meta.marking.caveats.join(", ");
    if field(ui, "Caveats (comma-separated)", &mut caveats) {
        meta.marking.caveats = split_list(&caveats);
        changed = true;
    }
    changed |= field(
        ui,
        "Banner text (overrides level and caveats)",
        &mut meta.marking.banner,
    );
    changed |= statement(ui, "Distribution statement", &mut meta.distribution);
    changed |= statement(
        ui,
        "Public distribution statement (the public version's cover)",
        &mut meta.public_distribution,
    );
    if changed && meta != before {
        actions.edit(Edit::SetMeta(Box::new(meta)), Some("meta".to_owned()));
    }
}

fn variables_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    ui.label(RichText::new("Written {{name}} in titles and bodies.").weak());
    let variables: Vec<(String, String)> = app
        .briefing()
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut edit = None;
    for (name, value) in variables {
        ui.horizontal(|ui| {
            let label = ui.label(&name);
            let mut text = value.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut text).desired_width(150.0))
                .labelled_by(label.id)
                .changed()
            {
                edit = Some((
                    Edit::SetVariable {
                        name: name.clone(),
                        value: Some(text),
                    },
                    Some(format!("variable:{name}")),
                ));
            }
            // "×" is in the bundled Noto Sans; "✕" drew a missing-glyph box.
            let remove = ui.small_button("×").on_hover_text("Remove this variable");
            remove.widget_info(|| {
                egui::WidgetInfo::labeled(
                    egui::Role::Button,
                    true,
                    format!("Remove variable {name}"),
                )
            });
            if remove.clicked() {
                edit = Some((
                    Edit::SetVariable {
                        name: name.clone(),
                        value: None,
                    },
                    None,
                ));
            }
        });
    }
    let new_id = ui.scope_id().with("new-variable");
    let mut new_name: String = ui.data_mut(|d| d.get_temp(new_id).unwrap_or_default());
    ui.horizontal(|ui| {
        let label = ui.label("New variable");
        let field = ui
            .add(egui::TextEdit::singleline(&mut new_name).desired_width(120.0))
            .labelled_by(label.id);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let name = new_name.trim().to_owned();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
            && !app.briefing().variables.contains_key(&name);
        let add = ui.add_enabled(valid, egui::Button::new("Add"));
        if add.clicked() || (enter && valid) {
            edit = Some((
                Edit::SetVariable {
                    name,
                    value: Some(String::new()),
                },
                None,
            ));
            new_name.clear();
        }
    });
    ui.data_mut(|d| d.insert_temp(new_id, new_name));
    if let Some((edit, group)) = edit {
        actions.edit(edit, group);
    }
}

fn sources_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    ui.label(RichText::new("Cite them in a body as [@S1] or [@S1; @S2].").weak());
    ui.label(
        RichText::new(
            "Authors: Family, Given; separated by ';' (an organisation as its name). Left empty, the publisher stands as the author. Short title: for later notes (empty: the title's first words).",
        )
        .weak(),
    );
    let sources = app.briefing().sources.clone();
    let mut edit = None;
    // A long title wraps in its header instead of widening the panel.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    for (index, before) in sources.iter().enumerate() {
        let mut source = before.clone();
        egui::CollapsingHeader::new(format!("{}: {}", source.id, source.title))
            .id_salt(("source", index))
            .show(ui, |ui| {
                let mut changed = false;
                changed |= field(ui, "Id", &mut source.id);
                changed |= field(ui, "Title", &mut source.title);
                changed |= field(ui, "Short title", &mut source.short_title);
                changed |= field(ui, "Author", &mut source.author);
                changed |= field(ui, "Publisher", &mut source.publisher);
                changed |= field(ui, "Date", &mut source.date);
                changed |= field(ui, "URL", &mut source.url);
                changed |= field(ui, "Accessed", &mut source.accessed);
                if changed && &source != before {
                    edit = Some((
                        Edit::SetSource {
                            index,
                            source: Box::new(source.clone()),
                        },
                        Some(format!("source:{index}")),
                    ));
                }
                if ui.button("Remove this source").clicked() {
                    edit = Some((Edit::RemoveSource { index }, None));
                }
            });
    }
    if ui
        .button("Import sources…")
        .on_hover_text("Add the entries of a BibTeX or CSL-JSON file (as Zotero exports them)")
        .clicked()
    {
        actions.push(crate::app::action::Action::ImportSources);
    }
    if ui.button("Add a source").clicked() {
        let mut n = sources.len() + 1;
        while sources.iter().any(|s| s.id == format!("S{n}")) {
            n += 1;
        }
        let source = Source {
            id: format!("S{n}"),
            title: "New source".to_owned(),
            ..Source::default()
        };
        edit = Some((
            Edit::InsertSource {
                index: sources.len(),
                source: Box::new(source),
            },
            None,
        ));
    }
    if let Some((edit, group)) = edit {
        actions.edit(edit, group);
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
