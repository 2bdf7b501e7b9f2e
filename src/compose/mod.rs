//! Briefing → document tree. The one place where the author's private material (notes,
//! template guidance, comments, hidden HTML) is dropped, so the one place to audit for leaks.

pub(crate) mod convert;

use std::collections::{BTreeMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::doc::{Block, BlockKind, DocMeta, DocSection, Document, Inline};
use crate::model::{Briefing, MarkingScheme};

pub use convert::fill;

/// The variants a briefing can be exported as.
pub const VARIANTS: &[&str] = &["full", "memo", "handout", "public"];

/// Choices that change what compose produces.
#[derive(Clone, Debug, Default)]
pub struct ComposeOptions {
    /// Export only the sections that belong to this variant (`None`: every section).
    pub variant: Option<String>,
}

/// The composed document and everything compose noticed on the way.
#[derive(Clone, Debug)]
pub struct Composed {
    /// The document tree.
    pub document: Document,
    /// Diagnostics, each naming its section and line where it has one.
    pub diagnostics: Vec<Diagnostic>,
}

/// Composes a briefing into a document tree.
pub fn compose(briefing: &Briefing, options: &ComposeOptions) -> Composed {
    let mut diagnostics = crate::model::validate(briefing);
    if let Some(variant) = &options.variant
        && !VARIANTS.contains(&variant.as_str())
    {
        diagnostics.push(Diagnostic::error(format!(
            "there is no variant '{variant}'; choose one of {}",
            VARIANTS.join(", ")
        )));
    }

    let included: Vec<_> = briefing
        .sections
        .iter()
        .filter(|s| match &options.variant {
            Some(v) => s.variants.is_empty() || s.variants.iter().any(|x| x == v),
            None => true,
        })
        .collect();
    let section_ids: HashSet<String> = included.iter().map(|s| s.id.clone()).collect();
    let meta = &briefing.meta;
    let mut context = convert::Context {
        variables: &briefing.variables,
        section_ids: Some(&section_ids),
        next_footnote: 1,
        diagnostics: Vec::new(),
        citations: Vec::new(),
        section: String::new(),
    };

    let mut sections = Vec::with_capacity(included.len());
    for section in &included {
        context.section = section.id.clone();
        let title = fill_plain(&section.title, &mut context, 0);
        let mut blocks =
            convert::convert(&section.body, convert::Headings::BelowSection, &mut context);
        // Footnote bodies go last in the section, in number order, whatever order the author
        // defined them in.
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
        let portion_mark = section
            .marking
            .as_deref()
            .filter(|m| !m.trim().is_empty() && meta.marking.scheme != MarkingScheme::None)
            .map(|m| meta.marking.scheme.portion_mark(m));
        sections.push(DocSection {
            id: section.id.clone(),
            title: vec![Inline::Text(title)],
            portion_mark,
            blocks,
        });
    }

    // The ledger in order of first citation; unknown ids are errors, uncited entries warnings.
    let ledger: BTreeMap<&str, _> = briefing
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut cited = Vec::new();
    let mut seen = HashSet::new();
    let citations = std::mem::take(&mut context.citations);
    for (id, section, line) in &citations {
        match ledger.get(id.as_str()) {
            Some(source) => {
                if seen.insert(id.clone()) {
                    cited.push((*source).clone());
                }
            }
            None => context.diagnostics.push(
                Diagnostic::error(format!(
                    "[@{id}] cites no entry of the source ledger; add source '{id}' or correct the id"
                ))
                .in_section(section.clone())
                .at_line(*line),
            ),
        }
    }
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
    if !cited.is_empty() && !sections.iter().any(has_source_list) {
        sections.push(DocSection {
            id: unused_id(&section_ids, "sources"),
            title: vec![Inline::Text("Sources".into())],
            portion_mark: None,
            blocks: vec![Block {
                line: 0,
                kind: BlockKind::SourceList,
            }],
        });
    }

    context.section.clear();
    let mut plain = |text: &str| fill_plain(text, &mut context, 0);
    let document = Document {
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
            banner: meta.marking.banner_text(),
            marking_scheme: meta.marking.scheme,
            marking_level: meta.marking.level.clone(),
            page_size: meta.page.size,
            margins: meta.page.margins_mm,
            numbered_headings: meta.numbered_headings,
            distribution: plain(&meta.distribution),
        },
        sections,
        sources: cited,
    };
    diagnostics_out.append(&mut context.diagnostics);
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
        diagnostics: Vec::new(),
        citations: Vec::new(),
        section: String::new(),
    };
    let blocks = convert::convert(markdown, convert::Headings::AsWritten, &mut context);
    (blocks, context.diagnostics)
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
