//! briefdesk: write briefings from template blocks and export them as a typeset PDF or as
//! Markdown.
//!
//! Data flows one way through pure phases; only the command line (and later the app) reads
//! or writes files:
//!
//! ```text
//! templates ──┐
//! .briefing.json ─▶ model::Briefing ─compose─▶ doc::Document ─┬▶ export::markdown → String
//!                  (edits, history,          (variables filled, notes, └▶ layout → Pages
//!                   validation)               HTML and unsafe links dropped)     │
//!                                                               export::pdf → bytes ◀┘
//! ```
//!
//! Every phase returns its output together with [`diagnostic::Diagnostic`]s, so bad input
//! still produces output plus a message that names the section and line.
//!
//! ```
//! use briefdesk::compose::{compose, ComposeOptions};
//! use briefdesk::model::{Briefing, Section};
//!
//! let mut briefing = Briefing::new("Albania and Iran");
//! briefing.variables.insert("country".into(), "Albania".into());
//! briefing.sections.push(Section {
//!     id: "incident".into(),
//!     title: "The incident".into(),
//!     body: "{{country}} was attacked in July 2022.".into(),
//!     notes: "private: never exported".into(),
//!     ..Section::default()
//! });
//! let composed = compose(&briefing, &ComposeOptions::default());
//! let markdown = briefdesk::export::markdown::to_markdown(&composed.document);
//! assert!(markdown.contains("# The incident\n\nAlbania was attacked in July 2022."));
//! assert!(!markdown.contains("private"));
//! ```

pub mod app;
pub mod cli;
pub mod clock;
pub mod compose;
pub mod diagnostic;
pub mod doc;
pub mod export;
pub mod io;
pub mod layout;
pub mod lint;
pub mod model;
pub mod pipeline;
pub mod templates;
pub mod ui;
pub mod units;
