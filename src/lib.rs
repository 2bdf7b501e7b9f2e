//! briefdesk: write briefings from template blocks and export them as a typeset PDF or as
//! Markdown.
//!
//! Data flows one way through pure phases, driven from one place, [`pipeline::Renderer`]:
//!
//! ```text
//!                         ┌──────────────── pipeline::Renderer ─────────────────┐
//! .briefing.json ─io─▶ model::Briefing ─compose─▶ doc::Document ─layout─▶ layout::page::Pages
//!   (atomic files,      (edits, undo,     (variables filled; notes,      (fonts, shaping,   │
//!    migrations)         validation)       comments, guidance, HTML       paragraphs, flow, │
//!                                          and unsafe links dropped)      pagination)       │
//!                                                │                                          │
//!                                 export::markdown → String       export::pdf → bytes ◀─────┤
//!                                                                 pipeline::raster → pixels ◀┘
//! ```
//!
//! Every phase returns its output together with [`diagnostic::Diagnostic`]s, so bad input
//! still produces output plus a message that names the section and line; the renderer hands
//! back pages and diagnostics in one [`pipeline::Rendered`] value. Only the command line
//! ([`cli`]) and the window ([`app`]) read or write files.
//!
//! The modules: [`model`] (the briefing, edits, history, validation, variants, review
//! comments and suggestions), [`compare`] (two versions: the changes and their redline),
//! [`templates`]
//! (blocks, briefing templates, article import), [`io`] (atomic files, the format and its
//! migrations, pictures, the recovery journal), [`compose`] (briefing → document tree; the one
//! place private material is dropped; comments and suggestions are read only for the review
//! copy), [`doc`] (the document tree), [`layout`] (document →
//! pages), [`export`] (PDF, Markdown and DOCX writers), [`pipeline`] (the renderer; the preview
//! worker and the page painter, the second backend of the one layout), [`lint`] (the
//! reviewer's checks and spelling), [`app`] (the window's state, commands and actions) and [`ui`] (its
//! panels; with `app` and `main.rs` the only code that uses egui), [`cli`], [`units`]
//! (lengths: millimetres in the file, [`units::Pt`] for every position from layout to the PDF
//! and the painter, with each conversion written once there), [`clock`].
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
pub mod compare;
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
