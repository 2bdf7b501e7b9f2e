//! Find and replace as the window holds it: the bar's query and replacement, the matches of
//! the current briefing (found again only when the briefing or the query changed), which one
//! is current, and going to it: its section selected, the editor scrolled to it and the
//! preview to its page.

use super::App;
use super::editor::{Editing, TextTarget};
use crate::model::SectionField;
use crate::model::find::{self, Match, Place, Query, SourceField};

/// What the find bar asks for.
#[derive(Clone, Debug)]
pub enum FindAction {
    /// The query changed (typed, or an option ticked).
    Query(Query),
    /// The replacement text changed.
    Replacement(String),
    /// Go to the next match.
    Next,
    /// Go to the previous match.
    Previous,
    /// Replace the current match and go to the next.
    Replace,
    /// Replace every match, as one undo step.
    ReplaceAll,
    /// Close the bar.
    Close,
    /// The editor has scrolled to the current match.
    Scrolled,
    /// The find box has taken the keyboard focus.
    Focused,
}

/// The find bar's state.
#[derive(Debug, Default)]
pub struct Finder {
    /// Whether the bar is shown.
    pub open: bool,
    /// Whether its replace row is shown.
    pub replacing: bool,
    /// What to look for.
    pub query: Query,
    /// What to put in place of a match.
    pub replacement: String,
    /// The matches, in reading order.
    pub matches: Vec<Match>,
    /// Why the query cannot be searched with, if it cannot.
    pub error: Option<String>,
    /// The current match.
    pub current: Option<usize>,
    /// The editor should bring the current match into view.
    pub scroll_pending: bool,
    /// The field whose focus the bar should take once it opens.
    pub focus_pending: bool,
    /// What the matches were found for: the document, its undo state and the query.
    found_for: Option<(u64, u64, Query)>,
}

impl Finder {
    /// "3 of 12", "No matches", or the query's error.
    pub fn count_text(&self) -> String {
        if let Some(error) = &self.error {
            return error.clone();
        }
        if self.query.pattern.is_empty() {
            return String::new();
        }
        match (self.current, self.matches.len()) {
            (_, 0) => "No matches".to_owned(),
            (Some(i), n) => format!("{} of {n}", i + 1),
            (None, 1) => "1 match".to_owned(),
            (None, n) => format!("{n} matches"),
        }
    }

    /// The current match.
    pub fn current_match(&self) -> Option<&Match> {
        self.matches.get(self.current?)
    }
}

/// Where a match is, in words, for a match outside the sections ("in the document title").
pub fn place_name(app: &App, place: &Place) -> String {
    match place {
        Place::Title => "in the document title".to_owned(),
        Place::Subtitle => "in the subtitle".to_owned(),
        Place::Section { id, field } => {
            let title = app
                .briefing()
                .section(id)
                .map_or(id.as_str(), |s| s.title.as_str());
            let what = match field {
                SectionField::Title => "title",
                SectionField::Body => "body",
                SectionField::Notes => "private notes",
            };
            format!("in the {what} of “{title}”")
        }
        Place::Source { index, field } => {
            let id = app
                .briefing()
                .sources
                .get(*index)
                .map_or("?", |s| s.id.as_str());
            let what = match field {
                SourceField::Title => "title",
                SourceField::Author => "author",
                SourceField::Publisher => "publisher",
            };
            format!("in the {what} of source {id}")
        }
    }
}

impl App {
    /// The find bar.
    pub fn finder(&self) -> &Finder {
        &self.find
    }

    /// Opens the find bar (with its replace row for Replace), taking the selected words as
    /// the search when a few are selected.
    pub(super) fn open_find(&mut self, replacing: bool) {
        if let Some(Editing { target, selection }) = self.editing.clone()
            && selection.0 < selection.1
            && let Some(text) = self.field_text(&target)
        {
            let picked: String = text
                .chars()
                .skip(selection.0)
                .take(selection.1 - selection.0)
                .collect();
            if !picked.contains('\n') && picked.chars().count() <= 200 {
                self.find.query.pattern = picked;
            }
        }
        self.find.open = true;
        self.find.replacing |= replacing;
        self.find.focus_pending = true;
        self.refresh_find();
    }

    /// Finds the matches again if the briefing or the query changed since they were found,
    /// keeping the current match where it still is.
    pub(super) fn refresh_find(&mut self) {
        if !self.find.open {
            return;
        }
        let key = (
            self.serial,
            self.session.history.state(),
            self.find.query.clone(),
        );
        if self.find.found_for.as_ref() == Some(&key) {
            return;
        }
        let was = self.find.current_match().cloned();
        match find::find_all(&self.session.briefing, &self.find.query) {
            Ok(matches) => {
                self.find.matches = matches;
                self.find.error = None;
            }
            Err(error) => {
                self.find.matches.clear();
                self.find.error = Some(error);
            }
        }
        self.find.current = was.and_then(|was| {
            self.find
                .matches
                .iter()
                .position(|m| m.place == was.place && m.range.start >= was.range.start)
        });
        self.find.found_for = Some(key);
    }

    /// Carries out what the find bar asked for.
    pub(super) fn find_action(&mut self, action: FindAction) {
        match action {
            FindAction::Query(query) => {
                self.find.query = query;
                self.find.current = None;
                self.refresh_find();
                // Typing in the box shows the first match from the selected section on.
                self.go_to_match(self.first_match_from_selection());
            }
            FindAction::Replacement(text) => self.find.replacement = text,
            FindAction::Next | FindAction::Previous => {
                self.refresh_find();
                let n = self.find.matches.len();
                if n == 0 {
                    return;
                }
                let next = match (self.find.current, matches!(action, FindAction::Next)) {
                    (None, true) => self.first_match_from_selection().unwrap_or(0),
                    (None, false) => n - 1,
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                };
                self.go_to_match(Some(next));
            }
            FindAction::Replace => self.replace_current(),
            FindAction::ReplaceAll => self.replace_all(),
            FindAction::Close => {
                self.find.open = false;
                self.find.current = None;
            }
            FindAction::Scrolled => self.find.scroll_pending = false,
            FindAction::Focused => self.find.focus_pending = false,
        }
    }

    /// The first match in or after the selected section, for a search just typed.
    fn first_match_from_selection(&self) -> Option<usize> {
        if self.find.matches.is_empty() {
            return None;
        }
        let order: Vec<&str> = self
            .session
            .briefing
            .sections
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        let selected = self
            .selected
            .as_deref()
            .and_then(|id| order.iter().position(|s| *s == id));
        let Some(selected) = selected else {
            return Some(0);
        };
        self.find
            .matches
            .iter()
            .position(|m| match &m.place {
                Place::Section { id, .. } => order.iter().position(|s| s == id) >= Some(selected),
                Place::Source { .. } => true,
                _ => false,
            })
            .or(Some(0))
    }

    /// Makes match `index` current: its section selected, the editor and the preview
    /// brought to it.
    fn go_to_match(&mut self, index: Option<usize>) {
        self.find.current = index;
        let Some(found) = self.find.current_match().cloned() else {
            return;
        };
        if let Place::Section { id, field } = &found.place {
            if self.selected.as_deref() != Some(id.as_str()) {
                self.select(id);
            }
            let target = TextTarget {
                section: id.clone(),
                field: *field,
            };
            if let Some(text) = self.field_text(&target) {
                let start = text[..found.range.start].chars().count();
                let end = start + text[found.range.clone()].chars().count();
                self.editing = Some(Editing {
                    target,
                    selection: (start, end),
                });
            }
            self.preview.reveal = true;
            self.preview.reveal_text = text_hint(&self.session.briefing, &found);
            self.find.scroll_pending = true;
        }
    }

    fn replace_current(&mut self) {
        self.refresh_find();
        let Some(found) = self.find.current_match().cloned() else {
            // Nothing current yet: the first Replace goes to the first match.
            self.find_action(FindAction::Next);
            return;
        };
        let index = self.find.current.unwrap_or(0);
        match find::replace_one(
            &self.session.briefing,
            &self.find.query,
            &found,
            &self.find.replacement,
        ) {
            Ok(Some(edit)) => {
                self.session.history.break_group();
                self.apply(edit, None);
                self.session.history.break_group();
                self.refresh_find();
                // The next match now sits where the replaced one was in the list.
                let n = self.find.matches.len();
                self.go_to_match((n > 0).then(|| index.min(n - 1)));
            }
            Ok(None) => self.find_action(FindAction::Next),
            Err(error) => self.find.error = Some(error),
        }
    }

    fn replace_all(&mut self) {
        match find::replace_all(
            &self.session.briefing,
            &self.find.query,
            &self.find.replacement,
        ) {
            Ok((Some(edit), count)) => {
                self.session.history.break_group();
                self.apply(edit, None);
                self.session.history.break_group();
                self.find.current = None;
                self.refresh_find();
                let what = if count == 1 {
                    "Replaced 1 match; Undo takes it back".to_owned()
                } else {
                    format!("Replaced {count} matches; Undo takes them all back")
                };
                self.note(&what);
            }
            Ok((None, _)) => self.note("Nothing to replace"),
            Err(error) => self.find.error = Some(error),
        }
    }
}

/// A few words of the matched text, to find its page in the preview.
fn text_hint(briefing: &crate::model::Briefing, found: &Match) -> Option<String> {
    let text = find::text_of(briefing, &found.place)?;
    let matched = text.get(found.range.clone())?;
    let word = matched
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .max_by_key(|w| w.len())?;
    Some(word.to_owned())
}
