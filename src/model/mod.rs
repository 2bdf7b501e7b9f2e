//! The briefing as data, the edits that change it, undo history and validation.

mod briefing;
mod edit;
pub mod find;
mod history;
pub mod markup;
pub mod review;
mod validate;
mod variant;

pub use briefing::{
    Briefing, CitationStyle, ContentsDepth, Extra, FORMAT_VERSION, Margins, Marking, MarkingScheme,
    Meta, PageSetup, PageSize, Section, Source, Status, slug,
};
pub use edit::{Edit, EditError, SectionField};
pub use history::History;
pub use validate::{
    MAX_LINE_CHARS, MAX_STATEMENT_CHARS, TooLarge, is_date, is_partial_date, is_web_url, iso_date,
    long_date, parse_date, validate, within_limit,
};
pub use variant::{UnknownVariant, Variant};
