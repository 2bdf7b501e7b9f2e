//! A readable text dump of the document tree, for snapshot tests and debugging. Source lines
//! are left out so that two trees with the same structure dump the same.

use std::fmt::Write as _;

use super::{Block, BlockKind, Document, Inline, LinkTarget, ReviewMark};

/// The document as indented text, one block per line.
pub fn dump(document: &Document) -> String {
    let mut out = String::new();
    for section in &document.sections {
        let _ = writeln!(
            out,
            "section {} {}{}",
            section.id,
            section
                .portion_mark
                .as_deref()
                .map(|m| format!("{m} "))
                .unwrap_or_default(),
            inlines(&section.title)
        );
        blocks(&mut out, &section.blocks, 1);
    }
    for (n, source) in document.sources.iter().enumerate() {
        let _ = writeln!(
            out,
            "source {} {} {}",
            n + 1,
            source.id,
            inlines(&source.content)
        );
    }
    out
}

fn blocks(out: &mut String, list: &[Block], depth: usize) {
    for block in list {
        let pad = "  ".repeat(depth);
        match &block.kind {
            BlockKind::Heading { level, content } => {
                let _ = writeln!(out, "{pad}h{level} {}", inlines(content));
            }
            BlockKind::Paragraph(content) => {
                let _ = writeln!(out, "{pad}p {}", inlines(content));
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => {
                let _ = writeln!(
                    out,
                    "{pad}list {} {}",
                    start.map_or("bullet".to_owned(), |s| format!("from {s}")),
                    if *tight { "tight" } else { "loose" }
                );
                for item in items {
                    let task = match item.task {
                        Some(true) => " [x]",
                        Some(false) => " [ ]",
                        None => "",
                    };
                    let _ = writeln!(out, "{pad}  item{task}");
                    blocks(out, &item.blocks, depth + 2);
                }
            }
            BlockKind::Quote(inner) => {
                let _ = writeln!(out, "{pad}quote");
                blocks(out, inner, depth + 1);
            }
            BlockKind::Code { info, text } => {
                let _ = writeln!(out, "{pad}code {info:?} {text:?}");
            }
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => {
                let _ = writeln!(out, "{pad}table {align:?}");
                if let Some(caption) = caption {
                    let _ = writeln!(
                        out,
                        "{pad}  caption {} {}",
                        caption.number,
                        inlines(&caption.text)
                    );
                }
                let row = |cells: &[Vec<Inline>]| {
                    cells
                        .iter()
                        .map(|c| inlines(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                let _ = writeln!(out, "{pad}  th {}", row(header));
                for r in rows {
                    let _ = writeln!(out, "{pad}  tr {}", row(r));
                }
            }
            BlockKind::Figure { src, alt, title } => {
                let _ = writeln!(out, "{pad}figure {src:?} alt={alt:?} title={title:?}");
            }
            BlockKind::Footnote {
                number,
                blocks: inner,
                citation,
            } => {
                let kind = if *citation { "citation " } else { "" };
                let _ = writeln!(out, "{pad}footnote {kind}{number}");
                blocks(out, inner, depth + 1);
            }
            BlockKind::Rule => {
                let _ = writeln!(out, "{pad}rule");
            }
            BlockKind::PageBreak => {
                let _ = writeln!(out, "{pad}pagebreak");
            }
            BlockKind::SourceList => {
                let _ = writeln!(out, "{pad}sources");
            }
        }
    }
}

fn inlines(list: &[Inline]) -> String {
    let mut out = String::new();
    for inline in list {
        match inline {
            Inline::Text(t) => out.push_str(t),
            Inline::Emph(c) => {
                let _ = write!(out, "*{}*", inlines(c));
            }
            Inline::Strong(c) => {
                let _ = write!(out, "**{}**", inlines(c));
            }
            Inline::Strike(c) => {
                let _ = write!(out, "~~{}~~", inlines(c));
            }
            Inline::Review { mark, content } => {
                let _ = match mark {
                    ReviewMark::Inserted => write!(out, "{{++{}++}}", inlines(content)),
                    ReviewMark::Deleted => write!(out, "{{--{}--}}", inlines(content)),
                    ReviewMark::Highlight => write!(out, "{{=={}==}}", inlines(content)),
                    ReviewMark::Note(n) => write!(out, "[C{n}]"),
                };
            }
            Inline::Code(t) => {
                let _ = write!(out, "`{t}`");
            }
            Inline::Link { target, content } => {
                let target = match target {
                    LinkTarget::External(url) => url.clone(),
                    LinkTarget::Internal(id) => format!("#{id}"),
                };
                let _ = write!(out, "[{}]({target})", inlines(content));
            }
            Inline::Image { src, alt } => {
                let _ = write!(out, "![{alt}]({src})");
            }
            Inline::Cite { ids, note, text } if text.is_empty() => {
                let _ = write!(out, "{{cite {} fn {note}}}", ids.join(","));
            }
            Inline::Cite { ids, text, .. } => {
                let _ = write!(out, "{{cite {} \"{}\"}}", ids.join(","), inlines(text));
            }
            Inline::FootnoteRef(n) => {
                let _ = write!(out, "{{fn {n}}}");
            }
            Inline::SoftBreak => out.push_str("{soft}"),
            Inline::LineBreak => out.push_str("{br}"),
        }
    }
    out
}
