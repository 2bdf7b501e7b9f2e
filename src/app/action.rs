//! What the panels ask for. A `*_ui` function reads the app and pushes [`Action`]s; the app
//! carries them out after every panel is drawn (Rerun's `UICommand` queue), so no panel
//! changes the briefing or touches a file while the frame is still being drawn.

use std::path::PathBuf;

use super::command::Command;
use super::files::{Purpose, Then};
use super::modal::Modal;
use crate::io::journal;
use crate::model::{Edit, Variant};

/// One thing a panel asks the app to do.
#[derive(Clone, Debug)]
pub enum Action {
    /// Run a command, as its menu item or shortcut would.
    Run(Command),
    /// Change the briefing; `group` names the field being typed in, so a burst of typing
    /// is one undo step.
    Edit {
        /// The change.
        edit: Edit,
        /// The field typed in, if the change is typing.
        group: Option<String>,
    },
    /// Select a section by id (and bring its page into view).
    Select(String),
    /// Move a section (a drag in the outline).
    MoveSection {
        /// Where it is.
        from: usize,
        /// Where it goes.
        to: usize,
    },
    /// Add a section made from this block after the selected one.
    AddBlock(String),
    /// Start a new briefing from this template (after unsaved changes were dealt with).
    NewFromTemplate(String),
    /// Open this file, asking first about unsaved changes.
    OpenRecent(PathBuf),
    /// Ask for a bibliography and add its entries to the source ledger.
    ImportSources,
    /// Take back this draft from the recovery journal.
    Recover(Box<journal::Found>),
    /// Delete these recovery copies.
    DiscardRecovery(Vec<journal::Found>),
    /// Use a path typed in the window for `purpose`.
    UsePath {
        /// What the path is for.
        purpose: Purpose,
        /// The path.
        path: PathBuf,
    },
    /// Write for `purpose` to `path` without further questions (replace confirmed).
    WriteTo {
        /// What is being written.
        purpose: Purpose,
        /// The file.
        path: PathBuf,
    },
    /// Save to `path`, replacing changes another program made there.
    ReplaceOnDisk(PathBuf),
    /// Save, then continue.
    SaveAnd(Then),
    /// Discard the unsaved changes, then continue.
    DiscardAnd(Then),
    /// Show this question or notice, or none.
    ShowModal(Option<Modal>),
    /// Preview and export this variant (`None`: every section).
    SetVariant(Option<Variant>),
    /// Follow the system's theme, or a fixed light or dark one.
    SetTheme(egui::ThemePreference),
    /// The author typed, clicked or selected in this text field: the editing commands now
    /// work on it and its selection.
    Focus(super::Editing),
    /// Check the spelling of this text (no result is kept for it).
    CheckSpelling(String),
    /// Put a suggested word in place of characters `range` of a field.
    CorrectWord {
        /// The field.
        target: super::TextTarget,
        /// The misspelt word's characters.
        range: std::ops::Range<usize>,
        /// The word to put in.
        word: String,
    },
    /// Add a word to the user's own list.
    AddWord(String),
    /// Accept a word in this briefing only.
    IgnoreWord(String),
    /// Put text at the body's cursor (`block`: as a paragraph of its own).
    InsertText {
        /// The Markdown.
        text: String,
        /// Whether it stands apart from the text around it.
        block: bool,
    },
    /// Cite a ledger entry at the body's cursor.
    Cite(String),
    /// Add a ledger entry with this title and cite it.
    AddSourceAndCite(String),
    /// Insert the picture copied beside the briefing.
    InsertPicture {
        /// Its file name.
        name: String,
        /// Its alt text.
        alt: String,
        /// Marked decorative (no alt text; left out of the reading).
        decorative: bool,
    },
    /// The author dragged a panel's edge: the outline's and the preview's shares of the
    /// window's width.
    SetShares {
        /// The outline's share.
        outline: f32,
        /// The preview's share.
        preview: f32,
    },
    /// Select a section and put the body's cursor at the start of `line` (1-based), scrolled
    /// into view: a problem clicked.
    GoToLine {
        /// The section's id.
        section: String,
        /// The body's line.
        line: u32,
    },
    /// The editor has brought the cursor into view.
    CursorShown,
    /// Bring page `index` (0-based) of the preview into view.
    GoToPage(usize),
    /// A panel gave the keyboard focus as asked (F6).
    PartFocused,
    /// What the find bar asks for.
    Find(super::find::FindAction),
    /// The window became too narrow for the editor and the preview side by side, or wide
    /// enough again.
    SetNarrow(bool),
    /// What the review panel asks for.
    Review(super::review::ReviewAction),
    /// Go on with a normal export though review items are left out of it.
    ExportAnyway(Purpose),
    /// Ask for a file for `purpose` (a dialog, or the window's path field).
    AskPath(Purpose),
}

/// The actions of one frame, in the order the panels asked for them.
#[derive(Debug, Default)]
#[must_use = "actions do nothing until the app carries them out"]
pub struct Actions(Vec<Action>);

impl Actions {
    /// Asks for `action`.
    pub fn push(&mut self, action: Action) {
        self.0.push(action);
    }

    /// Asks for a command to run.
    pub fn run(&mut self, command: Command) {
        self.push(Action::Run(command));
    }

    /// Asks for an edit; `group` coalesces typing in one field.
    pub fn edit(&mut self, edit: Edit, group: Option<String>) {
        self.push(Action::Edit { edit, group });
    }

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Actions {
    type Item = Action;
    type IntoIter = std::vec::IntoIter<Action>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}
