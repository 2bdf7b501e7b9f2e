//! Review in the section editor: the section's comment threads and suggestions under its
//! text (reply, resolve, reopen, delete; accept, reject), the comment being written, and the
//! review questions (an export that leaves review out; versions to compare or restore).

use egui::RichText;

use super::marks::Mark;
use crate::app::review::{ReviewAction, Scope};
use crate::app::{Action, Actions, App, Command, Modal, Purpose};
use crate::model::Section;
use crate::model::review::{self, Comment, Unit};

/// Review marks over a body editor: in suggest mode over the marked text (deleted
/// characters struck through, inserted ones underlined); otherwise over the body itself
/// (what suggestions delete, where they insert, and what comments are about).
pub(super) fn marks(
    section: &Section,
    suggesting: bool,
    units: &[Unit],
) -> Vec<(std::ops::Range<usize>, Mark)> {
    let mut out: Vec<(std::ops::Range<usize>, Mark)> = Vec::new();
    if suggesting {
        let mut k = 0;
        while k < units.len() {
            let kind = |u: &Unit| match u {
                Unit::Base(_) => None,
                Unit::Deleted(..) => Some(Mark::Deleted),
                Unit::Inserted(..) => Some(Mark::Inserted),
            };
            let here = kind(&units[k]);
            let mut j = k + 1;
            while j < units.len() && kind(&units[j]) == here {
                j += 1;
            }
            if let Some(mark) = here {
                out.push((k..j, mark));
            }
            k = j;
        }
    } else {
        for s in section.suggestions.iter().filter(|s| !s.orphaned) {
            if s.is_insertion() {
                out.push((s.anchor.start..s.anchor.start + 1, Mark::InsertionPoint));
            } else {
                out.push((s.anchor.start..s.anchor.end, Mark::Deleted));
            }
        }
        for c in section
            .comments
            .iter()
            .filter(|c| !c.resolved && !c.orphaned)
        {
            if let Some(a) = &c.anchor {
                out.push((a.start..a.end, Mark::Commented));
            }
        }
    }
    out
}

/// The section's review: the comment being written, then each thread and suggestion.
pub(super) fn review_ui(ui: &mut egui::Ui, app: &App, section: &Section, actions: &mut Actions) {
    let id = &section.id;
    let open = section.comments.iter().filter(|c| !c.resolved).count();
    let heading = format!(
        "Review: {} comment{}{}, {} suggestion{}",
        section.comments.len(),
        if section.comments.len() == 1 { "" } else { "s" },
        if open < section.comments.len() {
            format!(" ({open} open)")
        } else {
            String::new()
        },
        section.suggestions.len(),
        if section.suggestions.len() == 1 {
            ""
        } else {
            "s"
        },
    );
    egui::CollapsingHeader::new(heading)
        .id_salt(("review", id))
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let tip = format!(
                    "{} ({})",
                    Command::NewComment.tooltip(),
                    Command::NewComment.shortcut_text(ui.ctx())
                );
                if ui
                    .add_enabled(
                        app.can(Command::NewComment),
                        egui::Button::new("New comment"),
                    )
                    .on_hover_text(tip)
                    .clicked()
                {
                    actions.run(Command::NewComment);
                }
                let mut on = app.suggesting();
                if ui
                    .toggle_value(&mut on, "Suggest changes")
                    .on_hover_text(Command::SuggestChanges.tooltip())
                    .clicked()
                {
                    actions.run(Command::SuggestChanges);
                }
            });
            author_ui(ui, app, actions);
            if let Some(draft) = app.comment_draft().filter(|d| &d.section == id) {
                draft_ui(ui, section, draft.range, actions);
            }
            // Open threads first, oldest first; resolved ones after.
            let mut comments: Vec<&Comment> = section.comments.iter().collect();
            comments.sort_by(|a, b| {
                (a.resolved, &a.created, &a.id).cmp(&(b.resolved, &b.created, &b.id))
            });
            let all = shown_all(ui, id, "comments");
            for comment in comments.iter().take(if all { usize::MAX } else { SHOWN }) {
                thread_ui(ui, id, comment, actions);
            }
            show_more_ui(ui, id, "comments", comments.len(), "comments");
            if !section.suggestions.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Accept all in this section").clicked() {
                        actions.push(Action::Review(ReviewAction::Decide {
                            scope: Scope::Section(id.clone()),
                            accept: true,
                        }));
                    }
                    if ui.button("Reject all in this section").clicked() {
                        actions.push(Action::Review(ReviewAction::Decide {
                            scope: Scope::Section(id.clone()),
                            accept: false,
                        }));
                    }
                });
                let all = shown_all(ui, id, "suggestions");
                let shown = if all { usize::MAX } else { SHOWN };
                for s in section.suggestions.iter().take(shown) {
                    suggestion_ui(ui, id, s, actions);
                }
                show_more_ui(
                    ui,
                    id,
                    "suggestions",
                    section.suggestions.len(),
                    "suggestions",
                );
            }
        });
}

/// How many threads or suggestions a section shows before "Show all": a section under heavy
/// review stays quick to draw, every frame.
const SHOWN: usize = 12;

fn shown_all(ui: &egui::Ui, section: &str, what: &str) -> bool {
    ui.ctx()
        .data(|d| d.get_temp::<bool>(egui::Id::unique(("review-all", section, what))))
        .unwrap_or(false)
}

/// "Show all N comments" under a list cut at [`SHOWN`], and "Show fewer" once open.
fn show_more_ui(ui: &mut egui::Ui, section: &str, what: &str, count: usize, noun: &str) {
    if count <= SHOWN {
        return;
    }
    let key = egui::Id::unique(("review-all", section, what));
    let all = shown_all(ui, section, what);
    let label = if all {
        "Show fewer".to_owned()
    } else {
        format!("Show all {count} {noun}")
    };
    if ui.button(label).clicked() {
        ui.ctx().data_mut(|d| d.insert_temp(key, !all));
    }
}

/// The name comments are signed with, asked for until given.
fn author_ui(ui: &mut egui::Ui, app: &App, actions: &mut Actions) {
    if !app.author().is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        let label = ui.label("Your name for comments");
        // Kept as typed until the field is left, then set once for every comment.
        let memory = egui::Id::unique("author-typed");
        let mut name: String = ui
            .ctx()
            .data_mut(|d| d.get_temp(memory))
            .unwrap_or_else(|| app.preferences().author.clone());
        let response = ui
            .add(egui::TextEdit::singleline(&mut name).desired_width(200.0))
            .labelled_by(label.id);
        if response.changed() {
            ui.ctx().data_mut(|d| d.insert_temp(memory, name.clone()));
        }
        if response.lost_focus() && !name.trim().is_empty() {
            ui.ctx().data_mut(|d| d.remove::<String>(memory));
            actions.push(Action::Review(ReviewAction::SetAuthor(
                name.trim().to_owned(),
            )));
        }
    });
}

fn draft_ui(
    ui: &mut egui::Ui,
    section: &Section,
    range: Option<(usize, usize)>,
    actions: &mut Actions,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let on = match range {
            Some((s, e)) => format!(
                "New comment on “{}”",
                section.body.chars().skip(s).take(e - s).collect::<String>()
            ),
            None => "New comment on the whole section".to_owned(),
        };
        ui.label(RichText::new(on).strong());
        let memory = egui::Id::unique(("comment-draft", &section.id));
        let mut text: String = ui
            .ctx()
            .data_mut(|d| d.get_temp(memory))
            .unwrap_or_default();
        let label = ui.label("Comment");
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if ui.memory(|m| m.focused().is_none()) {
            response.request_focus();
        }
        if response.changed() {
            ui.ctx().data_mut(|d| d.insert_temp(memory, text.clone()));
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!text.trim().is_empty(), egui::Button::new("Post comment"))
                .clicked()
            {
                ui.ctx().data_mut(|d| d.remove::<String>(memory));
                actions.push(Action::Review(ReviewAction::PostComment(
                    text.trim().to_owned(),
                )));
            }
            if ui.button("Cancel comment").clicked() {
                ui.ctx().data_mut(|d| d.remove::<String>(memory));
                actions.push(Action::Review(ReviewAction::CancelComment));
            }
        });
    });
}

fn when(created: &str) -> String {
    crate::clock::local_words(created, crate::clock::now_epoch())
}

fn thread_ui(ui: &mut egui::Ui, section: &str, comment: &Comment, actions: &mut Actions) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&comment.author).strong());
            ui.label(RichText::new(when(&comment.created)).weak());
            if comment.resolved {
                ui.label(RichText::new("Resolved").italics());
            }
        });
        let on = match (&comment.anchor, comment.orphaned) {
            (Some(a), true) => format!("Orphaned: “{}” is no longer in the text", a.exact),
            (Some(a), false) => format!("On “{}”", a.exact),
            (None, _) => "On the whole section".to_owned(),
        };
        let on = if comment.orphaned {
            RichText::new(on).color(ui.visuals().warn_fg_color)
        } else {
            RichText::new(on).weak()
        };
        ui.label(on);
        ui.label(&comment.text);
        replies_ui(ui, &comment.id, &comment.replies);
        reply_ui(ui, section, &comment.id, &comment.author, actions);
        ui.horizontal(|ui| {
            let (label, resolved) = if comment.resolved {
                ("Reopen", false)
            } else {
                ("Resolve", true)
            };
            if ui.button(label).clicked() {
                actions.push(Action::Review(ReviewAction::Resolve {
                    section: section.to_owned(),
                    id: comment.id.clone(),
                    resolved,
                }));
            }
            if ui.button("Delete comment").clicked() {
                actions.push(Action::Review(ReviewAction::Delete {
                    section: section.to_owned(),
                    id: comment.id.clone(),
                }));
            }
        });
    });
}

/// The replies of a thread.
fn replies_ui(ui: &mut egui::Ui, id: &str, replies: &[review::Reply]) {
    for reply in replies {
        ui.indent(("reply", id, &reply.created), |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&reply.author).strong());
                ui.label(RichText::new(when(&reply.created)).weak());
            });
            ui.label(&reply.text);
        });
    }
}

/// The field that adds a reply to a thread (Enter or the button sends it).
fn reply_ui(ui: &mut egui::Ui, section: &str, id: &str, to: &str, actions: &mut Actions) {
    let memory = egui::Id::unique(("reply-draft", id));
    let mut text: String = ui
        .ctx()
        .data_mut(|d| d.get_temp(memory))
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let response = ui.add(
            egui::TextEdit::singleline(&mut text)
                .hint_text("Reply…")
                .desired_width(ui.available_width() - 90.0),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::TextInput, true, format!("Reply to {to}"))
        });
        if response.changed() {
            ui.ctx().data_mut(|d| d.insert_temp(memory, text.clone()));
        }
        let send = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let button = ui.add_enabled(!text.trim().is_empty(), egui::Button::new("Reply"));
        if (button.clicked() || send) && !text.trim().is_empty() {
            ui.ctx().data_mut(|d| d.remove::<String>(memory));
            actions.push(Action::Review(ReviewAction::Reply {
                section: section.to_owned(),
                id: id.to_owned(),
                text: text.trim().to_owned(),
            }));
        }
    });
}

fn suggestion_ui(ui: &mut egui::Ui, section: &str, s: &review::Suggestion, actions: &mut Actions) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&s.author).strong());
            ui.label(RichText::new(when(&s.created)).weak());
        });
        let what = match (s.anchor.exact.is_empty(), s.insert.is_empty()) {
            (true, _) => format!("Insert “{}”", s.insert),
            (false, true) => format!("Delete “{}”", s.anchor.exact),
            (false, false) => format!("Replace “{}” with “{}”", s.anchor.exact, s.insert),
        };
        if s.orphaned {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{what}: its text is gone (reject it)"),
            );
        } else {
            ui.label(what);
        }
        replies_ui(ui, &s.id, &s.replies);
        reply_ui(ui, section, &s.id, &s.author, actions);
        ui.horizontal(|ui| {
            let one = Scope::One {
                section: section.to_owned(),
                id: s.id.clone(),
            };
            if ui
                .add_enabled(!s.orphaned, egui::Button::new("Accept"))
                .clicked()
            {
                actions.push(Action::Review(ReviewAction::Decide {
                    scope: one.clone(),
                    accept: true,
                }));
            }
            if ui.button("Reject").clicked() {
                actions.push(Action::Review(ReviewAction::Decide {
                    scope: one,
                    accept: false,
                }));
            }
            for (verb, accept) in [("Accept", true), ("Reject", false)] {
                if ui
                    .button(format!("{verb} all by {}", s.author))
                    .on_hover_text("Every suggestion this author made, in every section")
                    .clicked()
                {
                    actions.push(Action::Review(ReviewAction::Decide {
                        scope: Scope::Author(s.author.clone()),
                        accept,
                    }));
                }
            }
        });
    });
}

/// The question before a normal export of a briefing with review left to do.
pub(super) fn left_out_ui(
    ui: &mut egui::Ui,
    purpose: Purpose,
    message: &str,
    actions: &mut Actions,
    close: &mut bool,
) {
    ui.heading("Review is not finished");
    let mut first = message.chars();
    let sentence: String = first
        .next()
        .map(|c| c.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    ui.label(format!("{sentence}."));
    ui.label(
        "Comments and suggestions never reach a normal export; only the review copy carries them.",
    );
    ui.horizontal(|ui| {
        if ui.button("Export without them").clicked() {
            actions.push(Action::ExportAnyway(purpose));
        }
        if ui.button("Export review copy instead").clicked() {
            actions.push(Action::ShowModal(None));
            actions.run(Command::ExportReview);
        }
        if ui.button("Cancel").clicked() {
            *close = true;
        }
    });
}

/// Compare with a snapshot or a file; keep a snapshot; restore one.
pub(super) fn versions_ui(
    ui: &mut egui::Ui,
    app: &App,
    name: &str,
    snapshots: &[crate::app::review::Snapshot],
    actions: &mut Actions,
    close: &mut bool,
) {
    ui.heading("Compare and snapshots");
    match app.snapshot_folder() {
        None => {
            ui.label(
                "Save the briefing to a file first: snapshots are kept in a folder beside it.",
            );
        }
        Some(folder) => {
            ui.label(RichText::new(format!("Snapshots are kept in {}", folder.display())).weak());
            ui.horizontal(|ui| {
                let label = ui.label("Snapshot name");
                let mut typed = name.to_owned();
                let response = ui
                    .add(
                        egui::TextEdit::singleline(&mut typed)
                            .hint_text("e.g. sent to head of unit")
                            .desired_width(240.0),
                    )
                    .labelled_by(label.id);
                if response.changed() {
                    actions.push(Action::ShowModal(Some(Modal::Versions {
                        name: typed.clone(),
                        snapshots: snapshots.to_vec(),
                    })));
                }
                if ui.button("Save a snapshot").clicked() {
                    actions.push(Action::Review(ReviewAction::SaveSnapshot(typed)));
                }
            });
            if snapshots.is_empty() {
                ui.label(RichText::new("No snapshots yet.").weak());
            }
            egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                for snapshot in snapshots {
                    ui.horizontal(|ui| {
                        ui.label(&snapshot.label);
                        if ui
                            .button("Compare")
                            .on_hover_text("Write a redline of the changes since this snapshot")
                            .clicked()
                        {
                            actions.push(Action::Review(ReviewAction::CompareWith(snapshot.path.clone())));
                        }
                        if ui
                            .button("Restore")
                            .on_hover_text("Put this snapshot's content in place of the briefing's (Undo brings it back)")
                            .clicked()
                        {
                            actions.push(Action::Review(ReviewAction::Restore(snapshot.path.clone())));
                        }
                    });
                }
            });
        }
    }
    ui.horizontal(|ui| {
        if ui.button("Compare with a file…").clicked() {
            actions.push(Action::ShowModal(None));
            actions.push(Action::AskPath(Purpose::CompareFile));
        }
        if ui.button("Close").clicked() {
            *close = true;
        }
    });
}
