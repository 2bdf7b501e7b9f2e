//! The questions and notices that take the window's attention, one at a time.

use std::path::PathBuf;

use super::files::{Purpose, Then};
use crate::io::journal;

/// A question or notice that takes the window's attention.
#[derive(Clone, Debug)]
pub enum Modal {
    /// Drafts found in the recovery journal.
    Recover(Vec<journal::Found>),
    /// No file dialog could be shown: type a path.
    PathEntry {
        /// What the path is for.
        purpose: Purpose,
        /// The text typed so far.
        text: String,
    },
    /// The chosen file exists and no dialog has confirmed replacing it.
    ConfirmOverwrite {
        /// What is being written.
        purpose: Purpose,
        /// The file.
        path: PathBuf,
    },
    /// The file changed on disk since it was opened.
    ChangedOnDisk {
        /// The file.
        path: PathBuf,
    },
    /// Unsaved changes would be lost.
    Unsaved(Then),
    /// Pick a briefing template.
    New,
    /// Pick a block to add; the highlighted block's guidance is shown beside the list.
    Gallery {
        /// The highlighted block's id.
        chosen: Option<String>,
    },
    /// Something went wrong; nothing was lost.
    Error(String),
    /// Every command and its keys.
    Shortcuts,
    /// Insert → Table: its size.
    InsertTable {
        /// Body rows.
        rows: usize,
        /// Columns.
        columns: usize,
    },
    /// Insert → Citation: the ledger, filtered as typed.
    Cite {
        /// What is typed.
        filter: String,
    },
    /// A picture copied beside the briefing, waiting for its alt text.
    PictureAlt {
        /// Its file name beside the briefing.
        name: String,
        /// The alt text typed so far.
        alt: String,
    },
    /// The version and the licences.
    About,
    /// A normal export would leave review items out: export anyway, or the review copy.
    ReviewLeftOut {
        /// The export asked for.
        purpose: Purpose,
        /// What is left out.
        message: String,
    },
    /// Review → Compare with…: the snapshots to compare with or restore, another file, and
    /// a name for a new snapshot.
    Versions {
        /// The new snapshot's name as typed.
        name: String,
        /// The snapshots beside the file, as listed when the question was opened (the
        /// folder is read then, not every frame).
        snapshots: Vec<super::review::Snapshot>,
    },
}
