//! Review in the window: comments on a selection or a whole section, replies, resolve and
//! delete; suggest mode (typing records suggestions instead of changing the body); accept and
//! reject, one, a section's, an author's or all, each one undo step; snapshots kept beside
//! the briefing; and File → Compare with…, which writes the redline PDF.
//!
//! Every change goes through one [`Edit::SetSectionReview`] (or [`Edit::RestoreSection`]
//! for an accept), so undo, the dirty flag and the recovery journal follow as for typing.

use std::path::{Path, PathBuf};

use super::App;
use super::editor::TextTarget;
use super::files::Purpose;
use super::modal::Modal;
use crate::model::review::{self, Anchor, Change, Comment, Reply, Review};
use crate::model::{Briefing, Edit};

/// Which suggestions an accept or reject takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One suggestion of a section.
    One {
        /// The section's id.
        section: String,
        /// The suggestion's id.
        id: String,
    },
    /// Every suggestion of a section.
    Section(String),
    /// Every suggestion by this author.
    Author(String),
    /// Every suggestion.
    All,
}

/// What the review panel asks for.
#[derive(Clone, Debug)]
pub enum ReviewAction {
    /// Start a comment on the editor's selection (or the whole section when none).
    StartComment,
    /// Drop the comment being written.
    CancelComment,
    /// Post the comment being written.
    PostComment(String),
    /// Reply to a comment or a suggestion.
    Reply {
        /// The section's id.
        section: String,
        /// The comment's or the suggestion's id.
        id: String,
        /// What the reply says.
        text: String,
    },
    /// Resolve (or reopen) a comment.
    Resolve {
        /// The section's id.
        section: String,
        /// The comment's id.
        id: String,
        /// Resolved or open again.
        resolved: bool,
    },
    /// Delete a comment and its thread.
    Delete {
        /// The section's id.
        section: String,
        /// The comment's id.
        id: String,
    },
    /// An edit of the marked text in suggest mode.
    Suggest {
        /// The section's id.
        section: String,
        /// The marked text's change.
        change: Change,
        /// The characters put in.
        inserted: String,
    },
    /// Accept (`true`) or reject suggestions.
    Decide {
        /// Which.
        scope: Scope,
        /// Accept or reject.
        accept: bool,
    },
    /// The name comments and suggestions are signed with.
    SetAuthor(String),
    /// Keep a named copy of the briefing beside its file.
    SaveSnapshot(String),
    /// Compare the briefing with this version (a snapshot or another file).
    CompareWith(PathBuf),
    /// Put a snapshot's content in place of the briefing's (one undo step).
    Restore(PathBuf),
}

/// A comment being written: where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The section's id.
    pub section: String,
    /// Character range of the body (`None`: the whole section).
    pub range: Option<(usize, usize)>,
}

/// A snapshot kept beside the briefing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Its file.
    pub path: PathBuf,
    /// When it was taken and its name, as listed.
    pub label: String,
}

impl App {
    /// Whether typing records suggestions instead of changing the body.
    pub fn suggesting(&self) -> bool {
        self.suggesting
    }

    /// Whether the preview shows comments and suggestions as the review copy sets them (it
    /// does while there are any and View → Show review in preview is on).
    pub fn preview_review(&self) -> bool {
        self.preferences.show_review
            && self
                .session
                .briefing
                .sections
                .iter()
                .any(|s| s.has_review())
    }

    /// The name comments and suggestions are signed with ("" until set).
    pub fn author(&self) -> &str {
        self.preferences.author.trim()
    }

    /// Everyone with a suggestion open, in name order.
    pub fn suggestion_authors(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .session
            .briefing
            .sections
            .iter()
            .flat_map(|s| s.suggestions.iter().map(|x| x.author.clone()))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The comment being written, if any.
    pub fn comment_draft(&self) -> Option<&Draft> {
        self.comment_draft.as_ref()
    }

    /// Carries out a review panel's request.
    pub(super) fn review_action(&mut self, action: ReviewAction) {
        match action {
            ReviewAction::StartComment => self.start_comment(),
            ReviewAction::CancelComment => self.comment_draft = None,
            ReviewAction::PostComment(text) => self.post_comment(text),
            ReviewAction::Reply { section, id, text } => {
                let author = self.signature();
                let reply = Reply {
                    author,
                    created: crate::clock::now_iso(),
                    text,
                };
                self.change_review(&section, None, |review| {
                    if let Some(c) = review.comments.iter_mut().find(|c| c.id == id) {
                        c.replies.push(reply);
                    } else if let Some(s) = review.suggestions.iter_mut().find(|s| s.id == id) {
                        s.replies.push(reply);
                    }
                });
            }
            ReviewAction::Resolve {
                section,
                id,
                resolved,
            } => {
                self.change_review(&section, None, |review| {
                    if let Some(c) = review.comments.iter_mut().find(|c| c.id == id) {
                        c.resolved = resolved;
                    }
                });
                self.note(if resolved {
                    "Comment resolved; it stays in the file and can be reopened"
                } else {
                    "Comment reopened"
                });
            }
            ReviewAction::Delete { section, id } => {
                self.change_review(&section, None, |review| {
                    review.comments.retain(|c| c.id != id);
                });
                self.note("Comment deleted; Undo brings it back");
            }
            ReviewAction::Suggest {
                section,
                change,
                inserted,
            } => self.suggest(&section, change, &inserted),
            ReviewAction::Decide { scope, accept } => self.decide(&scope, accept),
            ReviewAction::SetAuthor(name) => self.preferences.author = name,
            ReviewAction::SaveSnapshot(name) => self.save_snapshot(&name),
            ReviewAction::CompareWith(path) => self.compare_with(&path),
            ReviewAction::Restore(path) => self.restore(&path),
        }
    }

    /// The author's name, or a stand-in until one is set.
    fn signature(&self) -> String {
        match self.author() {
            "" => "Reviewer".to_owned(),
            name => name.to_owned(),
        }
    }

    /// Changes one section's review items as one undoable step.
    fn change_review(
        &mut self,
        section: &str,
        group: Option<&str>,
        change: impl FnOnce(&mut Review),
    ) {
        let Some(mut review) = self.session.briefing.section(section).map(|s| s.review()) else {
            return;
        };
        let before = review.clone();
        change(&mut review);
        if review != before {
            self.apply(
                Edit::SetSectionReview {
                    id: section.to_owned(),
                    review: Box::new(review),
                },
                group,
            );
        }
    }

    fn start_comment(&mut self) {
        let Some(section) = self.selected.clone() else {
            return;
        };
        let body_target = TextTarget::body(&section);
        let range = self
            .editing
            .as_ref()
            .filter(|e| e.target == body_target && e.selection.0 < e.selection.1)
            .map(|e| e.selection);
        // In suggest mode the editor shows the marked text: back to body positions.
        let range = match (range, self.suggesting) {
            (Some((s, e)), true) => self.session.briefing.section(&section).map(|sec| {
                let (_, units) = review::marked_text(&sec.body, &sec.suggestions);
                let at = |k: usize| body_position(&units, &sec.suggestions, k);
                (at(s), at(e).max(at(s)))
            }),
            (range, _) => range,
        };
        self.comment_draft = Some(Draft { section, range });
    }

    fn post_comment(&mut self, text: String) {
        let Some(draft) = self.comment_draft.take() else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        let Some(body) = self
            .session
            .briefing
            .section(&draft.section)
            .map(|s| s.body.clone())
        else {
            return;
        };
        let comment = Comment {
            id: review::new_id('c'),
            anchor: draft.range.map(|(s, e)| Anchor::new(&body, s, e)),
            author: self.signature(),
            created: crate::clock::now_iso(),
            text,
            ..Comment::default()
        };
        self.change_review(&draft.section, None, |review| review.comments.push(comment));
        self.note("Comment added");
    }

    fn suggest(&mut self, section: &str, change: Change, inserted: &str) {
        let Some(s) = self.session.briefing.section(section) else {
            return;
        };
        let author = self.signature();
        let (suggestions, cursor) = review::suggest_edit(
            &s.body,
            &s.suggestions,
            change,
            inserted,
            &author,
            &crate::clock::now_iso(),
        );
        let group = format!("suggest:{section}");
        self.change_review(section, Some(&group), |review| {
            review.suggestions = suggestions
        });
        // The cursor goes where the marked text now has it (a deleted character stays).
        if let Some(ctx) = self.ctx.clone() {
            super::editor::place_cursor(
                &mut self.editing,
                &ctx,
                &TextTarget::body(section),
                cursor,
            );
        }
    }

    fn decide(&mut self, scope: &Scope, accept: bool) {
        let sections: Vec<String> = self
            .session
            .briefing
            .sections
            .iter()
            .filter(|s| !s.suggestions.is_empty())
            .filter(|s| match scope {
                Scope::One { section, .. } | Scope::Section(section) => &s.id == section,
                _ => true,
            })
            .map(|s| s.id.clone())
            .collect();
        let mut edits = Vec::new();
        let mut count = 0;
        for id in sections {
            let Some(section) = self.session.briefing.section(&id) else {
                continue;
            };
            let chosen: Vec<String> = section
                .suggestions
                .iter()
                .filter(|s| match scope {
                    Scope::One { id, .. } => &s.id == id,
                    Scope::Author(name) => &s.author == name,
                    _ => true,
                })
                .map(|s| s.id.clone())
                .collect();
            if chosen.is_empty() {
                continue;
            }
            let review = section.review();
            if accept {
                let (body, rest, done) = review::accept_all(&section.body, &review, &chosen);
                count += done;
                edits.push(Edit::RestoreSection {
                    id,
                    body,
                    review: Box::new(rest),
                });
            } else {
                let mut rest = review;
                rest.suggestions.retain(|s| !chosen.contains(&s.id));
                count += chosen.len();
                edits.push(Edit::SetSectionReview {
                    id,
                    review: Box::new(rest),
                });
            }
        }
        if edits.is_empty() {
            self.note("No suggestions to take");
            return;
        }
        // One undo step, however many sections.
        self.session.history.break_group();
        self.apply(Edit::Batch(edits), None);
        self.session.history.break_group();
        let what = if accept { "accepted" } else { "rejected" };
        self.note(&format!(
            "{count} suggestion{} {what}; Undo takes {} back",
            if count == 1 { "" } else { "s" },
            if count == 1 { "it" } else { "them" }
        ));
    }

    /// The folder snapshots of the briefing's file are kept in (`None` before it is saved).
    pub fn snapshot_folder(&self) -> Option<PathBuf> {
        let path = self.session.path.as_deref()?;
        let name = path.file_name()?.to_string_lossy();
        let stem = name
            .strip_suffix(".briefing.json")
            .or_else(|| name.strip_suffix(".json"))
            .unwrap_or(&name);
        Some(path.with_file_name(format!("{stem}.snapshots")))
    }

    /// The snapshots beside the briefing's file, newest first.
    pub fn snapshots(&self) -> Vec<Snapshot> {
        let Some(folder) = self.snapshot_folder() else {
            return Vec::new();
        };
        let Ok(entries) = std::fs::read_dir(&folder) else {
            return Vec::new();
        };
        let mut found: Vec<Snapshot> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".briefing.json"))
            .map(|path| {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                let label = name.trim_end_matches(".briefing.json").to_owned();
                Snapshot { path, label }
            })
            .collect();
        found.sort_by(|a, b| b.label.cmp(&a.label));
        found
    }

    fn save_snapshot(&mut self, name: &str) {
        let Some(folder) = self.snapshot_folder() else {
            self.fail("Save the briefing to a file first: snapshots are kept beside it".to_owned());
            return;
        };
        let stamp: String = crate::clock::now_iso()
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == 'T')
            .collect();
        let slug = crate::model::slug(name);
        let file = if slug.is_empty() {
            format!("{stamp}.briefing.json")
        } else {
            format!("{stamp} {slug}.briefing.json")
        };
        let mut copy = self.session.briefing.clone();
        if !name.trim().is_empty() {
            copy.extra.insert(
                "snapshot_name".into(),
                serde_json::Value::String(name.trim().to_owned()),
            );
        }
        let written = std::fs::create_dir_all(&folder)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                crate::io::write_all_atomic(
                    &[(&folder.join(&file), crate::io::to_json(&copy).as_bytes())],
                    crate::io::Readers::Umask,
                )
                .map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => {
                self.note(&format!("Snapshot kept: {}", folder.join(file).display()));
                // The list read anew, the new snapshot in it, the name field cleared.
                self.modal = Some(Modal::Versions {
                    name: String::new(),
                    snapshots: self.snapshots(),
                });
            }
            Err(error) => self.fail(format!("The snapshot could not be written: {error}")),
        }
    }

    fn compare_with(&mut self, path: &Path) {
        let old = match crate::io::load(path) {
            Ok(loaded) => loaded.briefing,
            Err(error) => {
                self.fail(format!("{error}"));
                return;
            }
        };
        let label = |path: &Path| {
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                .trim_end_matches(".briefing.json")
                .to_owned()
        };
        let new_label = self.session.path.as_deref().map_or_else(
            || "this briefing".to_owned(),
            |p| format!("{} (as open)", label(p)),
        );
        let comparison = crate::compare::compare(&old, &self.session.briefing);
        let redline = comparison.redline(&old, &self.session.briefing, (&label(path), &new_label));
        let s = &comparison.summary;
        self.note(&format!(
            "Compared with {}: {} sections changed, {} added, {} removed; {} words added, {} removed",
            label(path),
            s.changed,
            s.added,
            s.removed,
            s.words_added,
            s.words_removed
        ));
        self.modal = None;
        self.redline = Some(Box::new(redline));
        self.ask_path(Purpose::Redline);
    }

    fn restore(&mut self, path: &Path) {
        let snapshot = match crate::io::load(path) {
            Ok(loaded) => loaded.briefing,
            Err(error) => {
                self.fail(format!("{error}"));
                return;
            }
        };
        let edits = replace_all(&self.session.briefing, &snapshot);
        self.session.history.break_group();
        self.apply(Edit::Batch(edits), None);
        self.session.history.break_group();
        self.modal = None;
        self.selected = self.session.briefing.sections.first().map(|s| s.id.clone());
        self.note("Snapshot restored; Undo brings back what it replaced");
    }

    /// Before a normal export: when review items are open, ask first (once per export).
    pub(super) fn guard_review(&mut self, purpose: Purpose) -> bool {
        match crate::lint::review_left_out(&self.session.briefing) {
            Some(message) => {
                self.modal = Some(Modal::ReviewLeftOut { purpose, message });
                false
            }
            None => true,
        }
    }
}

/// The body position of character `k` of the marked text (an inserted character stands at
/// its suggestion's end).
pub fn body_position(
    units: &[review::Unit],
    suggestions: &[review::Suggestion],
    k: usize,
) -> usize {
    match units.get(k) {
        Some(review::Unit::Base(p) | review::Unit::Deleted(p, _)) => *p,
        Some(review::Unit::Inserted(s, _)) => suggestions.get(*s).map_or(0, |s| s.anchor.end),
        None => units
            .iter()
            .rev()
            .find_map(|u| match u {
                review::Unit::Base(p) | review::Unit::Deleted(p, _) => Some(p + 1),
                review::Unit::Inserted(..) => None,
            })
            .unwrap_or(0),
    }
}

/// The edits that turn `now` into `then` (a snapshot's content): every section, source,
/// variable and the settings, as one batch.
fn replace_all(now: &Briefing, then: &Briefing) -> Vec<Edit> {
    let mut edits = Vec::new();
    for _ in 0..now.sections.len() {
        edits.push(Edit::RemoveSection { index: 0 });
    }
    for (index, section) in then.sections.iter().enumerate() {
        edits.push(Edit::InsertSection {
            index,
            section: Box::new(section.clone()),
        });
    }
    for _ in 0..now.sources.len() {
        edits.push(Edit::RemoveSource { index: 0 });
    }
    for (index, source) in then.sources.iter().enumerate() {
        edits.push(Edit::InsertSource {
            index,
            source: Box::new(source.clone()),
        });
    }
    for name in now
        .variables
        .keys()
        .filter(|k| !then.variables.contains_key(*k))
    {
        edits.push(Edit::SetVariable {
            name: name.clone(),
            value: None,
        });
    }
    for (name, value) in &then.variables {
        edits.push(Edit::SetVariable {
            name: name.clone(),
            value: Some(value.clone()),
        });
    }
    edits.push(Edit::SetMeta(Box::new(then.meta.clone())));
    edits
}
