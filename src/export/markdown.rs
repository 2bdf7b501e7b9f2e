//! Document → Markdown through comrak's CommonMark formatter, with the meta as front matter.
//! Everything here reads the composed document, so nothing private can reach the file.

use std::cell::RefCell;

use comrak::nodes::{
    Ast, AstNode, LineColumn, ListDelimType, ListType, NodeCode, NodeCodeBlock,
    NodeFootnoteDefinition, NodeFootnoteReference, NodeHeading, NodeLink, NodeList, NodeTable,
    NodeTaskItem, NodeValue, Sourcepos, TableAlignment,
};
use comrak::{Arena, format_commonmark};

use crate::doc::{
    Align, Block, BlockKind, DocSection, Document, Inline, LinkTarget, ListItem, ReviewMark,
    SourceEntry,
};
use crate::model::Status;

/// The whole document as Markdown: YAML front matter, one level-1 heading per section.
pub fn to_markdown(document: &Document) -> String {
    let mut out = front_matter(document);
    let arena = Arena::new();
    let root = node(&arena, NodeValue::Document);
    for section in &document.sections {
        append_section(&arena, root, section, document);
    }
    let mut body = String::new();
    let mut options = crate::compose::convert::options();
    options.render.width = 0;
    if format_commonmark(root, &options, &mut body).is_err() {
        // Writing into a String cannot fail; keep what was written if it somehow does.
    }
    out.push_str(&body);
    out
}

/// The source list block as the ordinary list it is written as.
pub fn source_list(sources: &[SourceEntry]) -> BlockKind {
    BlockKind::List {
        start: None,
        tight: true,
        items: sources
            .iter()
            .map(|source| ListItem {
                task: None,
                blocks: vec![Block {
                    line: 0,
                    kind: BlockKind::Paragraph(
                        [
                            Inline::Strong(vec![Inline::Text(source.id.clone())]),
                            Inline::Text(" — ".into()),
                        ]
                        .into_iter()
                        .chain(source.content.iter().cloned())
                        .collect(),
                    ),
                }],
            })
            .collect(),
    }
}

fn front_matter(document: &Document) -> String {
    let meta = &document.meta;
    let mut out = String::from("---\n");
    let mut field = |key: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!("{key}: {}\n", quote(value)));
        }
    };
    field("title", &meta.title);
    field("subtitle", &meta.subtitle);
    field("date", &meta.date);
    field("as_of", &meta.as_of);
    field("organization", &meta.organization);
    field("audience", &meta.audience);
    field("version", &meta.version);
    field(
        "status",
        match meta.status {
            Status::Draft => "draft",
            Status::Final => "final",
        },
    );
    field("lang", &meta.language);
    field("marking", &meta.banner);
    field("distribution", &meta.distribution);
    if !meta.authors.is_empty() {
        out.push_str("author:\n");
        for author in &meta.authors {
            out.push_str(&format!("  - {}\n", quote(author)));
        }
    }
    // The cited ledger entries as CSL items, so `pandoc --citeproc` resolves every `[@S1]`.
    // Each is one line of JSON, which is YAML too. The document's own sources list stands
    // where the author put it, so Pandoc is asked not to add a second one.
    let items: Vec<&str> = document
        .sources
        .iter()
        .map(|s| s.csl.as_str())
        .filter(|csl| !csl.is_empty())
        .collect();
    if !items.is_empty() {
        out.push_str("references:\n");
        for item in items {
            out.push_str(&format!("  - {item}\n"));
        }
        let listed = document
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .any(|b| matches!(b.kind, BlockKind::SourceList));
        if listed {
            out.push_str("suppress-bibliography: true\n");
        }
    }
    out.push_str("---\n\n");
    out
}

/// A YAML double-quoted scalar (JSON string syntax is valid YAML).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

type Node<'a> = &'a AstNode<'a>;

fn node<'a>(arena: &'a Arena<'a>, value: NodeValue) -> Node<'a> {
    arena.alloc(AstNode::new(RefCell::new(Ast::new(
        value,
        LineColumn::default(),
    ))))
}

fn append_section<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    section: &DocSection,
    document: &Document,
) {
    let heading = node(
        arena,
        NodeValue::Heading(NodeHeading {
            level: 1,
            setext: false,
            closed: false,
        }),
    );
    let mut title = Vec::new();
    if let Some(mark) = &section.portion_mark {
        title.push(Inline::Text(format!("{mark} ")));
    }
    title.extend(section.title.iter().cloned());
    append_inlines(arena, heading, &title);
    root.append(heading);
    append_blocks(arena, root, &section.blocks, document);
}

fn append_blocks<'a>(arena: &'a Arena<'a>, parent: Node<'a>, blocks: &[Block], doc: &Document) {
    for block in blocks {
        append_block(arena, parent, &block.kind, doc);
    }
}

fn append_block<'a>(arena: &'a Arena<'a>, parent: Node<'a>, kind: &BlockKind, doc: &Document) {
    match kind {
        BlockKind::Heading { level, content } => {
            let n = node(
                arena,
                NodeValue::Heading(NodeHeading {
                    level: *level,
                    setext: false,
                    closed: false,
                }),
            );
            append_inlines(arena, n, content);
            parent.append(n);
        }
        BlockKind::Paragraph(content) => {
            let n = node(arena, NodeValue::Paragraph);
            append_inlines(arena, n, content);
            parent.append(n);
        }
        BlockKind::List {
            start,
            tight,
            items,
        } => {
            let list = NodeList {
                list_type: if start.is_some() {
                    ListType::Ordered
                } else {
                    ListType::Bullet
                },
                marker_offset: 0,
                padding: 2,
                start: start.unwrap_or(1) as usize,
                delimiter: ListDelimType::Period,
                bullet_char: b'-',
                tight: *tight,
                is_task_list: items.iter().any(|i| i.task.is_some()),
            };
            let n = node(arena, NodeValue::List(list));
            for item in items {
                let value = match item.task {
                    Some(done) => NodeValue::TaskItem(NodeTaskItem {
                        symbol: done.then_some('x'),
                        symbol_sourcepos: Sourcepos::from((0, 0, 0, 0)),
                    }),
                    None => NodeValue::Item(list),
                };
                let i = node(arena, value);
                append_blocks(arena, i, &item.blocks, doc);
                n.append(i);
            }
            parent.append(n);
        }
        BlockKind::Quote(inner) => {
            let n = node(arena, NodeValue::BlockQuote);
            append_blocks(arena, n, inner, doc);
            parent.append(n);
        }
        BlockKind::Code { info, text } => {
            let n = node(
                arena,
                NodeValue::CodeBlock(Box::new(NodeCodeBlock {
                    fenced: true,
                    fence_char: b'`',
                    fence_length: 3,
                    fence_offset: 0,
                    info: info.clone(),
                    literal: text.clone(),
                    closed: true,
                })),
            );
            parent.append(n);
        }
        BlockKind::Table {
            align,
            header,
            rows,
            caption,
        } => {
            let columns = align.len();
            let table = NodeTable {
                alignments: align
                    .iter()
                    .map(|a| match a {
                        Align::None => TableAlignment::None,
                        Align::Left => TableAlignment::Left,
                        Align::Center => TableAlignment::Center,
                        Align::Right => TableAlignment::Right,
                    })
                    .collect(),
                num_columns: columns,
                num_rows: rows.len() + 1,
                num_nonempty_cells: 0,
            };
            let n = node(arena, NodeValue::Table(Box::new(table)));
            for (is_header, cells) in
                std::iter::once((true, header)).chain(rows.iter().map(|r| (false, r)))
            {
                let row = node(arena, NodeValue::TableRow(is_header));
                for column in 0..columns {
                    let cell = node(arena, NodeValue::TableCell);
                    if let Some(content) = cells.get(column) {
                        append_inlines(arena, cell, content);
                    }
                    row.append(cell);
                }
                n.append(row);
            }
            parent.append(n);
            // Pandoc's caption line, after the table (the number is the reader's to give).
            if let Some(caption) = caption {
                let p = node(arena, NodeValue::Paragraph);
                let mut text = vec![Inline::Text("Table: ".into())];
                text.extend(caption.text.iter().cloned());
                append_inlines(arena, p, &text);
                parent.append(p);
            }
        }
        BlockKind::Figure { src, alt, title } => {
            let p = node(arena, NodeValue::Paragraph);
            append_inlines(
                arena,
                p,
                &[Inline::Image {
                    src: src.clone(),
                    alt: alt.clone(),
                }],
            );
            if let Some(image) = p.first_child()
                && let NodeValue::Image(link) = &mut image.data_mut().value
            {
                link.title = title.clone();
            }
            parent.append(p);
        }
        // A citation's note is written as the citation itself.
        BlockKind::Footnote { citation: true, .. } => {}
        BlockKind::Footnote { number, blocks, .. } => {
            let n = node(
                arena,
                NodeValue::FootnoteDefinition(NodeFootnoteDefinition {
                    name: number.to_string(),
                    total_references: 1,
                }),
            );
            append_blocks(arena, n, blocks, doc);
            parent.append(n);
        }
        BlockKind::Rule => parent.append(node(arena, NodeValue::ThematicBreak)),
        BlockKind::PageBreak => {
            let p = node(arena, NodeValue::Paragraph);
            p.append(node(arena, NodeValue::Raw("\\newpage".into())));
            parent.append(p);
        }
        BlockKind::SourceList => {
            if !doc.sources.is_empty() {
                append_block(arena, parent, &source_list(&doc.sources), doc);
            }
        }
    }
}

fn append_inlines<'a>(arena: &'a Arena<'a>, parent: Node<'a>, inlines: &[Inline]) {
    for (index, inline) in inlines.iter().enumerate() {
        let n = match inline {
            Inline::Text(text) => node(arena, NodeValue::Text(text.clone().into())),
            Inline::Emph(c) => with_children(arena, NodeValue::Emph, c),
            Inline::Strong(c) => with_children(arena, NodeValue::Strong, c),
            Inline::Strike(c) => with_children(arena, NodeValue::Strikethrough, c),
            // Nothing to show, and comrak's writer cannot write an empty code span.
            Inline::Code(text) if text.is_empty() => continue,
            Inline::Code(text) => node(
                arena,
                NodeValue::Code(NodeCode {
                    num_backticks: backticks_for(text),
                    literal: text.clone(),
                }),
            ),
            Inline::Link { target, content } => {
                let url = match target {
                    LinkTarget::External(url) => url.clone(),
                    LinkTarget::Internal(id) => format!("#{id}"),
                };
                with_children(
                    arena,
                    NodeValue::Link(Box::new(NodeLink {
                        url,
                        title: String::new(),
                    })),
                    content,
                )
            }
            Inline::Image { src, alt } => with_children(
                arena,
                NodeValue::Image(Box::new(NodeLink {
                    url: src.clone(),
                    title: String::new(),
                })),
                &[Inline::Text(alt.clone())],
            ),
            Inline::Cite { ids, .. } => {
                // Written raw: the formatter would escape the brackets as literal text, and a
                // citation is meant to be read back (by us or Pandoc) as a citation.
                // Spaced from the word before, as Pandoc's citations are written: its
                // author-date styles set the reference where the citation stands.
                let spaced = match index.checked_sub(1).map(|p| &inlines[p]) {
                    Some(Inline::Text(before)) => {
                        !before.ends_with(|c: char| c.is_whitespace() || c == '(' || c == '[')
                    }
                    Some(_) => true,
                    None => false,
                };
                let ids: Vec<String> = ids.iter().map(|id| format!("@{id}")).collect();
                let space = if spaced { " " } else { "" };
                node(
                    arena,
                    NodeValue::Raw(format!("{space}[{}]", ids.join("; "))),
                )
            }
            Inline::FootnoteRef(number) => node(
                arena,
                NodeValue::FootnoteReference(Box::new(NodeFootnoteReference {
                    name: number.to_string(),
                    texts: Vec::new(),
                    ref_num: 1,
                    ix: *number,
                })),
            ),
            Inline::SoftBreak => node(arena, NodeValue::SoftBreak),
            Inline::LineBreak => node(arena, NodeValue::LineBreak),
            // Review markup (the comparison's changes file) as CriticMarkup, written raw so
            // its braces are read back as markup.
            Inline::Review { mark, content } => {
                let (open, close) = match mark {
                    ReviewMark::Inserted => ("{++", "++}"),
                    ReviewMark::Deleted => ("{--", "--}"),
                    ReviewMark::Highlight => ("{==", "==}"),
                    ReviewMark::Note(n) => {
                        parent.append(node(arena, NodeValue::Raw(format!("[C{n}]"))));
                        continue;
                    }
                };
                parent.append(node(arena, NodeValue::Raw(open.into())));
                append_inlines(arena, parent, content);
                node(arena, NodeValue::Raw(close.into()))
            }
        };
        parent.append(n);
    }
}

fn with_children<'a>(arena: &'a Arena<'a>, value: NodeValue, content: &[Inline]) -> Node<'a> {
    let n = node(arena, value);
    append_inlines(arena, n, content);
    n
}

/// One more backtick than the longest run inside, so code containing backticks survives.
fn backticks_for(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest + 1
}
