//! Blocks into flow items: paragraphs, headings, quotes, code, rules, page breaks, the
//! sources list and footnotes, each tagged with its structure node.

use super::{
    Context, FlowItem, MIN_NESTED_WIDTH, QUOTE_INDENT, body_style, plain, plain_text_of, shift,
    stamp,
};
use crate::doc::{Block, BlockKind, Inline};
use crate::layout::fonts::Family;
use crate::layout::page::{Artifact, Item, Kind, Pt, Rect, Rgb, Role};
use crate::layout::paragraph::{self, Align, Shape, Style};

impl Context<'_> {
    pub(super) fn blocks(
        &mut self,
        blocks: &[Block],
        indent: Pt,
        width: Pt,
        role: Role,
        tight: bool,
        out: &mut Vec<FlowItem>,
    ) {
        for (index, block) in blocks.iter().enumerate() {
            if let Some(parts) = self.split_wide_table(block, width) {
                self.blocks(&parts, indent, width, role, tight && index == 0, out);
                continue;
            }
            let gap = if tight && index == 0 {
                Pt::ZERO
            } else if tight {
                Pt(2.0)
            } else {
                self.scale.gap
            };
            let first_item = out.len();
            let kind = match &block.kind {
                BlockKind::Paragraph(_) => Some(Kind::P),
                BlockKind::Heading { level, .. } => {
                    // Tagged without a skip even where the author skipped a level.
                    let level = (*level).min(self.last_heading + 1);
                    self.last_heading = level;
                    Some(Kind::H(level))
                }
                BlockKind::List { .. } | BlockKind::SourceList => Some(Kind::L),
                BlockKind::Quote(_) => Some(Kind::BlockQuote),
                BlockKind::Code { .. } => Some(Kind::Code),
                BlockKind::Table { .. } => Some(Kind::Table),
                BlockKind::Figure { .. }
                | BlockKind::Footnote { .. }
                | BlockKind::Rule
                | BlockKind::PageBreak => None,
            };
            let node = kind.map(|k| self.open(k));
            let outer = self.parent;
            if node.is_some() {
                self.parent = node;
            }
            self.block(block, indent, width, role, gap, out);
            self.parent = outer;
            if let Some(node) = node {
                stamp(&mut out[first_item..], node);
            }
        }
    }

    /// One block, its structure node already open.
    pub(super) fn block(
        &mut self,
        block: &Block,
        indent: Pt,
        width: Pt,
        role: Role,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        match &block.kind {
            BlockKind::Paragraph(content) => {
                let spans = self.spans(content, body_style(&self.scale));
                let shape = Shape {
                    width,
                    leading: self.scale.leading,
                    justify: true,
                    hyphenate: true,
                    align: Align::Start,
                    role,
                };
                self.paragraph_items(&spans, &shape, indent, gap, out);
            }
            BlockKind::Heading { level, content } => {
                // A heading of the section's own text (not inside a quote or list) is a
                // place the contents can link to.
                let anchor = (indent == Pt::ZERO && role == Role::Paragraph).then(|| {
                    self.headings += 1;
                    super::heading_anchor(&self.section, self.headings)
                });
                self.heading_items(*level, content, indent, width, anchor, out);
            }
            BlockKind::List {
                start,
                tight,
                items,
            } => self.list(*start, *tight, items, indent, width, gap, out),
            BlockKind::Quote(inner) => {
                let first = out.len();
                // Past the deepest indent that leaves a readable measure, no further inset.
                let inset = if width - QUOTE_INDENT < MIN_NESTED_WIDTH {
                    Pt::ZERO
                } else {
                    QUOTE_INDENT
                };
                self.blocks(
                    inner,
                    indent + inset,
                    width - inset,
                    Role::Quote,
                    false,
                    out,
                );
                if let Some(head) = out.get_mut(first) {
                    head.space_before = gap;
                }
                // A quote set without inset has no bar of its own: it would cross the text.
                let bars = if inset > Pt::ZERO {
                    &mut out[first..]
                } else {
                    &mut []
                };
                for (i, item) in bars.iter_mut().enumerate() {
                    // The bar bridges the gaps between the quote's own paragraphs.
                    let top = if i == 0 { Pt::ZERO } else { -item.space_before };
                    item.draws.insert(
                        0,
                        Item::Fill {
                            rect: Rect {
                                x: indent + Pt(2.0),
                                y: top,
                                w: Pt(2.0),
                                h: item.height - top,
                            },
                            color: Rgb::RULE,
                            role: Role::Artifact(Artifact::Decoration),
                        },
                    );
                }
            }
            BlockKind::Code { text, .. } => self.code(text, indent, width, gap, out),
            BlockKind::Table {
                align,
                header,
                rows,
                caption,
            } => self.table(
                align,
                header,
                rows,
                caption.as_ref(),
                indent,
                width,
                gap,
                out,
            ),
            BlockKind::Figure { src, alt, title } => {
                self.figure(src, alt, title, indent, width, gap, out);
            }
            BlockKind::Footnote { .. } => {}
            BlockKind::Rule => {
                let mut item = FlowItem {
                    height: Pt(10.0),
                    space_before: gap,
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                };
                item.draws.push(Item::Line {
                    from: (indent + width * 0.3, Pt(5.0)),
                    to: (indent + width * 0.7, Pt(5.0)),
                    width: Pt(0.6),
                    color: Rgb::RULE,
                });
                out.push(item);
            }
            BlockKind::PageBreak => {
                if let Some(last) = out.last_mut() {
                    last.keep_with_next = false;
                }
                out.push(FlowItem {
                    break_before: true,
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                });
            }
            BlockKind::SourceList => {
                let sources = self.document.sources.clone();
                // In order of first citation, unnumbered: the footnotes carry the
                // references, so numbers here would only compete with theirs.
                let list = self.parent;
                for (i, source) in sources.iter().enumerate() {
                    let first = out.len();
                    let li = self.open(Kind::LI);
                    self.parent = Some(li);
                    let body = self.open(Kind::LBody);
                    self.parent = list;
                    let mut style = body_style(&self.scale);
                    style.size = Pt(9.5);
                    let spans = self.spans(&source.content, style);
                    let shape = Shape {
                        width,
                        leading: Pt(13.0),
                        justify: false,
                        hyphenate: false,
                        align: Align::Start,
                        role: Role::SourceEntry,
                    };
                    self.paragraph_items(
                        &spans,
                        &shape,
                        indent,
                        if i == 0 { gap } else { Pt(4.0) },
                        out,
                    );
                    stamp(&mut out[first..], body);
                }
            }
        }
    }

    pub(super) fn code(
        &mut self,
        text: &str,
        indent: Pt,
        width: Pt,
        gap: Pt,
        out: &mut Vec<FlowItem>,
    ) {
        let style = Style::new(Family::Mono, Pt(8.6));
        let pad = Pt(6.0);
        let first = out.len();
        let source = text.strip_suffix('\n').unwrap_or(text);
        for line_text in source.split('\n') {
            // Indentation is part of the code: non-breaking spaces keep it at line starts.
            let expanded = line_text.replace('\t', "    ");
            let body = expanded.trim_start_matches(' ');
            let indent_spaces = "\u{a0}".repeat(expanded.len() - body.len());
            let spans = vec![plain(&format!("{indent_spaces}{body}"), style)];
            let shape = Shape {
                width: width - 2.0 * pad,
                leading: Pt(11.4),
                justify: false,
                hyphenate: false,
                align: Align::Start,
                role: Role::Code,
            };
            let lines = paragraph::break_lines(self.shaper, &spans, &shape);
            if lines.is_empty() {
                out.push(FlowItem {
                    height: Pt(11.4),
                    section: Some(self.section.clone()),
                    ..FlowItem::default()
                });
            }
            for line in lines {
                out.push(self.line_item(line, indent + pad));
            }
        }
        let last = out.len();
        for (i, item) in out[first..last].iter_mut().enumerate() {
            let top = if i == 0 { pad } else { Pt::ZERO };
            let bottom = if first + i + 1 == last { pad } else { Pt::ZERO };
            for draw in &mut item.draws {
                *draw = shift(draw.clone(), Pt::ZERO, top);
            }
            item.height += top + bottom;
            item.baseline += top;
            item.draws.insert(
                0,
                Item::Fill {
                    rect: Rect {
                        x: indent,
                        y: Pt::ZERO,
                        w: width,
                        h: item.height,
                    },
                    color: Rgb::SHADE,
                    role: Role::Artifact(Artifact::Decoration),
                },
            );
            item.no_break_before = i == 1 || (i > 0 && first + i + 1 == last);
        }
        if let Some(head) = out.get_mut(first) {
            head.space_before = gap;
        }
    }

    pub(super) fn footnote(&mut self, number: u32, blocks: &[Block], width: Pt) -> Vec<FlowItem> {
        let mut out = Vec::new();
        let mut style = Style::new(Family::Serif, Pt(8.2));
        style.color = Rgb::TEXT;
        let mut label = style;
        label.bold = true;
        // The number hangs in a column of its own, right-aligned, and the note's lines align
        // after it; the column fits a three-digit number.
        let (_, widest) =
            crate::layout::text::simple_run(self.shaper, "888", label, Role::Footnote);
        let hang = widest + Pt(4.0);
        for (i, block) in blocks.iter().enumerate() {
            let content = match &block.kind {
                BlockKind::Paragraph(c) => c.clone(),
                other => vec![Inline::Text(plain_text_of(other))],
            };
            let spans = self.spans(&content, style);
            let shape = Shape {
                width: width - hang,
                leading: Pt(10.4),
                justify: true,
                hyphenate: true,
                align: Align::Start,
                role: Role::Footnote,
            };
            let lines = self.justified_lines(&spans, &shape);
            for (l, line) in lines.into_iter().enumerate() {
                let mut item = self.line_item(line, hang);
                item.no_break_before = true;
                if i == 0 && l == 0 {
                    let (mut run, run_width) = crate::layout::text::simple_run(
                        self.shaper,
                        &number.to_string(),
                        label,
                        Role::Footnote,
                    );
                    run.x = hang - Pt(4.0) - run_width;
                    run.y = item.baseline;
                    // Read before the note's text, apart from it.
                    run.space_after = true;
                    item.draws.insert(0, Item::Text(run));
                }
                out.push(item);
            }
        }
        out
    }
}
