//! The reviewer's checks: what a careful reader of a briefing would mark in the margin. Each
//! finding is a [`Diagnostic`] with its section and line and a message that says how to fix
//! it. `briefdesk check` and the app's problems list both show them.
//!
//! The checks read the composed document (so notes, comments and guidance never count as
//! text, and every line number is the author's), except where the model itself is the
//! subject (markings, language).

mod dates;
mod prose;
pub mod spelling;

use crate::diagnostic::Diagnostic;
use crate::doc::{Block, BlockKind, DocSection, Document, Inline};
use crate::model::{Briefing, MarkingScheme, Variant};
use crate::templates::{self, Library};

pub use prose::{flesch_kincaid_grade, sentences};

/// The words of a text as a reader counts them: runs between spaces with a letter or digit
/// in them (a table's pipes and a list's dashes are no words).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// The reading grade a handout aims at when the briefing sets none (about age 15).
pub const HANDOUT_GRADE: f32 = 10.0;
/// The most sentences a bottom line up front may have.
pub const BLUF_SENTENCES: usize = 4;
/// The most pages the memo variant may take.
pub const MEMO_PAGES: usize = 2;
/// A section body past this many bytes (about 80 pages) is slow to edit: the editor lays the
/// whole body out again on each keystroke.
pub const SECTION_EDIT_BYTES: usize = 200_000;

/// One run of text a reader meets: a paragraph, a list item's paragraph, a table row or a
/// heading, with its line and whether it cites a source.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    pub line: u32,
    pub text: String,
    pub cited: bool,
    pub kind: UnitKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Paragraph,
    Item,
    Row,
    HeaderRow,
    Heading,
}

/// A section as the checks see it.
pub(crate) struct Checked<'a> {
    pub id: &'a str,
    pub title: String,
    pub block: &'a str,
    pub kind: Option<templates::BlockKind>,
    pub variants: &'a [String],
    pub units: Vec<Unit>,
    pub doc: &'a DocSection,
    /// The section as the author wrote it.
    pub model: &'a crate::model::Section,
}

impl Checked<'_> {
    /// Where a diagnostic about this section's `line` points, for messages about another place.
    pub fn place(&self, line: u32) -> String {
        format!("'{}' line {line}", self.title)
    }
}

/// Runs every check that needs no layout on `document`, the briefing composed with every
/// section (`ComposeOptions::default()`). `library` gives the block kinds and template text
/// (the built-in one when the briefing's blocks come from there).
pub fn run(briefing: &Briefing, document: &Document, library: &Library) -> Vec<Diagnostic> {
    // Each section by id, looked up once (a search per section was quadratic).
    let by_id: std::collections::HashMap<&str, &crate::model::Section> = briefing
        .sections
        .iter()
        .rev()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let sections: Vec<Checked<'_>> = document
        .sections
        .iter()
        .filter_map(|doc| {
            let model = *by_id.get(doc.id.as_str())?;
            let block = model.block_id();
            Some(Checked {
                id: &model.id,
                title: model.title.clone(),
                block,
                kind: library.block(block).map(|b| b.kind),
                variants: &model.variants,
                units: units(&doc.blocks),
                doc,
                model,
            })
        })
        .collect();
    let mut out = Vec::new();
    dates::check(briefing, &sections, &mut out);
    placeholders(&sections, library, &mut out);
    sourcing(&sections, &mut out);
    prose::bluf_length(&sections, &mut out);
    prose::estimative(&sections, &mut out);
    prose::reading_level(briefing, &sections, &mut out);
    structure(briefing, &sections, &mut out);
    spelling_notes(briefing, &mut out);
    out.extend(review_items(briefing));
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 unresolved comments and 1 open suggestion" (empty when both are none).
fn open_review(comments: usize, suggestions: usize) -> String {
    let mut open = Vec::new();
    if comments > 0 {
        open.push(plural(
            comments,
            "unresolved comment",
            "unresolved comments",
        ));
    }
    if suggestions > 0 {
        open.push(plural(suggestions, "open suggestion", "open suggestions"));
    }
    open.join(" and ")
}

/// Each section's unresolved comments, open suggestions and orphaned items: what review has
/// left to do before the briefing goes out. (A normal export never carries them.)
pub fn review_items(briefing: &Briefing) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for section in briefing.sections.iter().filter(|s| s.has_review()) {
        let (comments, suggestions) = section.open_review_items();
        let todo = match (comments > 0, suggestions > 0) {
            (true, true) => "resolve the comments and accept or reject the suggestions",
            (true, false) => "resolve the comments",
            _ => "accept or reject the suggestions",
        };
        if comments + suggestions > 0 {
            out.push(
                Diagnostic::warning(format!(
                    "{} in review; {todo} before issuing (a normal export leaves them out)",
                    open_review(comments, suggestions)
                ))
                .in_section(section.id.clone()),
            );
        }
        let orphaned = section.comments.iter().filter(|c| c.orphaned).count()
            + section.suggestions.iter().filter(|s| s.orphaned).count();
        if orphaned > 0 {
            out.push(
                Diagnostic::warning(format!(
                    "{} no longer {} the text {} on (it was edited); see the review panel",
                    plural(orphaned, "review item", "review items"),
                    if orphaned == 1 { "finds" } else { "find" },
                    if orphaned == 1 { "it was" } else { "they were" },
                ))
                .in_section(section.id.clone()),
            );
        }
    }
    out
}

/// One line for an export that leaves review items out, or `None` when there are none.
pub fn review_left_out(briefing: &Briefing) -> Option<String> {
    let (comments, suggestions) = briefing
        .sections
        .iter()
        .map(|s| s.open_review_items())
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    if comments + suggestions == 0 {
        return None;
    }
    Some(format!(
        "the briefing has {}; they are not in this export (only the review copy carries them)",
        open_review(comments, suggestions)
    ))
}

/// The most misspellings listed for one section; the rest are counted.
const SPELLING_PER_SECTION: usize = 20;

/// Misspelt words as notes, with section and line, in the section titles and bodies (the
/// private notes are the author's own). The author's word list comes from
/// [`spelling::personal_file`].
fn spelling_notes(briefing: &Briefing, out: &mut Vec<Diagnostic>) {
    let personal = spelling::personal_file()
        .map(|path| spelling::read_list(&path))
        .unwrap_or_default();
    let Some(speller) = spelling::Speller::for_briefing(briefing, &personal) else {
        return;
    };
    for section in &briefing.sections {
        let mut found: Vec<(Option<u32>, String)> = speller
            .misspellings(&section.title)
            .into_iter()
            .map(|m| (None, m.word))
            .collect();
        let mut line = 1;
        let mut at = 0;
        for m in speller.misspellings(&section.body) {
            line += section.body[at..m.range.start].matches('\n').count() as u32;
            at = m.range.start;
            found.push((Some(line), m.word));
        }
        let total = found.len();
        for (line, word) in found.into_iter().take(SPELLING_PER_SECTION) {
            let mut note = Diagnostic::new(
                crate::diagnostic::Severity::Info,
                format!("“{word}” is not in the dictionary; correct it, or add it to the dictionary or ignore it in this briefing from the editor's right-click menu"),
            )
            .in_section(section.id.clone());
            if let Some(line) = line {
                note = note.at_line(line);
            }
            out.push(note);
        }
        if total > SPELLING_PER_SECTION {
            out.push(
                Diagnostic::new(
                    crate::diagnostic::Severity::Info,
                    format!(
                        "{} more words are not in the dictionary",
                        total - SPELLING_PER_SECTION
                    ),
                )
                .in_section(section.id.clone()),
            );
        }
    }
}

/// The page budget of the memo variant, from its real layout.
pub fn memo_pages(briefing: &Briefing, pages: usize) -> Option<Diagnostic> {
    (pages > MEMO_PAGES).then(|| {
        Diagnostic::warning(format!(
            "the memo runs to {pages} pages; its budget is {MEMO_PAGES}: shorten the memo's \
             sections or take some out of the memo variant"
        ))
        .in_field(if briefing.sections.is_empty() {
            "meta"
        } else {
            "sections"
        })
    })
}

/// Whether any section is written for the memo (so the memo's length is worth checking).
pub fn has_memo(briefing: &Briefing) -> bool {
    briefing
        .sections
        .iter()
        .any(|s| Variant::Memo.named_in(&s.variants))
}

/// The text of inlines as read, without citations and note marks.
pub(crate) fn read_text(inlines: &[Inline]) -> String {
    fn walk(inlines: &[Inline], out: &mut String) {
        for inline in inlines {
            match inline {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Review { content: c, .. } => walk(c, out),
                Inline::Link { content, .. } => walk(content, out),
                Inline::Image { alt, .. } => out.push_str(alt),
                Inline::Cite { .. } | Inline::FootnoteRef(_) => {}
                Inline::SoftBreak | Inline::LineBreak => out.push(' '),
            }
        }
    }
    let mut out = String::new();
    walk(inlines, &mut out);
    out
}

fn cites(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Cite { .. } => true,
        Inline::Emph(c)
        | Inline::Strong(c)
        | Inline::Strike(c)
        | Inline::Review { content: c, .. } => cites(c),
        Inline::Link { content, .. } => cites(content),
        _ => false,
    })
}

fn units(blocks: &[Block]) -> Vec<Unit> {
    fn walk(blocks: &[Block], item: bool, out: &mut Vec<Unit>) {
        for block in blocks {
            let line = block.line;
            match &block.kind {
                BlockKind::Paragraph(c) => out.push(Unit {
                    line,
                    text: read_text(c),
                    cited: cites(c),
                    kind: if item {
                        UnitKind::Item
                    } else {
                        UnitKind::Paragraph
                    },
                }),
                BlockKind::Heading { content, .. } => out.push(Unit {
                    line,
                    text: read_text(content),
                    cited: cites(content),
                    kind: UnitKind::Heading,
                }),
                BlockKind::List { items, .. } => {
                    for i in items {
                        walk(&i.blocks, true, out);
                    }
                }
                BlockKind::Quote(inner) => walk(inner, item, out),
                BlockKind::Table { header, rows, .. } => {
                    for (n, row) in std::iter::once(header).chain(rows).enumerate() {
                        let cells: Vec<String> = row.iter().map(|c| read_text(c)).collect();
                        out.push(Unit {
                            // Rows follow the header line and its delimiter row.
                            line: line + u32::try_from(n).unwrap_or(0) + u32::from(n > 0),
                            text: cells.join(" | "),
                            cited: row.iter().any(|c| cites(c)),
                            kind: if n == 0 {
                                UnitKind::HeaderRow
                            } else {
                                UnitKind::Row
                            },
                        });
                    }
                }
                BlockKind::Code { .. }
                | BlockKind::Figure { .. }
                | BlockKind::Footnote { .. }
                | BlockKind::Rule
                | BlockKind::PageBreak
                | BlockKind::SourceList => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, false, &mut out);
    out
}

/// Whether `text` holds `word` as a whole word (ASCII letters around it do not count).
pub(crate) fn has_word(text: &str, word: &str) -> bool {
    find_word(text, word).is_some()
}

pub(crate) fn find_word(text: &str, word: &str) -> Option<usize> {
    let lower = text.to_lowercase();
    let word = word.to_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&word) {
        let start = from + at;
        let end = start + word.len();
        let before = lower[..start].chars().next_back();
        let after = lower[end..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return Some(start);
        }
        from = end;
    }
    None
}

const MARKERS: [&str; 5] = ["TODO", "TBD", "FIXME", "XXX", "TK"];

/// Unfilled placeholders: TODO markers, template example text left in, empty sections.
/// (Variables without a value are reported by compose.)
fn placeholders(sections: &[Checked<'_>], library: &Library, out: &mut Vec<Diagnostic>) {
    // Each block's template text, read once however many sections use the block.
    let mut templates: std::collections::HashMap<&str, Vec<String>> =
        std::collections::HashMap::new();
    for section in sections {
        let model_body = section.model.body.as_str();
        let has_content = section.doc.blocks.iter().any(|b| {
            !matches!(
                b.kind,
                BlockKind::Footnote { citation: true, .. } | BlockKind::Rule
            )
        });
        if !has_content {
            let hint = if model_body.trim().is_empty() {
                "write it or delete the section"
            } else {
                "only comments are left; write the text or delete the section"
            };
            out.push(
                Diagnostic::warning(format!("the section '{}' is empty; {hint}", section.title))
                    .in_section(section.id),
            );
            continue;
        }
        for marker in MARKERS {
            if section
                .title
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == marker)
            {
                out.push(
                    Diagnostic::warning(format!(
                        "the title says {marker}; finish the section before it goes out"
                    ))
                    .in_section(section.id),
                );
            }
        }
        let template = templates.entry(section.block).or_insert_with(|| {
            library
                .block(section.block)
                .map(|b| {
                    let (blocks, _) = crate::compose::parse_markdown(&b.body);
                    units(&blocks)
                        .into_iter()
                        .map(|u| normalise(&u.text))
                        .filter(|t| t.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
                        .collect()
                })
                .unwrap_or_default()
        });
        for unit in &section.units {
            // Case matters: "tk" and "xxx" are words too, the markers are written in capitals.
            if let Some(marker) = MARKERS.into_iter().find(|m| {
                unit.text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == *m)
            }) {
                out.push(
                    Diagnostic::warning(format!(
                        "{marker} marks unfinished text; finish it or move the reminder into the notes"
                    ))
                    .in_section(section.id)
                    .at_line(unit.line),
                );
            }
            let text = normalise(&unit.text);
            if unit.kind == UnitKind::HeaderRow {
                continue;
            }
            if template.contains(&text) {
                out.push(
                    Diagnostic::warning(
                        "this is the template's example text; replace it with your own",
                    )
                    .in_section(section.id)
                    .at_line(unit.line),
                );
            } else if text.ends_with('…') || text.ends_with("...") || text.is_empty() {
                out.push(
                    Diagnostic::warning(
                        "this line ends in an ellipsis placeholder; complete the sentence",
                    )
                    .in_section(section.id)
                    .at_line(unit.line),
                );
            }
        }
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A factual paragraph with no citation.
fn sourcing(sections: &[Checked<'_>], out: &mut Vec<Diagnostic>) {
    for section in sections {
        if section.kind != Some(templates::BlockKind::Factual) {
            continue;
        }
        for unit in &section.units {
            if unit.cited || !matches!(unit.kind, UnitKind::Paragraph | UnitKind::Item) {
                continue;
            }
            // A line of a few words is a lead-in ("The response was swift:"), not a claim.
            if unit.text.split_whitespace().count() < 8 {
                continue;
            }
            out.push(
                Diagnostic::warning(
                    "this factual paragraph cites no source; add a citation such as [@S1] \
                     for its claims",
                )
                .in_section(section.id)
                .at_line(unit.line),
            );
        }
    }
}

/// Headings that skip a level, markings above the banner, and what a screen reader needs
/// from the document (a language; compose reports pictures without alt text).
fn structure(briefing: &Briefing, sections: &[Checked<'_>], out: &mut Vec<Diagnostic>) {
    for section in &briefing.sections {
        if section.body.len() > SECTION_EDIT_BYTES {
            out.push(
                Diagnostic::info(format!(
                    "this section is {} KB of Markdown, and typing slows down in a section \
                     over {} KB; split it at its headings into several sections",
                    section.body.len() / 1000,
                    SECTION_EDIT_BYTES / 1000
                ))
                .in_section(section.id.clone()),
            );
        }
    }
    for section in sections {
        let mut previous = 1u8;
        walk_blocks(&section.doc.blocks, &mut |block| {
            let BlockKind::Heading { level, .. } = &block.kind else {
                return;
            };
            if *level > previous + 1 {
                out.push(
                    Diagnostic::warning(format!(
                        "this heading jumps from level {previous} to level {level}; \
                         use level {} so screen readers and the contents keep the outline",
                        previous + 1
                    ))
                    .in_section(section.id)
                    .at_line(block.line),
                );
            }
            previous = *level;
        });
    }
    let marking = &briefing.meta.marking;
    if marking.scheme != MarkingScheme::None
        && let Some(document) = marking.scheme.rank(&marking.level)
    {
        for section in &briefing.sections {
            let Some(level) = section.marking.as_deref().filter(|m| !m.trim().is_empty()) else {
                continue;
            };
            if marking.scheme.rank(level).is_some_and(|r| r > document) {
                out.push(
                    Diagnostic::error(format!(
                        "the section is marked {} but the document only {}; raise the \
                         document's marking or lower the section's",
                        level.trim().to_uppercase(),
                        marking.level.trim().to_uppercase()
                    ))
                    .in_section(section.id.clone()),
                );
            }
        }
    }
    if briefing.meta.language.trim().is_empty() {
        out.push(
            Diagnostic::warning(
                "the document has no language; set one (such as en) so screen readers \
                 pronounce it correctly",
            )
            .in_field("meta.language"),
        );
    }
}

fn walk_blocks(blocks: &[Block], f: &mut impl FnMut(&Block)) {
    for block in blocks {
        f(block);
        match &block.kind {
            BlockKind::List { items, .. } => {
                for item in items {
                    walk_blocks(&item.blocks, f);
                }
            }
            BlockKind::Quote(inner) => walk_blocks(inner, f),
            _ => {}
        }
    }
}
