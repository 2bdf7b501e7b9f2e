//! The question or notice on screen: recovery, paths, overwrite, unsaved changes, the
//! template picker and the block gallery.

use egui::{Id, RichText};

use crate::app::{Action, Actions, App, Command, Modal, Purpose};

/// What About lists as bundled, with each licence (the texts ship in the package's doc
/// folder).
const ABOUT_BUNDLED: &[&str] = &[
    "Noto Serif, Noto Sans, Noto Sans Mono and Noto Naskh Arabic: SIL Open Font License 1.1",
    "English dictionaries from SCOWL (en-US, en-GB): MIT and BSD-style terms",
    "Hyphenation patterns (hyphenation crate): MIT and the TeX patterns' own terms",
    "CSL styles and locales (hayagriva): CC BY-SA 3.0",
    "Libraries: egui and eframe, lopdf, comrak, harfrust, hayagriva, scraper, regex \
     (MIT or Apache-2.0); spellbook (MPL-2.0)",
];

/// The block gallery's fixed height, so picking a block never moves the list.
const GALLERY_HEIGHT: f32 = 420.0;

pub(super) fn modal_ui(ctx: &egui::Context, app: &App, actions: &mut Actions) {
    let Some(modal) = app.modal.clone() else {
        return;
    };
    let mut close = false;
    let response = egui::Modal::new(Id::unique("briefdesk-modal")).show(ctx, |ui| {
        if !matches!(modal, Modal::Gallery { .. }) {
            ui.set_max_width(520.0);
        }
        match modal {
            Modal::ReviewLeftOut { purpose, message } => {
                super::review::left_out_ui(ui, purpose, &message, actions, &mut close);
            }
            Modal::Versions { name, snapshots } => {
                super::review::versions_ui(ui, app, &name, &snapshots, actions, &mut close);
            }
            Modal::Shortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::ScrollArea::vertical().max_height(480.0).show(ui, |ui| {
                    egui::Grid::new("shortcuts")
                        .striped(true)
                        .num_columns(2)
                        .show(ui, |ui| {
                            for command in Command::ALL {
                                let keys: Vec<String> = command
                                    .shortcuts()
                                    .iter()
                                    .map(|s| ctx.format_shortcut(s))
                                    .collect();
                                if keys.is_empty() {
                                    continue;
                                }
                                ui.label(command.label().trim_end_matches('…'));
                                ui.label(RichText::new(keys.join(" or ")).monospace());
                                ui.end_row();
                            }
                        });
                });
                if ui.button("Close").clicked() {
                    close = true;
                }
            }
            Modal::InsertTable { rows, columns } => {
                ui.heading("Insert a table");
                let (mut r, mut c) = (rows, columns);
                ui.horizontal(|ui| {
                    let label = ui.label("Columns");
                    ui.add(egui::DragValue::new(&mut c).range(1..=20))
                        .labelled_by(label.id);
                    let label = ui.label("Rows under the headings");
                    ui.add(egui::DragValue::new(&mut r).range(1..=200))
                        .labelled_by(label.id);
                });
                if (r, c) != (rows, columns) {
                    actions.push(Action::ShowModal(Some(Modal::InsertTable {
                        rows: r,
                        columns: c,
                    })));
                }
                ui.label(
                    RichText::new("A pipe table: type over the headings and fill the cells.").weak(),
                );
                ui.horizontal(|ui| {
                    if ui.button("Insert table").clicked() {
                        actions.push(Action::InsertText {
                            text: crate::app::insert::pipe_table(r, c),
                            block: true,
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::Cite { mut filter } => {
                ui.heading("Insert a citation");
                let label = ui.label("Find a source");
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut filter)
                            .hint_text("Type part of an id, title, author or publisher")
                            .desired_width(480.0),
                    )
                    .labelled_by(label.id);
                if ui.memory(|m| m.focused().is_none()) {
                    response.request_focus();
                }
                if response.changed() {
                    actions.push(Action::ShowModal(Some(Modal::Cite {
                        filter: filter.clone(),
                    })));
                }
                let needle = filter.trim().to_lowercase();
                let sources = &app.briefing().sources;
                let shown: Vec<&crate::model::Source> = sources
                    .iter()
                    .filter(|s| {
                        needle.is_empty()
                            || [&s.id, &s.title, &s.author, &s.publisher]
                                .iter()
                                .any(|f| f.to_lowercase().contains(&needle))
                    })
                    .collect();
                let enter = (response.has_focus() || response.lost_focus())
                    && ui.input(|i| i.key_pressed(egui::Key::Enter));
                egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                    for source in &shown {
                        let who = if source.author.is_empty() {
                            &source.publisher
                        } else {
                            &source.author
                        };
                        let text = format!("{} — {}", source.id, source.title);
                        let button = ui.button(text).on_hover_text(who.as_str());
                        if button.clicked() {
                            actions.push(Action::Cite(source.id.clone()));
                        }
                    }
                    if shown.is_empty() {
                        ui.label(RichText::new("No source in the ledger matches.").weak());
                    }
                });
                if enter && let [only] = shown.as_slice() {
                    actions.push(Action::Cite(only.id.clone()));
                }
                ui.horizontal(|ui| {
                    let title = filter.trim();
                    let add = ui.add_enabled(
                        !title.is_empty(),
                        egui::Button::new("Add as a new source"),
                    );
                    if add
                        .on_hover_text("Add a ledger entry with this title and cite it")
                        .on_disabled_hover_text("Type the new source's title above first")
                        .clicked()
                    {
                        actions.push(Action::AddSourceAndCite(title.to_owned()));
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::PictureAlt { name, mut alt } => {
                ui.heading("Describe the picture");
                ui.label(format!(
                    "{name} is now beside the briefing. Say what it shows, for readers who \
                     cannot see it (screen readers read this)."
                ));
                let label = ui.label("Alt text");
                let response = ui
                    .add(egui::TextEdit::singleline(&mut alt).desired_width(480.0))
                    .labelled_by(label.id);
                if ui.memory(|m| m.focused().is_none()) {
                    response.request_focus();
                }
                if response.changed() {
                    actions.push(Action::ShowModal(Some(Modal::PictureAlt {
                        name: name.clone(),
                        alt: alt.clone(),
                    })));
                }
                ui.horizontal(|ui| {
                    let insert = ui
                        .add_enabled(!alt.trim().is_empty(), egui::Button::new("Insert picture"))
                        .on_disabled_hover_text("Describe the picture first");
                    if insert.clicked() {
                        actions.push(Action::InsertPicture {
                            name: name.clone(),
                            alt: alt.clone(),
                            decorative: false,
                        });
                    }
                    if ui
                        .button("It is decorative")
                        .on_hover_text("Insert it without a description: left out of the reading")
                        .clicked()
                    {
                        actions.push(Action::InsertPicture {
                            name: name.clone(),
                            alt: String::new(),
                            decorative: true,
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            }
            Modal::About => {
                ui.heading(format!("briefdesk {}", env!("CARGO_PKG_VERSION")));
                ui.label("Write briefings from template blocks, preview the real pages, export a typeset PDF, Markdown or a Word document.");
                ui.label(format!("Licence: {}", env!("CARGO_PKG_LICENSE")));
                ui.add_space(6.0);
                ui.label(RichText::new("Bundled").strong());
                for line in ABOUT_BUNDLED {
                    ui.label(*line);
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
            }
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
                            name,
                            entry.entry.briefing.meta.title,
                            crate::clock::local_words(
                                &entry.entry.written,
                                crate::clock::now_epoch()
                            )
                        ));
                        if ui.button("Recover").clicked() {
                            actions.push(Action::Recover(Box::new(entry.clone())));
                        }
                    });
                }
                if ui.button("Discard all drafts").clicked() {
                    actions.push(Action::DiscardRecovery(found.clone()));
                }
            }
            Modal::PathEntry { purpose, mut text } => {
                ui.heading(match purpose {
                    Purpose::Open => "Open a file",
                    Purpose::Import => "Import an article",
                    Purpose::ImportSources => "Import sources",
                    Purpose::SaveAs => "Save the briefing",
                    Purpose::ExportPdf => "Export PDF",
                    Purpose::ExportMarkdown => "Export Markdown",
                    Purpose::ExportDocx => "Export a Word document",
                    Purpose::InsertPicture => "Insert a picture",
                    Purpose::ExportReview => "Export the review copy",
                    Purpose::CompareFile => "Compare with a version",
                    Purpose::Redline => "Write the changes (redline PDF)",
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
                    actions.push(Action::ShowModal(Some(Modal::PathEntry {
                        purpose,
                        text: text.clone(),
                    })));
                }
                ui.horizontal(|ui| {
                    let ok = ui.add_enabled(!text.trim().is_empty(), egui::Button::new("OK"));
                    if (ok.clicked() || enter) && !text.trim().is_empty() {
                        let path = expand_home(text.trim());
                        actions.push(Action::UsePath { purpose, path });
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
                        actions.push(Action::WriteTo {
                            purpose,
                            path: path.clone(),
                        });
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
                        actions.push(Action::ShowModal(None));
                        actions.run(Command::SaveAs);
                    }
                    if ui.button("Replace their changes").clicked() {
                        actions.push(Action::ReplaceOnDisk(path.clone()));
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
                        actions.push(Action::SaveAnd(then.clone()));
                    }
                    if ui.button("Don't save").clicked() {
                        actions.push(Action::DiscardAnd(then.clone()));
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
                        actions.push(Action::NewFromTemplate(id));
                    }
                    ui.label(RichText::new(description).weak());
                }
                ui.separator();
                if ui.button("The Albania–Iran sample briefing").clicked() {
                    actions.push(Action::NewFromTemplate("sample".to_owned()));
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
                                actions.push(Action::ShowModal(Some(Modal::Gallery {
                                    chosen: Some(id.clone()),
                                })));
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
                            super::scroll(ui, egui::ScrollArea::vertical()
                                .id_salt("gallery-guidance")
                                .max_height(GALLERY_HEIGHT - 60.0), "the block's guidance", |ui| {
                                    ui.label(guidance.trim());
                                    ui.add_space(6.0);
                                    ui.label(RichText::new("Starts with:").weak());
                                    ui.label(RichText::new(body.trim()).monospace().weak());
                                });
                        }
                    });
                });
                if let Some(id) = add {
                    actions.push(Action::AddBlock(id));
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
            actions.push(Action::ShowModal(None));
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
