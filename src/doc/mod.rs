//! The typesetting-neutral document tree that compose produces and every exporter reads.
//!
//! Nothing private reaches this tree: notes, guidance, comments and raw HTML are dropped by
//! `compose`, so the exporters and the layout cannot leak them. Review comments and
//! suggestions reach it only when the review copy is asked for ([`Inline::Review`]).

mod dump;

pub use dump::dump;

use crate::model::{Margins, MarkingScheme, PageSize, Status};

/// A composed briefing, ready for layout or export.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The exportable facts about the briefing, variables filled.
    pub meta: DocMeta,
    /// The sections in reading order, shared: a section the last compose set the same way is
    /// that section, so what follows (layout) knows it unchanged without reading it.
    pub sections: Vec<std::sync::Arc<DocSection>>,
    /// The sources list: each cited ledger entry, formatted and ordered as the citation
    /// style says.
    pub sources: Vec<SourceEntry>,
}

/// One entry of the sources list.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct SourceEntry {
    /// The ledger id (`S1`), which the Markdown export writes before the entry.
    pub id: String,
    /// The entry as the citation style formats it.
    pub content: Vec<Inline>,
    /// The ledger entry as a CSL-JSON item (JSON text), for the Markdown export's
    /// `references`, which Pandoc's citeproc reads.
    pub csl: String,
}

/// What a reader may see about the briefing as a whole: an allow-list, so a new private field
/// in the model cannot reach an export by accident.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocMeta {
    /// Title.
    pub title: String,
    /// Subtitle.
    pub subtitle: String,
    /// Date of issue (`YYYY-MM-DD` or empty).
    pub date: String,
    /// Facts current to (`YYYY-MM-DD` or empty).
    pub as_of: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Issuing organisation.
    pub organization: String,
    /// Intended audience.
    pub audience: String,
    /// Version label.
    pub version: String,
    /// Draft or final.
    pub status: Status,
    /// Language tag.
    pub language: String,
    /// The banner text (empty: no marking).
    pub banner: String,
    /// The marking scheme, which decides the banner's colour.
    pub marking_scheme: MarkingScheme,
    /// The marking level as written.
    pub marking_level: String,
    /// Paper size.
    pub page_size: PageSize,
    /// Margins.
    pub margins: Margins,
    /// Number the headings.
    pub numbered_headings: bool,
    /// How many heading levels the contents list (1 to 3).
    pub contents_depth: u8,
    /// Distribution statement.
    pub distribution: String,
    /// Set without a cover or contents: a title block heads the first page (memo, handout).
    pub compact: bool,
}

/// One section: its heading and its blocks.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct DocSection {
    /// The section id from the model, kept for navigation and diagnostics.
    pub id: String,
    /// The heading text.
    pub title: Vec<Inline>,
    /// The portion mark, such as `(OS)`, if the section has one.
    pub portion_mark: Option<String>,
    /// The body.
    pub blocks: Vec<Block>,
}

impl DocSection {
    /// The pictures the section's figures name, with their lines, in order (lists, quotes
    /// and footnotes included).
    pub fn figures(&self) -> Vec<(&str, u32)> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<(&'a str, u32)>) {
            for block in blocks {
                match &block.kind {
                    BlockKind::Figure { src, .. } => out.push((src, block.line)),
                    BlockKind::List { items, .. } => {
                        for item in items {
                            walk(&item.blocks, out);
                        }
                    }
                    BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                        walk(inner, out);
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}

/// Calls `f` on each block's own runs of inline content (a paragraph's, a heading's, a
/// cell's), in reading order, footnote bodies where they stand.
fn visit_block_runs(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => f(content),
            BlockKind::List { items, .. } => {
                for item in items {
                    visit_block_runs(&mut item.blocks, f);
                }
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                visit_block_runs(inner, f);
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    f(cell);
                }
            }
            BlockKind::Code { .. }
            | BlockKind::Figure { .. }
            | BlockKind::Rule
            | BlockKind::PageBreak
            | BlockKind::SourceList => {}
        }
    }
}

/// Calls `f` on every run of inline content in `blocks` (a paragraph's, a cell's, an
/// emphasis's), in reading order, outer before inner; for passes that look at neighbours.
pub fn visit_runs_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    fn run(list: &mut Vec<Inline>, f: &mut impl FnMut(&mut Vec<Inline>)) {
        f(list);
        for inline in list {
            match inline {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Review { content: c, .. } => run(c, f),
                Inline::Link { content, .. } => run(content, f),
                _ => {}
            }
        }
    }
    visit_block_runs(blocks, &mut |list| run(list, f));
}

/// Calls `f` on every inline of `blocks` in reading order, outer before inner, footnote
/// bodies where they stand.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    fn inlines(list: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
        for inline in list {
            f(inline);
            match inline {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Review { content: c, .. } => inlines(c, f),
                Inline::Link { content, .. } => inlines(content, f),
                _ => {}
            }
        }
    }
    visit_block_runs(blocks, &mut |list| inlines(list, f));
}

/// A block with the 1-based line of the section body it starts on.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Block {
    /// Line in the section body (0 for generated blocks).
    pub line: u32,
    /// What it is.
    pub kind: BlockKind,
}

/// The kinds of block.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum BlockKind {
    /// A heading inside a section; level 2 ..= 6 (the section title is level 1).
    Heading {
        /// 2 ..= 6.
        level: u8,
        /// The text.
        content: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bullet or numbered list.
    List {
        /// The first number of a numbered list; `None` for bullets.
        start: Option<u32>,
        /// Whether items are set without space between them.
        tight: bool,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// Preformatted code.
    Code {
        /// The info string (language), possibly empty.
        info: String,
        /// The text, with its final newline.
        text: String,
    },
    /// A table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        header: Vec<Vec<Inline>>,
        /// Body rows of cells.
        rows: Vec<Vec<Vec<Inline>>>,
        /// Its caption, from a Pandoc-style `Table: …` line beside it, numbered through
        /// the document.
        caption: Option<Caption>,
    },
    /// A figure: an image alone in its paragraph.
    Figure {
        /// Path relative to the document (or URL, which the layout refuses).
        src: String,
        /// Alternative text.
        alt: String,
        /// Optional title (caption).
        title: String,
    },
    /// A footnote body, placed where its definition was; the number matches its reference.
    Footnote {
        /// Document-wide footnote number.
        number: u32,
        /// The footnote's content.
        blocks: Vec<Block>,
        /// Written by compose for a citation (the Markdown export writes the citation instead).
        citation: bool,
    },
    /// A horizontal rule.
    Rule,
    /// An explicit page break (`\newpage` alone in a paragraph).
    PageBreak,
    /// The numbered list of cited sources, generated from the ledger.
    SourceList,
}

/// One list item.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct ListItem {
    /// For task lists: whether the box is ticked.
    pub task: Option<bool>,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// A numbered caption ("Table 2").
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Caption {
    /// Its number in the document.
    pub number: u32,
    /// The caption's text.
    pub text: Vec<Inline>,
}

/// Table column alignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    /// Not specified (left).
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Hash)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// Emphasis (italic).
    Emph(Vec<Inline>),
    /// Strong (bold).
    Strong(Vec<Inline>),
    /// Strikethrough.
    Strike(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A link whose target passed the safety check.
    Link {
        /// Where it goes.
        target: LinkTarget,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image inside running text.
    Image {
        /// Path.
        src: String,
        /// Alternative text.
        alt: String,
    },
    /// A citation of one or more ledger entries: in the notes style a footnote mark whose
    /// body compose writes; in an in-text style the formatted reference itself.
    Cite {
        /// The ledger ids, in the order written.
        ids: Vec<String>,
        /// The document-wide footnote number of the note that holds the references (notes
        /// style only).
        note: u32,
        /// The reference as set in the text, "(Microsoft 2022)" or "[1]" (empty in the notes
        /// style).
        text: Vec<Inline>,
    },
    /// A footnote reference.
    FootnoteRef(u32),
    /// Review markup, made only for the review copy and the redline of a comparison: a
    /// normal export never has it.
    Review {
        /// What it marks.
        mark: ReviewMark,
        /// The marked content (empty for a comment's number).
        content: Vec<Inline>,
    },
    /// A soft line break (a space when set).
    SoftBreak,
    /// A hard line break.
    LineBreak,
}

/// What review markup marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReviewMark {
    /// Text a suggestion or a later version puts in: underlined, in the inserted colour.
    Inserted,
    /// Text a suggestion or a later version takes out: struck through, in the deleted colour.
    Deleted,
    /// Text a comment is about: highlighted.
    Highlight,
    /// The number of comment `n` (its thread is in the review comments at the end).
    Note(u32),
}

/// Where a link may go: the web, mail, or a section of this document. Nothing else survives
/// compose.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// An http, https or mailto URL.
    External(String),
    /// A section id of this document.
    Internal(String),
}

impl Inline {
    /// The plain text of inline content, as a reader would copy it.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            inline.push_plain(&mut out);
        }
        out
    }

    fn push_plain(&self, out: &mut String) {
        match self {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Review { content: c, .. } => {
                c.iter().for_each(|i| i.push_plain(out));
            }
            Inline::Link { content, .. } => content.iter().for_each(|i| i.push_plain(out)),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::Cite { text, .. } if !text.is_empty() => {
                text.iter().for_each(|i| i.push_plain(out));
            }
            Inline::Cite { ids, .. } => {
                out.push('[');
                out.push_str(&ids.join("; "));
                out.push(']');
            }
            Inline::FootnoteRef(n) => out.push_str(&n.to_string()),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
        }
    }
}
