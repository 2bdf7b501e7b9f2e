//! Briefing → document tree. The one place where the author's private material (notes,
//! template guidance, comments, hidden HTML) is dropped, so the one place to audit for leaks.
//!
//! Each section is converted on its own, its notes and tables numbered from 1, and kept in a
//! [`Cache`] by what it was made from; assembling the document moves each section's numbers
//! to where they fall, and [`cite`] formats every citation of the document together.

pub mod cite;
pub(crate) mod convert;
pub mod punctuation;
mod review;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::doc::{Block, BlockKind, DocMeta, DocSection, Document, Inline, SourceEntry};
use crate::model::{Briefing, CitationStyle, MarkingScheme, Source, Variant};

pub use convert::fill;

/// Choices that change what compose produces.
#[derive(Clone, Debug, Default)]
pub struct ComposeOptions {
    /// Export only the sections that belong to this variant (`None`: every section).
    pub variant: Option<Variant>,
    /// For the handout and public variants: the highest marking level kept (`None`: the
    /// scheme's lowest level). Sections marked above it are left out, and so are unmarked
    /// sections of a document marked above it.
    pub ceiling: Option<String>,
    /// Keep note marks where the author wrote them (the Markdown export, which Pandoc reads
    /// and places itself); `false` sets them as the pages do, after the punctuation and
    /// one mark to a point.
    pub marks_as_written: bool,
    /// The review copy: suggestions set as redline, comments highlighted and numbered with
    /// their threads listed at the end. Nothing else ever reads comments or suggestions.
    pub review: bool,
    /// Set without a cover or contents whatever the variant.
    pub compact: bool,
    /// Typographic punctuation in the language's rules, as the pages set it
    /// ([`punctuation::typeset`]), done section by section as each is converted, so a
    /// section kept from the last compose is not set again. The Markdown export keeps what
    /// was typed.
    pub typeset: bool,
}

impl ComposeOptions {
    /// Options for one variant, with the default ceiling.
    pub fn variant(variant: Variant) -> Self {
        Self {
            variant: Some(variant),
            ..Self::default()
        }
    }

    fn limits_markings(&self) -> bool {
        self.variant.is_some_and(Variant::limits_markings)
    }

    fn compact(&self) -> bool {
        self.compact || self.variant.is_some_and(Variant::compact)
    }
}

/// The sections a variant takes: those that name it (or name no variant), and for the
/// handout and public variants only those at or below the ceiling. The second value is the
/// ceiling's rank and name when markings were limited.
fn select<'b>(
    briefing: &'b Briefing,
    options: &ComposeOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<&'b crate::model::Section>, Option<(usize, String)>) {
    let by_variant = briefing
        .sections
        .iter()
        .filter(|s| options.variant.is_none_or(|v| v.takes(&s.variants)));
    let marking = &briefing.meta.marking;
    let scheme = marking.scheme;
    if !options.limits_markings() || scheme == MarkingScheme::None {
        return (by_variant.collect(), None);
    }
    let levels = scheme.levels();
    let ceiling = match options.ceiling.as_deref().map(|c| (c, scheme.rank(c))) {
        None => 0,
        Some((_, Some(rank))) => rank,
        Some((name, None)) => {
            diagnostics.push(Diagnostic::error(format!(
                "'{name}' is not a level of this marking scheme; choose one of {}",
                levels.iter().map(|l| l.0).collect::<Vec<_>>().join(", ")
            )));
            0
        }
    };
    let document_rank = scheme.rank(&marking.level).unwrap_or(0);
    let kept = by_variant
        .filter(|s| {
            let rank = match s.marking.as_deref().filter(|m| !m.trim().is_empty()) {
                Some(level) => scheme.rank(level),
                // An unmarked section carries the document's level.
                None => Some(document_rank),
            };
            // A level the scheme does not know could be anything: it stays out.
            rank.is_some_and(|r| r <= ceiling)
        })
        .collect();
    (kept, Some((ceiling, levels[ceiling].0.to_owned())))
}

/// The composed document and everything compose noticed on the way.
#[derive(Clone, Debug)]
pub struct Composed {
    /// The document tree.
    pub document: Document,
    /// Diagnostics, each naming its section and line where it has one.
    pub diagnostics: Vec<Diagnostic>,
}

/// Sections converted by earlier composes, by what they were made from: a keystroke in one
/// section of a long briefing converts that section alone, and the others are taken from
/// here with their note and table numbers moved to where they now fall.
#[derive(Default)]
pub struct Cache {
    sections: HashMap<u64, Arc<Converted>>,
    /// The last compose's finished sections (notes and tables numbered, citations in place),
    /// by their conversion and everything added to it: a keystroke elsewhere leaves them the
    /// very same sections.
    finished: HashMap<u64, Arc<DocSection>>,
    /// The citations as last formatted, by [`cite::fingerprint`]: hayagriva takes about
    /// 0.3 ms a citation, and typing that changes no citation needs none formatted again.
    citations: Option<(u64, cite::Formatted)>,
}

/// One section converted on its own: notes numbered from 1, tables from 1.
#[derive(Clone)]
struct Converted {
    title: String,
    blocks: Vec<Block>,
    citations: Vec<convert::Citation>,
    diagnostics: Vec<Diagnostic>,
    /// How many note numbers and table numbers it uses.
    notes: u32,
    tables: u32,
}

/// Composes a briefing into a document tree.
pub fn compose(briefing: &Briefing, options: &ComposeOptions) -> Composed {
    compose_cached(briefing, options, &mut Cache::default())
}

/// Composes a briefing, reusing the sections `cache` holds from an earlier compose (and
/// keeping only those this one used).
pub fn compose_cached(
    briefing: &Briefing,
    options: &ComposeOptions,
    cache: &mut Cache,
) -> Composed {
    let mut diagnostics = crate::model::validate(briefing);

    let (included, ceiling) = select(briefing, options, &mut diagnostics);
    let section_ids: HashSet<String> = included.iter().map(|s| s.id.clone()).collect();
    let meta = &briefing.meta;
    let mut context = convert::Context {
        variables: &briefing.variables,
        section_ids: Some(&section_ids),
        next_footnote: 1,
        next_table: 1,
        diagnostics: Vec::new(),
        citations: Vec::new(),
        section: String::new(),
    };

    let ledger: BTreeMap<&str, &Source> = briefing
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let style = meta.citation_style;
    let notes = style == CitationStyle::Notes;
    let gather = notes && !options.marks_as_written;
    let quotes = options
        .typeset
        .then(|| punctuation::rules_for(&meta.language))
        .flatten();
    let set = |content: &mut Vec<Inline>| {
        if let Some(quotes) = quotes {
            punctuation::inlines(content, &mut None, quotes);
        }
    };

    // What every section's conversion also depends on: the variables, the sections links
    // may point to, whether citations are notes and their marks gathered.
    let shared = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        briefing.variables.hash(&mut hasher);
        for section in &included {
            section.id.hash(&mut hasher);
        }
        (notes, gather, quotes).hash(&mut hasher);
        hasher.finish()
    };

    // Every section converted first (or taken from the cache): the citation style formats
    // the document's citations together (a later note is short because an earlier one was
    // full).
    let mut converted = Vec::with_capacity(included.len());
    let mut kept = HashMap::with_capacity(included.len());
    let (mut next_note, mut next_table) = (1, 1);
    let mut threads: Vec<review::Numbered<'_>> = Vec::new();
    let mut title_notes: HashMap<&str, Vec<Inline>> = HashMap::new();
    for &section in &included {
        // The review copy converts the body with its review marks in place; what the marks
        // depend on goes into the key, so an unchanged section is not marked again.
        let numbered = (options.review && section.has_review())
            .then(|| review::number(section, threads.len() as u32 + 1));
        let key = {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (shared, &section.id, &section.title, &section.body).hash(&mut hasher);
            if let Some(numbered) = &numbered {
                review::hash_marks(section, numbered, &mut hasher);
            }
            hasher.finish()
        };
        let one = match cache
            .sections
            .remove(&key)
            .or_else(|| kept.get(&key).cloned())
        {
            Some(one) => one,
            None => {
                let mut one = match &numbered {
                    Some(numbered) => {
                        let marked = crate::model::Section {
                            body: review::marked_body(section, numbered),
                            comments: Vec::new(),
                            suggestions: Vec::new(),
                            ..section.clone()
                        };
                        let mut one = convert_section(&marked, &mut context, notes, gather);
                        review::apply_marks(&mut one.blocks);
                        one
                    }
                    None => convert_section(section, &mut context, notes, gather),
                };
                // Kept in the cache as set, so a section kept is not set again.
                if let Some(quotes) = quotes {
                    punctuation::blocks(&mut one.blocks, quotes);
                }
                Arc::new(one)
            }
        };
        if let Some(mut numbered) = numbered {
            title_notes.insert(&section.id, review::title_notes(&numbered));
            // The threads name the section by its title as set (variables filled).
            for n in &mut numbered {
                n.section.clone_from(&one.title);
            }
            threads.extend(numbered);
        }
        kept.insert(key, Arc::clone(&one));
        let shift = (next_note - 1, next_table - 1);
        next_note += one.notes;
        next_table += one.tables;
        let first_citation = context.citations.len();
        context
            .citations
            .extend(one.citations.iter().cloned().map(|mut citation| {
                citation.note += shift.0;
                citation
            }));
        context.diagnostics.extend(one.diagnostics.iter().cloned());
        converted.push((section, key, one, shift, first_citation));
    }
    cache.sections = kept;

    // Unknown ids are errors; what the ledger has goes to hayagriva.
    let mut seen = HashSet::new();
    let mut missing_ids: Vec<Vec<String>> = Vec::with_capacity(context.citations.len());
    let requests: Vec<cite::Request<'_>> = context
        .citations
        .iter()
        .map(|citation| {
            let (sources, missing) = cite::resolve(&citation.ids, &ledger);
            for id in &missing {
                context.diagnostics.push(
                    Diagnostic::error(format!(
                        "[@{id}] cites no entry of the source ledger; add source '{id}' or correct the id"
                    ))
                    .in_section(citation.section.clone())
                    .at_line(citation.line),
                );
            }
            seen.extend(sources.iter().map(|s| s.id.clone()));
            missing_ids.push(missing);
            cite::Request {
                sources,
                note: citation.note,
            }
        })
        .collect();
    let fingerprint = cite::fingerprint(style, &requests);
    let formatted = match cache.citations.take() {
        Some((key, formatted)) if key == fingerprint => formatted,
        _ => cite::format(style, &requests),
    };
    cache.citations = Some((fingerprint, formatted.clone()));
    let reference = |index: usize| -> Vec<Inline> {
        let mut out = formatted.citations[index].clone();
        for id in &missing_ids[index] {
            if !out.is_empty() {
                out.push(Inline::Text(if notes { " " } else { "; " }.into()));
            }
            out.push(Inline::Text(format!("{id} (not in the source ledger)")));
            if notes {
                out.push(Inline::Text(".".into()));
            }
        }
        out
    };

    let mut sections = Vec::with_capacity(converted.len());
    let mut ends: Vec<usize> = converted.iter().skip(1).map(|c| c.4).collect();
    ends.push(context.citations.len());
    let mut last_finished = std::mem::take(&mut cache.finished);
    let mut finished = HashMap::with_capacity(converted.len());
    for ((section, key, one, (note_shift, table_shift), first_citation), last_citation) in
        converted.into_iter().zip(ends)
    {
        let portion_mark = section
            .marking
            .as_deref()
            .filter(|m| !m.trim().is_empty() && meta.marking.scheme != MarkingScheme::None)
            .map(|m| meta.marking.scheme.portion_mark(m));
        let title_extra = title_notes.remove(section.id.as_str());
        // Everything the finished section is made of: its conversion, where its numbers
        // start, its citations' texts, its title's review notes and its portion mark.
        let finished_key = {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            (key, note_shift, table_shift, &portion_mark, &title_extra).hash(&mut hasher);
            (section.block_id() == "sources").hash(&mut hasher);
            let range = first_citation..last_citation;
            for ((citation, text), missing) in context.citations[range.clone()]
                .iter()
                .zip(&formatted.citations[range.clone()])
                .zip(&missing_ids[range])
            {
                (citation.note, citation.joins_footnote, citation.line).hash(&mut hasher);
                (text, missing).hash(&mut hasher);
            }
            hasher.finish()
        };
        let done = match last_finished
            .remove(&finished_key)
            .or_else(|| finished.get(&finished_key).cloned())
        {
            Some(done) => done,
            None => {
                let mut blocks = one.blocks.clone();
                shift_numbers(&mut blocks, note_shift, table_shift);
                if notes {
                    for (i, citation) in context.citations[first_citation..last_citation]
                        .iter()
                        .enumerate()
                    {
                        let mut body = reference(first_citation + i);
                        set(&mut body);
                        if citation.joins_footnote {
                            join_footnote(&mut blocks, citation.note, body, citation.line);
                            continue;
                        }
                        blocks.push(Block {
                            line: citation.line,
                            kind: BlockKind::Footnote {
                                number: citation.note,
                                blocks: vec![Block {
                                    line: citation.line,
                                    kind: BlockKind::Paragraph(body),
                                }],
                                citation: true,
                            },
                        });
                    }
                } else {
                    let texts: BTreeMap<u32, Vec<Inline>> = (first_citation..last_citation)
                        .map(|i| {
                            let mut text = reference(i);
                            set(&mut text);
                            (context.citations[i].note, text)
                        })
                        .collect();
                    crate::doc::visit_runs_mut(&mut blocks, &mut |run| in_text(run, &texts));
                }
                // Footnote bodies go last in the section, in number order, whatever order the
                // author defined them in.
                blocks.sort_by_key(|b| match b.kind {
                    BlockKind::Footnote { number, .. } => (1, number),
                    _ => (0, 0),
                });
                if section.block_id() == "sources" {
                    blocks.push(Block {
                        line: 0,
                        kind: BlockKind::SourceList,
                    });
                }
                let mut title = vec![Inline::Text(one.title.clone())];
                title.extend(title_extra.into_iter().flatten());
                set(&mut title);
                Arc::new(DocSection {
                    id: section.id.clone(),
                    title,
                    portion_mark,
                    blocks,
                })
            }
        };
        finished.insert(finished_key, Arc::clone(&done));
        sections.push(done);
    }
    cache.finished = finished;
    // Sections set from here on (the sources list, the review threads) are set whole below.
    let assembled = sections.len();
    let cited: Vec<SourceEntry> = formatted
        .entries
        .into_iter()
        .map(|(id, content)| SourceEntry {
            csl: ledger
                .get(id.as_str())
                .map(|source| crate::io::bibliography::to_csl(source).to_string())
                .unwrap_or_default(),
            id,
            content,
        })
        .collect();

    // Unknown ids were errors above; an entry never cited is a warning.
    let mut diagnostics_out = diagnostics;
    diagnostics_out.append(&mut context.diagnostics);
    for source in &briefing.sources {
        if !source.id.is_empty() && !seen.contains(&source.id) && options.variant.is_none() {
            diagnostics_out.push(
                Diagnostic::warning(format!(
                    "source '{}' is never cited; cite it as [@{}] or remove it from the ledger",
                    source.id, source.id
                ))
                .in_field("sources"),
            );
        }
    }
    if !cited.is_empty() && !sections.iter().any(|s| has_source_list(s)) {
        sections.push(Arc::new(DocSection {
            id: unused_id(&section_ids, "sources"),
            title: vec![Inline::Text("Sources".into())],
            portion_mark: None,
            blocks: vec![Block {
                line: 0,
                kind: BlockKind::SourceList,
            }],
        }));
    }

    if !threads.is_empty() {
        sections.push(Arc::new(review::threads_section(
            unused_id(&section_ids, "review-comments"),
            &threads,
        )));
    }

    // A variant limited to a ceiling is marked with the highest level it keeps (never above
    // the document's own); its caveats belonged to what was left out.
    let (banner, marking_level) = match ceiling {
        Some((rank, _)) => {
            let scheme = meta.marking.scheme;
            let kept = included
                .iter()
                .map(
                    |s| match s.marking.as_deref().filter(|m| !m.trim().is_empty()) {
                        Some(level) => scheme.rank(level).unwrap_or(rank),
                        None => scheme.rank(&meta.marking.level).unwrap_or(rank),
                    },
                )
                .max()
                .unwrap_or(0)
                .min(rank);
            let level = scheme.levels()[kept].0.to_owned();
            (level.clone(), level)
        }
        None => (meta.marking.banner_text(), meta.marking.level.clone()),
    };
    context.section.clear();
    let mut plain = |text: &str| fill_plain(text, &mut context, 0);
    let distribution = match options.variant {
        Some(Variant::Public) => {
            diagnostics_out.extend(public_warnings(meta));
            meta.public_distribution.as_str()
        }
        _ => meta.distribution.as_str(),
    };
    let mut document = Document {
        meta: DocMeta {
            title: plain(&meta.title),
            subtitle: plain(&meta.subtitle),
            date: meta.date.clone(),
            as_of: meta.as_of.clone(),
            authors: meta.authors.iter().map(|a| plain(a)).collect(),
            organization: plain(&meta.organization),
            audience: plain(&meta.audience),
            version: meta.version.clone(),
            status: meta.status,
            language: meta.language.clone(),
            banner,
            marking_scheme: meta.marking.scheme,
            marking_level,
            page_size: meta.page.size,
            margins: meta.page.margins_mm,
            numbered_headings: meta.numbered_headings,
            contents_depth: meta
                .contents_depth
                .0
                .clamp(1, crate::model::ContentsDepth::MAX),
            distribution: plain(distribution),
            compact: options.compact(),
        },
        sections,
        sources: cited,
    };
    diagnostics_out.append(&mut context.diagnostics);
    if let Some(quotes) = quotes {
        for section in &mut document.sections[assembled..] {
            let section = Arc::make_mut(section);
            punctuation::inlines(&mut section.title, &mut None, quotes);
            punctuation::blocks(&mut section.blocks, quotes);
        }
        punctuation::typeset_meta(&mut document, quotes);
    }
    Composed {
        document,
        diagnostics: diagnostics_out,
    }
}

/// Parses a whole Markdown file (an exported briefing, an article) into blocks, heading levels
/// as written and front matter skipped, with the same safety rules as section bodies.
pub fn parse_markdown(markdown: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let variables = BTreeMap::new();
    let mut context = convert::Context {
        variables: &variables,
        section_ids: None,
        next_footnote: 1,
        next_table: 1,
        diagnostics: Vec::new(),
        citations: Vec::new(),
        section: String::new(),
    };
    let mut blocks = convert::convert(markdown, convert::Headings::AsWritten, &mut context);
    renumber_notes(&mut blocks, 1, &mut context.citations, true);
    (blocks, context.diagnostics)
}

/// Converts one section on its own, its notes numbered from 1 in reading order.
fn convert_section(
    section: &crate::model::Section,
    context: &mut convert::Context<'_>,
    notes: bool,
    gather: bool,
) -> Converted {
    context.section = section.id.clone();
    context.next_footnote = 1;
    context.next_table = 1;
    let mut citations = std::mem::take(&mut context.citations);
    let mut diagnostics = std::mem::take(&mut context.diagnostics);
    let title = fill_plain(&section.title, context, 0);
    let mut blocks = convert::convert(&section.body, convert::Headings::BelowSection, context);
    std::mem::swap(&mut citations, &mut context.citations);
    std::mem::swap(&mut diagnostics, &mut context.diagnostics);
    if gather {
        let mut merges = Vec::new();
        crate::doc::visit_runs_mut(&mut blocks, &mut |run| cite::gather_marks(run, &mut merges));
        apply_merges(&mut citations, &merges);
    }
    let next = renumber_notes(&mut blocks, 1, &mut citations, notes);
    let order = cite_order(&mut blocks);
    citations.sort_by_key(|c| order.get(&c.note).copied().unwrap_or(usize::MAX));
    Converted {
        title,
        blocks,
        citations,
        diagnostics,
        notes: next - 1,
        tables: context.next_table - 1,
    }
}

/// Moves a section's note numbers up by `notes` and its table numbers by `tables`: where
/// they fall in the whole document.
fn shift_numbers(blocks: &mut [Block], notes: u32, tables: u32) {
    if notes > 0 {
        crate::doc::visit_inlines_mut(blocks, &mut |inline| match inline {
            Inline::Cite { note, .. } => *note += notes,
            Inline::FootnoteRef(n) => *n += notes,
            _ => {}
        });
        for block in blocks.iter_mut() {
            if let BlockKind::Footnote { number, .. } = &mut block.kind {
                *number += notes;
            }
        }
    }
    if tables > 0 {
        shift_tables(blocks, tables);
    }
}

fn shift_tables(blocks: &mut [Block], by: u32) {
    for block in blocks {
        match &mut block.kind {
            BlockKind::Table {
                caption: Some(caption),
                ..
            } => caption.number += by,
            BlockKind::List { items, .. } => {
                for item in items {
                    shift_tables(&mut item.blocks, by);
                }
            }
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                shift_tables(inner, by)
            }
            _ => {}
        }
    }
}

/// Numbers a section's notes in reading order from `first`, and gives the next number.
/// Conversion numbers citations and footnote references as it meets them, which is not
/// reading order where text is gathered before it is split (a citation before a footnote
/// reference in one paragraph). `cites`: whether citations are notes (the notes style).
fn renumber_notes(
    blocks: &mut [Block],
    first: u32,
    citations: &mut [convert::Citation],
    cites: bool,
) -> u32 {
    let mut order: BTreeMap<u32, u32> = BTreeMap::new();
    let mut next = first;
    let mark = |inline: &mut Inline| -> Option<u32> {
        match inline {
            Inline::Cite { note, .. } if cites => Some(*note),
            Inline::FootnoteRef(n) => Some(*n),
            _ => None,
        }
    };
    // Footnote bodies can hold references too, so bodies are walked after the text.
    let (text, notes): (Vec<_>, Vec<_>) =
        (0..blocks.len()).partition(|&i| !matches!(blocks[i].kind, BlockKind::Footnote { .. }));
    for i in text.into_iter().chain(notes) {
        crate::doc::visit_inlines_mut(std::slice::from_mut(&mut blocks[i]), &mut |inline| {
            if let Some(n) = mark(inline) {
                order.entry(n).or_insert_with(|| {
                    next += 1;
                    next - 1
                });
            }
        });
    }
    let renumber = |n: &mut u32| {
        if let Some(new) = order.get(n) {
            *n = *new;
        }
    };
    crate::doc::visit_inlines_mut(blocks, &mut |inline| match inline {
        Inline::Cite { note, .. } if cites => renumber(note),
        Inline::FootnoteRef(n) => renumber(n),
        _ => {}
    });
    for block in blocks.iter_mut() {
        if let BlockKind::Footnote { number, .. } = &mut block.kind {
            renumber(number);
        }
    }
    if cites {
        for citation in citations {
            renumber(&mut citation.note);
        }
    }
    next
}

/// Each citation's place in reading order (text first, then footnote bodies), by its note.
fn cite_order(blocks: &mut [Block]) -> BTreeMap<u32, usize> {
    let mut order = BTreeMap::new();
    let (text, notes): (Vec<_>, Vec<_>) =
        (0..blocks.len()).partition(|&i| !matches!(blocks[i].kind, BlockKind::Footnote { .. }));
    for i in text.into_iter().chain(notes) {
        crate::doc::visit_inlines_mut(std::slice::from_mut(&mut blocks[i]), &mut |inline| {
            if let Inline::Cite { note, .. } = inline {
                let next = order.len();
                order.entry(*note).or_insert(next);
            }
        });
    }
    order
}

/// Applies what [`cite::gather_marks`] merged to a section's citations. Linear in the
/// citations and merges: each citation is found by its note, and those merged away are
/// dropped in one pass at the end.
fn apply_merges(citations: &mut Vec<convert::Citation>, merges: &[cite::Merge]) {
    if merges.is_empty() {
        return;
    }
    let at: HashMap<u32, usize> = citations
        .iter()
        .enumerate()
        .map(|(i, c)| (c.note, i))
        .collect();
    let mut gone = vec![false; citations.len()];
    for merge in merges {
        match *merge {
            cite::Merge::Cite { from, into } => {
                let (Some(&from), Some(&into)) = (at.get(&from), at.get(&into)) else {
                    continue;
                };
                gone[from] = true;
                for id in std::mem::take(&mut citations[from].ids) {
                    if !citations[into].ids.contains(&id) {
                        citations[into].ids.push(id);
                    }
                }
            }
            cite::Merge::Footnote { cite, footnote } => {
                if let Some(&i) = at.get(&cite) {
                    citations[i].note = footnote;
                    citations[i].joins_footnote = true;
                }
            }
        }
    }
    let mut index = 0;
    citations.retain(|_| {
        index += 1;
        !gone[index - 1]
    });
}

/// Gives a citation at the head of the author's footnote it stood beside.
fn join_footnote(blocks: &mut [Block], number: u32, mut reference: Vec<Inline>, line: u32) {
    let Some(inner) = blocks.iter_mut().find_map(|b| match &mut b.kind {
        BlockKind::Footnote {
            number: n, blocks, ..
        } if *n == number => Some(blocks),
        _ => None,
    }) else {
        return;
    };
    match inner.first_mut().map(|b| &mut b.kind) {
        Some(BlockKind::Paragraph(content)) => {
            reference.push(Inline::Text(" ".into()));
            reference.append(content);
            *content = reference;
        }
        _ => inner.insert(
            0,
            Block {
                line,
                kind: BlockKind::Paragraph(reference),
            },
        ),
    }
}

/// Sets each citation of a run as its in-text reference, spaced from the word before it.
fn in_text(run: &mut [Inline], texts: &BTreeMap<u32, Vec<Inline>>) {
    for i in 0..run.len() {
        let spaced = match i.checked_sub(1).map(|p| &run[p]) {
            Some(Inline::Text(before)) => {
                !before.is_empty() && !before.ends_with(|c: char| c.is_whitespace() || c == '(')
            }
            Some(_) => true,
            None => false,
        };
        if let Inline::Cite { note, text, .. } = &mut run[i] {
            let mut set = Vec::new();
            if spaced {
                set.push(Inline::Text(" ".into()));
            }
            set.extend(texts.get(note).cloned().unwrap_or_default());
            *text = set;
        }
    }
}

fn has_source_list(section: &DocSection) -> bool {
    section
        .blocks
        .iter()
        .any(|b| matches!(b.kind, BlockKind::SourceList))
}

fn unused_id(ids: &HashSet<String>, base: &str) -> String {
    if !ids.contains(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !ids.contains(id))
        .unwrap_or_else(|| base.to_owned())
}

/// Fills variables in a one-line plain text (a title), reporting unknown names.
fn fill_plain(text: &str, context: &mut convert::Context<'_>, line: u32) -> String {
    let section = context.section.clone();
    let mut unknown = Vec::new();
    let filled = fill(text, context.variables, |name| {
        unknown.push(name.to_owned())
    });
    for name in unknown {
        let mut d = Diagnostic::warning(format!(
            "the variable {{{{{name}}}}} has no value; set it under Variables in the settings"
        ));
        if !section.is_empty() {
            d = d.in_section(section.clone());
        }
        if line > 0 {
            d = d.at_line(line);
        }
        context.diagnostics.push(d);
    }
    filled
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
}

/// What a public version would hand out that is not meant for the public: a draft status
/// (and watermark), or no public distribution line where the internal one is left out.
fn public_warnings(meta: &crate::model::Meta) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if meta.status == crate::model::Status::Draft {
        found.push(
            Diagnostic::warning(
                "the public version is marked Draft, with the watermark; set the status to Final before handing it out",
            )
            .in_field("meta.status"),
        );
    }
    if meta.public_distribution.trim().is_empty() && !meta.distribution.trim().is_empty() {
        found.push(
            Diagnostic::warning(format!(
                "the public version leaves out the distribution statement '{}', which is for the internal versions; set a public distribution line",
                meta.distribution.trim()
            ))
            .in_field("meta.public_distribution"),
        );
    }
    found
}
