//! A briefing as Typst markup, for setting the same words with Typst and comparing the
//! pages: the composed document (any variant, punctuation typeset), in the same fonts, page,
//! margins, size and leading, justified and hyphenated, notes as Typst footnotes. Not an
//! export: cover, banners and furniture are left to each engine's plainest form.

use std::fmt::Write as _;

use briefdesk::compose::{ComposeOptions, compose};
use briefdesk::doc::{Block, BlockKind, Document, Inline};
use briefdesk::model::{Briefing, PageSize, Variant};

/// Prints the Typst markup of `briefing` (the variant's sections).
pub fn print(briefing: &Briefing, variant: Option<Variant>) {
    let options = ComposeOptions {
        variant,
        ..ComposeOptions::default()
    };
    let mut document = compose(briefing, &options).document;
    briefdesk::compose::punctuation::typeset(&mut document);
    print!("{}", markup(&document));
}

fn markup(document: &Document) -> String {
    let meta = &document.meta;
    let (size, leading) = if meta.compact {
        (10.0, 13.2)
    } else {
        (10.5, 14.6)
    };
    let paper = match meta.page_size {
        PageSize::A4 => "a4",
        PageSize::Letter => "us-letter",
    };
    let m = &meta.margins;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "#set page(paper: \"{paper}\", margin: (top: {}mm, right: {}mm, bottom: {}mm, left: {}mm), numbering: \"1\")",
        m.top.0, m.right.0, m.bottom.0, m.left.0
    );
    // Line height = size + leading gap when a line's box runs from 1 em above the baseline.
    let _ = writeln!(
        out,
        "#set text(font: \"Noto Serif\", size: {size}pt, lang: \"en\", hyphenate: true, top-edge: 1em, bottom-edge: \"baseline\")"
    );
    let _ = writeln!(
        out,
        "#set par(justify: true, leading: {:.2}pt, spacing: {:.2}pt)",
        leading - size,
        leading * 0.6 + (leading - size)
    );
    let _ = writeln!(
        out,
        "#show heading: set text(font: \"Noto Sans\", weight: \"bold\")\n#set heading(numbering: {})",
        if meta.numbered_headings {
            "\"1.1\""
        } else {
            "none"
        }
    );
    let _ = writeln!(
        out,
        "#text(font: \"Noto Sans\", size: 20pt, weight: \"bold\")[{}]\n",
        escape(&meta.title)
    );
    if !meta.subtitle.is_empty() {
        let _ = writeln!(out, "#text(size: 13pt)[{}]\n", escape(&meta.subtitle));
    }
    if !meta.compact {
        let _ = writeln!(
            out,
            "#outline(depth: {})\n#pagebreak()\n",
            meta.contents_depth
        );
    }
    for section in &document.sections {
        let _ = writeln!(out, "= {}\n", inlines(&section.title, document));
        blocks(&mut out, &section.blocks, document, 0);
        if section
            .blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::SourceList))
        {
            for entry in &document.sources {
                let _ = writeln!(
                    out,
                    "#par(justify: false)[#text(size: 9.5pt)[{}]]\n",
                    inlines(&entry.content, document)
                );
            }
        }
    }
    out
}

fn blocks(out: &mut String, list: &[Block], document: &Document, depth: usize) {
    let pad = "  ".repeat(depth);
    for block in list {
        match &block.kind {
            BlockKind::Heading { level, content } => {
                let _ = writeln!(
                    out,
                    "{} {}\n",
                    "=".repeat(usize::from(*level)),
                    inlines(content, document)
                );
            }
            BlockKind::Paragraph(content) => {
                let _ = writeln!(out, "{pad}{}\n", inlines(content, document));
            }
            BlockKind::List { start, items, .. } => {
                for item in items {
                    let mark = if start.is_some() { "+" } else { "-" };
                    let mut inner = String::new();
                    blocks(&mut inner, &item.blocks, document, depth + 1);
                    let _ = writeln!(out, "{pad}{mark} {}", inner.trim());
                }
                out.push('\n');
            }
            BlockKind::Quote(inner) => {
                let mut text = String::new();
                blocks(&mut text, inner, document, 0);
                let _ = writeln!(out, "#quote(block: true)[{}]\n", text.trim());
            }
            BlockKind::Code { text, .. } => {
                let _ = writeln!(out, "```\n{text}```\n");
            }
            BlockKind::Table {
                header,
                rows,
                caption,
                ..
            } => {
                let columns = header.len().max(1);
                let cells: Vec<String> = header
                    .iter()
                    .chain(rows.iter().flatten())
                    .map(|cell| format!("[{}]", inlines(cell, document)))
                    .collect();
                let body = format!(
                    "#table(columns: {columns}, stroke: 0.4pt, align: left, {})",
                    cells.join(", ")
                );
                match caption {
                    Some(caption) => {
                        let _ = writeln!(
                            out,
                            "#figure(kind: table, caption: [{}])[{body}]\n",
                            inlines(&caption.text, document)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "#text(size: 9.5pt)[{body}]\n");
                    }
                }
            }
            // Bodies are set where their marks are, as Typst's footnotes are.
            BlockKind::Footnote { .. } | BlockKind::SourceList => {}
            BlockKind::Figure { alt, .. } => {
                let _ = writeln!(out, "[{}]\n", escape(alt));
            }
            BlockKind::Rule => out.push_str("#line(length: 100%)\n\n"),
            BlockKind::PageBreak => out.push_str("#pagebreak()\n\n"),
        }
    }
}

fn inlines(list: &[Inline], document: &Document) -> String {
    let mut out = String::new();
    for inline in list {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Emph(c) => {
                let _ = write!(out, "#emph[{}]", inlines(c, document));
            }
            Inline::Strong(c) => {
                let _ = write!(out, "#strong[{}]", inlines(c, document));
            }
            Inline::Strike(c) => {
                let _ = write!(out, "#strike[{}]", inlines(c, document));
            }
            Inline::Review { content, .. } => out.push_str(&inlines(content, document)),
            Inline::Code(t) => {
                let _ = write!(
                    out,
                    "#raw(\"{}\")",
                    t.replace('\\', "\\\\").replace('"', "\\\"")
                );
            }
            Inline::Link { content, .. } => out.push_str(&inlines(content, document)),
            Inline::Image { alt, .. } => out.push_str(&escape(alt)),
            Inline::Cite { text, .. } if !text.is_empty() => out.push_str(&inlines(text, document)),
            Inline::Cite { note, .. } | Inline::FootnoteRef(note) => {
                let _ = write!(out, "#footnote[{}]", note_text(*note, document));
            }
            Inline::SoftBreak => out.push(' '),
            Inline::LineBreak => out.push_str("\\\n"),
        }
    }
    out
}

fn note_text(number: u32, document: &Document) -> String {
    for section in &document.sections {
        for block in &section.blocks {
            if let BlockKind::Footnote {
                number: n, blocks, ..
            } = &block.kind
                && *n == number
            {
                let mut text = String::new();
                for inner in blocks {
                    if let BlockKind::Paragraph(content) = &inner.kind {
                        text.push_str(&inlines(content, document));
                        text.push(' ');
                    }
                }
                return text.trim().to_owned();
            }
        }
    }
    String::new()
}

/// Text as Typst markup reads it literally.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '#'
                | '*'
                | '_'
                | '['
                | ']'
                | '$'
                | '<'
                | '>'
                | '@'
                | '`'
                | '='
                | '-'
                | '+'
                | '/'
                | '~'
                | '"'
                | '\''
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
